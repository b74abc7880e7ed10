// The audit's second check: content that must never appear in what leaves the browser (or in the
// relay's database), searched in every encoding a careless or hostile build might use: raw; hex
// in either case; standard base64 and base64url at each of the three byte offsets a value can
// start at inside a longer base64 string.

/** Something that must not appear, e.g. a message text or an image's PDQ hash. */
export interface Needle {
  readonly what: string;
  readonly bytes: Uint8Array;
  /**
   * Short labels (`test`) occur by chance in base64 text and in fixed asset URLs: their raw form
   * counts only where it stands alone (no letter or digit either side), and their base64 forms
   * are searched for the JSON-quoted label ("test" with quotes), which has enough bits not to
   * occur by chance.
   */
  readonly word?: boolean;
}

/** One encoding of a needle, as the bytes to look for. */
export interface NeedleForm {
  readonly form: string;
  readonly bytes: Buffer;
  readonly word: boolean;
}

/** A needle found in a haystack. */
export interface LeakHit {
  readonly what: string;
  readonly form: string;
  readonly where: string;
  readonly offset: number;
}

/**
 * The base64 characters that depend on `bytes` alone when they start `offset` bytes (0–2) into a
 * longer base64-encoded string: the characters before and after mix in neighbouring bytes.
 */
export function stableBase64(bytes: Uint8Array, offset: number, url = false): string {
  const padded = Buffer.concat([Buffer.alloc(offset), Buffer.from(bytes)]);
  const text = padded.toString(url ? 'base64url' : 'base64');
  const firstBit = 8 * offset;
  const endBit = 8 * (offset + bytes.length);
  const first = Math.ceil(firstBit / 6);
  const end = Math.floor(endBit / 6);
  return text.slice(first, end);
}

/** Every form the audit searches for one needle. */
export function needleForms(needle: Needle): NeedleForm[] {
  const raw = Buffer.from(needle.bytes);
  const hex = raw.toString('hex');
  const forms: NeedleForm[] = [
    { form: 'raw', bytes: raw, word: needle.word === true },
    { form: 'hex', bytes: Buffer.from(hex, 'latin1'), word: false },
    { form: 'HEX', bytes: Buffer.from(hex.toUpperCase(), 'latin1'), word: false },
  ];
  const encoded = needle.word ? Buffer.concat([Buffer.from('"'), raw, Buffer.from('"')]) : raw;
  for (let offset = 0; offset < 3; offset++) {
    const std = stableBase64(encoded, offset);
    const url = stableBase64(encoded, offset, true);
    // base64 and base64url agree unless the value has 62/63 sextets: then one search covers both.
    if (std === url) forms.push({ form: `base64+base64url@${offset}`, bytes: Buffer.from(std, 'latin1'), word: false });
    else {
      forms.push({ form: `base64@${offset}`, bytes: Buffer.from(std, 'latin1'), word: false });
      forms.push({ form: `base64url@${offset}`, bytes: Buffer.from(url, 'latin1'), word: false });
    }
  }
  return forms.filter((f) => f.bytes.length > 0);
}

const isWordByte = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/** Every offset where `form` occurs in `haystack` (standing alone, for word forms). */
export function findForm(haystack: Uint8Array, form: NeedleForm): number[] {
  const hay = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length);
  const out: number[] = [];
  let at = hay.indexOf(form.bytes);
  while (at >= 0) {
    if (!form.word || (!isWordByte(hay[at - 1]) && !isWordByte(hay[at + form.bytes.length]))) out.push(at);
    at = hay.indexOf(form.bytes, at + 1);
  }
  return out;
}

/** Prepared needles: forms computed once, searched in many haystacks. */
export class LeakSearch {
  readonly #forms: { what: string; form: NeedleForm }[];

  constructor(needles: readonly Needle[]) {
    this.#forms = needles.flatMap((n) => needleForms(n).map((form) => ({ what: n.what, form })));
  }

  /** How many (needle, form) pairs each haystack is searched for. */
  get size(): number {
    return this.#forms.length;
  }

  /** Every hit of every needle in `haystack` (labelled `where`). */
  search(haystack: Uint8Array, where: string, skipWords = false): LeakHit[] {
    const hits: LeakHit[] = [];
    for (const { what, form } of this.#forms) {
      if (skipWords && form.word) continue;
      for (const offset of findForm(haystack, form)) hits.push({ what, form: form.form, where, offset });
    }
    return hits;
  }
}

/** `count` windows of `size` bytes spread evenly through `bytes` (a distinctive slice of a file). */
export function windows(bytes: Uint8Array, count = 4, size = 32): Uint8Array[] {
  if (bytes.length <= size) return [bytes];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(((bytes.length - size) * (i + 1)) / (count + 1));
    out.push(bytes.subarray(start, start + size));
  }
  return out;
}
