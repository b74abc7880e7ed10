// Reading PDQ hash files in the formats list operators already hold (docs/hash-list-format.md
// §Importing): the format is detected from the first line of each file, then every line must be
// in it. Pure (no IO): the CLI feeds lines one at a time, so files of tens of millions of hashes
// never become one string. A malformed line stops the import with its line number.

import { SafesealError } from '../errors.js';
import { PDQ_MAX_QUALITY, PDQ_MIN_QUALITY } from '../pdq/constants.js';
import type { ListCategory } from '../taxonomy.js';
import { isListCategory } from './categories.js';
import type { EntryType } from './categories.js';
import { parseCsvLine, TE_CSV_COLUMNS } from './import-csv.js';

export type ImportFormat =
  'hex' | 'safeseal-json' | 'safeseal-jsonl' | 'pdq-photo-hasher' | 'pdq-photo-hasher-details' | 'te-local-file' | 'te-csv' | 'msc4113';

/** One imported hash; category null means the build's --category. */
export interface ImportedEntry {
  readonly type: EntryType;
  /** 64 lowercase hex digits. */
  readonly hash: string;
  readonly category: ListCategory | null;
}

export interface ImportResult {
  readonly source: string;
  readonly format: ImportFormat;
  readonly entries: ImportedEntry[];
  /** Lines or events left out, by reason ("quality < 50", "local_file type url", ...). */
  readonly skipped: Readonly<Record<string, number>>;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
/** pdq-photo-hasher writes this many lines per file with --pdqdih. */
const DIHEDRAL_RUN = 8;
/** MSC4113 event types (stable and unstable prefix) and where each keeps its PDQ hash. */
const MSC_TYPES: Readonly<Record<string, string>> = {
  'm.policy.media_hash': 'm.pdqhash',
  'space.midnightthoughts.policy.media_hash': 'space.midnightthoughts.pdqhash',
};
const MSC_HASH_KEYS = ['m.pdqhash', 'space.midnightthoughts.pdqhash'];
/** A JSON-array file is parsed whole: bound it (policy rooms are small; use JSON lines beyond). */
const MAX_JSON_ARRAY_CHARS = 64 << 20;

/**
 * The format of a file from its first non-blank line (comments allowed only where the format has none).
 * @throws SafesealError INVALID_ARGUMENT when no format fits.
 */
export function detectFormat(line: string, where: string): ImportFormat {
  const t = line.trim();
  if (t.startsWith('[')) return 'msc4113';
  if (t.startsWith('{')) {
    let row: unknown;
    try {
      row = JSON.parse(t);
    } catch {
      throw bad(where, 'not valid JSON');
    }
    const r = (row ?? {}) as Record<string, unknown>;
    if (typeof r.type === 'string' && 'content' in r) return 'msc4113';
    if ((r.type === 'pdq' || r.type === 'sha256') && 'hash' in r) return 'safeseal-jsonl';
    return 'safeseal-json';
  }
  if (HEX64.test(t)) return 'hex';
  if (/^[0-9a-fA-F]{64},/.test(t)) return 'pdq-photo-hasher';
  if (t.startsWith('hash=')) return 'pdq-photo-hasher-details';
  const header = t.split(',').map((c) => c.trim());
  if (header.length === TE_CSV_COLUMNS.length && TE_CSV_COLUMNS.every((c) => header.includes(c))) return 'te-csv';
  if (/^[A-Za-z0-9_.-]+ \S/.test(t)) return 'te-local-file';
  throw bad(where, 'unrecognised hash file format (see docs/hash-list-format.md §Importing for the formats and an example line of each)');
}

const bad = (where: string, why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', `${where}: ${why}`);

/** A quality field: an integer 0..100 (a number, or a string of digits where the format says so). */
function parseQuality(value: unknown, where: string): number {
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > PDQ_MAX_QUALITY)
    throw bad(where, `quality must be an integer from 0 to ${PDQ_MAX_QUALITY}, got ${JSON.stringify(value)}`);
  return n;
}

function parseHex(value: unknown, where: string, what = 'PDQ hash'): string {
  if (typeof value !== 'string' || !HEX64.test(value))
    throw bad(where, `expected a 64-hex ${what}, got ${JSON.stringify(typeof value === 'string' ? value.slice(0, 80) : value)}`);
  return value.toLowerCase();
}

/** Imports the PDQ hashes of one file, line by line. */
export class PdqImporter {
  readonly #source: string;
  #format: ImportFormat | null = null;
  #line = 0;
  readonly #entries: ImportedEntry[] = [];
  readonly #skipped: Record<string, number> = {};
  #csvColumns: number[] = [];
  #firstSkipLine = 0;
  #runName: string | null = null;
  #runLength = 0;
  /** MSC4113 is state: the last event per (type, state key) wins; JSON-array text is buffered. */
  readonly #mscState = new Map<string, string | null>();
  #jsonArray: string[] | null = null;
  #jsonArrayChars = 0;
  #jsonArrayStart = 0;

