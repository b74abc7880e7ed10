// AVIF (and the HEIF family it belongs to): ISO-BMFF boxes. Identifies the brand from `ftyp`,
// walks the top-level boxes (each must fit the file), finds the primary item in `meta` (`pitm`)
// and its size from the `ispe` property associated with it (`iprp` → `ipco` + `ipma`). Every
// `ispe` — tiles, alpha and thumbnails too — must be within the pixel limit, since decoders
// allocate for each. HEIC (HEVC-coded HEIF) is recognised only to be refused by name.

import { SafesealError } from '../errors.js';
import { fourcc, truncated, u16be, u32be } from './bytes.js';

/** AVIF still-image and image-sequence brands. */
const AVIF_BRANDS = ['avif', 'avis'];
/** HEVC-coded HEIF brands (HEIC): no browser but Safari decodes them. */
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'];
/** Boxes nested deeper than this are refused: real files use 3 or 4 levels. */
const MAX_BOXES = 4096;

interface Box {
  readonly type: string;
  /** Start of the payload (after the header) and end of the box. */
  readonly start: number;
  readonly end: number;
}

/** The boxes between `from` and `to`; each must fit. @throws CORRUPT_IMAGE */
function boxes(b: Uint8Array, from: number, to: number, what: string): Box[] {
  const out: Box[] = [];
  let pos = from;
  while (pos < to) {
    if (out.length >= MAX_BOXES) throw new SafesealError('CORRUPT_IMAGE', `${what}: too many boxes`);
    if (pos + 8 > to) throw truncated(`${what} box header`);
    let size = u32be(b, pos, what);
    const type = fourcc(b, pos + 4, what);
    let header = 8;
    if (size === 1) {
      // 64-bit size: anything above 2^32 cannot fit an in-memory file anyway.
      if (u32be(b, pos + 8, what) !== 0) throw truncated(`${what}: ${type} box runs past the end`);
      size = u32be(b, pos + 12, what);
      header = 16;
    } else if (size === 0) {
      size = to - pos; // to the end
    }
    if (size < header) throw new SafesealError('CORRUPT_IMAGE', `${what}: ${type} box has an invalid size`);
    if (pos + size > to) throw truncated(`${what}: ${type} box runs past the end`);
    out.push({ type, start: pos + header, end: pos + size });
    pos += size;
  }
  return out;
}

const find = (list: Box[], type: string): Box | undefined => list.find((x) => x.type === type);

function brandsOf(b: Uint8Array, ftyp: Box): string[] {
  if (ftyp.end - ftyp.start < 8) throw truncated('ftyp box');
  const brands = [fourcc(b, ftyp.start, 'ftyp')];
  for (let p = ftyp.start + 8; p + 4 <= ftyp.end; p += 4) brands.push(fourcc(b, p, 'ftyp'));
  return brands;
}

/** True if the bytes are an ISO-BMFF file (a `ftyp` box first). */
export function isIsoBmff(b: Uint8Array): boolean {
  return b.length >= 12 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70;
}

/** The primary item's id from `pitm`. */
function primaryItem(b: Uint8Array, pitm: Box): number {
  const version = b[pitm.start];
  return version === 0 ? u16be(b, pitm.start + 4, 'pitm') : u32be(b, pitm.start + 4, 'pitm');
}

/** 1-based indexes into `ipco` of the properties associated with `item`, from `ipma`. */
function propertiesOf(b: Uint8Array, ipma: Box, item: number): number[] {
  const version = b[ipma.start];
  const wide = (b[ipma.start + 3] & 1) === 1;
  let p = ipma.start + 4;
  const count = u32be(b, p, 'ipma');
  p += 4;
  for (let i = 0; i < count; i++) {
    if (p >= ipma.end) throw truncated('ipma');
    const id = version < 1 ? u16be(b, p, 'ipma') : u32be(b, p, 'ipma');
    p += version < 1 ? 2 : 4;
    if (p + 1 > ipma.end) throw truncated('ipma');
    const n = b[p++];
    const indexes: number[] = [];
    for (let j = 0; j < n; j++) {
      if (p + (wide ? 2 : 1) > ipma.end) throw truncated('ipma');
      indexes.push(wide ? u16be(b, p, 'ipma') & 0x7fff : b[p] & 0x7f);
      p += wide ? 2 : 1;
    }
    if (id === item) return indexes;
  }
  return [];
}