  /** @param source the file name, used in messages. */
  constructor(source: string) {
    this.#source = source;
  }

  /**
   * Feeds the next line (without its line break).
   * @throws SafesealError INVALID_ARGUMENT naming the file and line.
   */
  addLine(raw: string): void {
    this.#line++;
    const where = `${this.#source}:${this.#line}`;
    if (this.#jsonArray !== null) {
      this.#jsonArrayChars += raw.length + 1;
      if (this.#jsonArrayChars > MAX_JSON_ARRAY_CHARS)
        throw bad(where, `a JSON array of events is limited to ${MAX_JSON_ARRAY_CHARS >> 20} MB; use one event per line`);
      this.#jsonArray.push(raw);
      return;
    }
    const line = raw.trim();
    if (line === '') return;
    if (this.#format === null) {
      this.#format = detectFormat(line, where);
      if (this.#format === 'te-csv') {
        const header = parseCsvLine(line, where);
        this.#csvColumns = TE_CSV_COLUMNS.map((c) => header.indexOf(c));
        return;
      }
      if (this.#format === 'msc4113' && line.startsWith('[')) {
        this.#jsonArray = [raw];
        this.#jsonArrayChars = raw.length;
        this.#jsonArrayStart = this.#line;
        return;
      }
    }
    if (line.startsWith('#') && this.#format !== 'te-csv' && this.#format !== 'msc4113') return;
    switch (this.#format) {
      case 'hex':
        return this.#add('pdq', parseHex(line, where), null, null);
      case 'safeseal-json':
        return this.#safesealJson(line, where);
      case 'safeseal-jsonl':
        return this.#safesealJsonl(line, where);
      case 'pdq-photo-hasher':
        return this.#photoHasher(line, where);
      case 'pdq-photo-hasher-details':
        return this.#photoHasherDetails(line, where);
      case 'te-local-file':
        return this.#localFile(line, where);
      case 'te-csv':
        return this.#teCsv(line, where);
      case 'msc4113':
        return this.#mscEvent(parseJson(line, where), where);
    }
  }

  /**
   * Ends the file and returns what it held.
   * @throws SafesealError INVALID_ARGUMENT (an empty file, or a malformed JSON array).
   */
  finish(): ImportResult {
    if (this.#format === null) throw bad(this.#source, 'holds no hashes');
    if (this.#jsonArray !== null) {
      const where = `${this.#source}:${this.#jsonArrayStart}`;
      const events = parseJson(this.#jsonArray.join('\n'), where);
      if (!Array.isArray(events)) throw bad(where, 'expected a JSON array of policy events');
      events.forEach((e, i) => this.#mscEvent(e, `${this.#source}: event ${i}`));
    }
    if (this.#format === 'msc4113') {
      for (const hash of this.#mscState.values()) if (hash !== null) this.#entries.push({ type: 'pdq', hash, category: null });
    }
    if (this.#entries.length === 0) {
      // Fail closed: a file of which nothing was taken is more likely the wrong file than an empty list.
      const skipped = Object.entries(this.#skipped)
        .map(([why, n]) => `${n} ${why}`)
        .join(', ');
      throw bad(
        this.#firstSkipLine > 0 ? `${this.#source}:${this.#firstSkipLine}` : this.#source,
        `no PDQ hash taken from this file (read as ${this.#format}${skipped === '' ? '' : `; skipped ${skipped}`})`,
      );
    }
    return { source: this.#source, format: this.#format, entries: this.#entries, skipped: { ...this.#skipped } };
  }

  #skip(reason: string): void {
    this.#skipped[reason] = (this.#skipped[reason] ?? 0) + 1;
    if (this.#firstSkipLine === 0) this.#firstSkipLine = this.#line;
  }

  /** Adds a hash unless its known quality is below the floor (unknown quality is kept). */
  #add(type: EntryType, hash: string, category: ListCategory | null, quality: number | null): void {
    if (type === 'pdq' && quality !== null && quality < PDQ_MIN_QUALITY) return this.#skip(`quality < ${PDQ_MIN_QUALITY}`);
    this.#entries.push({ type, hash, category });
  }

  #safesealJson(line: string, where: string): void {
    const row = parseJson(line, where) as Record<string, unknown> | null;
    if (typeof row !== 'object' || row === null) throw bad(where, 'expected a JSON object');
    if (row.error !== undefined) throw bad(where, 'the hash line is an error, not a hash');
    const quality = row.quality === undefined ? null : parseQuality(row.quality, where);
    this.#add('pdq', parseHex(row.pdq, where), null, quality);
  }

  /** `list export --format jsonl` lines: each entry with its own type and category. */
  #safesealJsonl(line: string, where: string): void {
    const row = parseJson(line, where) as Record<string, unknown> | null;
    if (typeof row !== 'object' || row === null || (row.type !== 'pdq' && row.type !== 'sha256'))
      throw bad(where, 'expected {"type":"pdq"|"sha256","hash":…,"category":…}');
    if (row.category !== undefined && !isListCategory(row.category)) throw bad(where, `unknown category ${JSON.stringify(row.category)}`);
    this.#entries.push({
      type: row.type,
      hash: parseHex(row.hash, where, `${row.type} hash`),
      category: (row.category as ListCategory | undefined) ?? null,
    });
  }

  /** Refuses --pdqdih output: 8 consecutive lines for one file are its dihedral hashes. */
  #countRun(filename: string, where: string): void {
    this.#runLength = filename === this.#runName ? this.#runLength + 1 : 1;
    this.#runName = filename;
    if (this.#runLength >= DIHEDRAL_RUN) {
      throw bad(
        where,
        `${DIHEDRAL_RUN} consecutive lines for ${JSON.stringify(filename)}: this is pdq-photo-hasher --pdqdih output (the dihedral hashes of one image), not one hash per image; hash without --pdqdih`,
      );
    }
  }

  /** `hash,quality,filename`, split at the first two commas (file names may hold commas). */
  #photoHasher(line: string, where: string): void {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0) throw bad(where, 'expected hash,quality,filename');
    const hash = parseHex(line.slice(0, a), where);
    if (HEX64.test(line.slice(a + 1, b))) throw bad(where, 'this is pdq-photo-hasher --pdqdih-across output (8 hashes per line); hash without it');
    const quality = parseQuality(line.slice(a + 1, b), where);
    this.#countRun(line.slice(b + 1), where);
    this.#add('pdq', hash, null, quality);
  }

  /** `hash=…,norm=…,delta=…,quality=…,filename=…` (-d); filename is last and may hold commas. */
  #photoHasherDetails(line: string, where: string): void {
    const at = line.indexOf(',filename=');
    if (at < 0) throw bad(where, 'expected hash=…,norm=…,delta=…,quality=…,filename=…');
    const fields = new Map<string, string>();
    for (const part of line.slice(0, at).split(',')) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      if (key === 'xform') throw bad(where, 'this is pdq-photo-hasher --pdqdih -d output (the dihedral hashes of one image); hash without --pdqdih');
      if (eq < 0 || !['hash', 'norm', 'delta', 'quality'].includes(key) || fields.has(key))
        throw bad(where, `unexpected field ${JSON.stringify(part)}`);
      fields.set(key, part.slice(eq + 1));
    }
    if (!fields.has('hash') || !fields.has('quality')) throw bad(where, 'needs hash= and quality=');
    for (const k of ['norm', 'delta']) if (fields.has(k) && !/^\d+$/.test(fields.get(k)!)) throw bad(where, `${k} must be an integer`);
    const hash = parseHex(fields.get('hash'), where);
    const quality = parseQuality(fields.get('quality'), where);
    this.#countRun(line.slice(at + ',filename='.length), where);
    this.#add('pdq', hash, null, quality);
  }

  /** python-threatexchange local_file: `<type> <value>`; only pdq is taken. */
  #localFile(line: string, where: string): void {
    const sp = line.indexOf(' ');
    if (sp <= 0) throw bad(where, 'expected "<signal type> <value>"');
    const type = line.slice(0, sp);
    if (type !== 'pdq') return this.#skip(`local_file type ${type}`);
    this.#add('pdq', parseHex(line.slice(sp + 1).trim(), where), null, null);
  }

  /** python-threatexchange `dataset --csv`: pdq rows with category POSITIVE_CLASS only. */
  #teCsv(line: string, where: string): void {
    const cells = parseCsvLine(line, where);
    if (cells.length !== TE_CSV_COLUMNS.length)
      throw bad(where, `expected ${TE_CSV_COLUMNS.length} columns (${TE_CSV_COLUMNS.join(',')}), got ${cells.length}`);
    const [type, value, , category] = this.#csvColumns.map((i) => cells[i]);
    if (type !== 'pdq') return this.#skip(`te-csv signal_type ${type}`);
    const hash = parseHex(value, where);
    if (category !== 'POSITIVE_CLASS') return this.#skip(`te-csv category ${category === '' ? '(none)' : category}`);
    this.#add('pdq', hash, null, null);
  }

  /** One MSC4113 policy event: sets the PDQ hash of its state key, or removes it (empty content). */
  #mscEvent(event: unknown, where: string): void {
    const e = event as { type?: unknown; state_key?: unknown; content?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.type !== 'string') throw bad(where, 'expected a Matrix event with "type" and "content"');
    if (!Object.hasOwn(MSC_TYPES, e.type)) return this.#skip(`event type ${e.type}`);
    const content = e.content as Record<string, unknown> | null | undefined;
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw bad(where, '"content" must be an object');
    const key = MSC_HASH_KEYS.find((k) => Object.hasOwn(content, k));
    if (Object.keys(content).length === 0) {
      if (typeof e.state_key !== 'string' || e.state_key === '')
        throw bad(where, 'an empty policy (a removal) needs the "state_key" of the hash it removes');
      this.#mscState.set(`${e.type}\0${e.state_key}`, null);
      return;
    }
    if (key === undefined) return this.#skip(`${e.type} without a PDQ hash`);
    const pdq = content[key] as { hash?: unknown; quality?: unknown } | null;
    if (typeof pdq !== 'object' || pdq === null) throw bad(where, `"${key}" must be an object with "hash" and "quality"`);
    const hash = parseHex(pdq.hash, where);
    const stateKey = typeof e.state_key === 'string' && e.state_key !== '' ? e.state_key : hash;
    const quality = pdq.quality === undefined ? null : parseQuality(pdq.quality, where);
    if (quality !== null && quality < PDQ_MIN_QUALITY) {
      this.#mscState.delete(`${e.type}\0${stateKey}`);
      return this.#skip(`quality < ${PDQ_MIN_QUALITY}`);
    }
    this.#mscState.set(`${e.type}\0${stateKey}`, hash);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad(where, 'not valid JSON');
  }
}

/** "N PDQ entries: a from hex (f.txt), …; skipped: k quality < 50, …" for a set of imports. */
export function describeImports(results: readonly ImportResult[], merged: number): string {
  const from = results.map((r) => `${r.entries.length} from ${r.format} (${r.source})`).join(', ');
  const skipped = new Map<string, number>();
  for (const r of results) for (const [why, n] of Object.entries(r.skipped)) skipped.set(why, (skipped.get(why) ?? 0) + n);
  const total = results.reduce((n, r) => n + r.entries.length, 0);
  const skips = skipped.size === 0 ? 'none' : [...skipped].map(([why, n]) => `${n} ${why}`).join(', ');
  return `imported ${total} entries: ${from}; skipped ${[...skipped.values()].reduce((a, b) => a + b, 0)} (${skips}); ${merged} duplicates merged`;
}