/**
 * The format and dimensions of an AVIF, with its structure checked and every image size within
 * `limit` (which throws IMAGE_TOO_LARGE).
 * @throws SafesealError UNSUPPORTED_FORMAT (HEIC and other HEIF brands, AVIF sequences without a
 *   still image), CORRUPT_IMAGE (boxes that do not fit, no primary item or size, no image data)
 */
export function inspectAvif(b: Uint8Array, limit: (width: number, height: number, what: string) => void): { width: number; height: number } {
  const top = boxes(b, 0, b.length, 'AVIF');
  if (top[0]?.type !== 'ftyp') throw new SafesealError('CORRUPT_IMAGE', 'ISO-BMFF file does not start with ftyp');
  const brands = brandsOf(b, top[0]);
  if (!brands.some((x) => AVIF_BRANDS.includes(x))) {
    const heic = brands.some((x) => HEIC_BRANDS.includes(x));
    throw new SafesealError(
      'UNSUPPORTED_FORMAT',
      heic
        ? 'HEIC images are not supported (browsers other than Safari cannot display them); convert to JPEG or AVIF'
        : `ISO-BMFF files with brands ${brands
            .filter((x) => /^[\x20-\x7e]{4}$/.test(x))
            .slice(0, 4)
            .join(', ')} are not supported (AVIF is)`,
    );
  }
  const metas = top.filter((x) => x.type === 'meta');
  if (metas.length !== 1) {
    if (metas.length === 0 && brands.includes('avis'))
      throw new SafesealError('UNSUPPORTED_FORMAT', 'AVIF image sequences without a still image are not supported');
    throw new SafesealError('CORRUPT_IMAGE', `AVIF must have one meta box, has ${metas.length}`);
  }
  const meta = metas[0];
  // meta is a FullBox: 4 bytes of version and flags before its children.
  const inner = boxes(b, meta.start + 4, meta.end, 'AVIF meta');
  const pitm = find(inner, 'pitm');
  const iprp = find(inner, 'iprp');
  if (!pitm || !iprp || !find(inner, 'iloc') || !find(inner, 'iinf'))
    throw new SafesealError('CORRUPT_IMAGE', 'AVIF meta lacks pitm, iloc, iinf or iprp');
  if (!top.some((x) => x.type === 'mdat') && !find(inner, 'idat')) throw new SafesealError('CORRUPT_IMAGE', 'AVIF has no image data (mdat)');
  const props = boxes(b, iprp.start, iprp.end, 'AVIF iprp');
  const ipco = find(props, 'ipco');
  const ipma = find(props, 'ipma');
  if (!ipco || !ipma) throw new SafesealError('CORRUPT_IMAGE', 'AVIF iprp lacks ipco or ipma');
  const list = boxes(b, ipco.start, ipco.end, 'AVIF ipco');
  const sizeAt = (box: Box): [number, number] => {
    if (box.end - box.start < 12) throw truncated('AVIF ispe');
    return [u32be(b, box.start + 4, 'ispe'), u32be(b, box.start + 8, 'ispe')];
  };
  for (const box of list) if (box.type === 'ispe') limit(...sizeAt(box), 'AVIF item');
  const primary = primaryItem(b, pitm);
  const ispe = propertiesOf(b, ipma, primary)
    .map((i) => list[i - 1])
    .find((box) => box?.type === 'ispe');
  if (!ispe) throw new SafesealError('CORRUPT_IMAGE', 'AVIF primary item has no size (ispe)');
  const [width, height] = sizeAt(ispe);
  return { width, height };
}
