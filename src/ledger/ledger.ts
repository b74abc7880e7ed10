// The privacy ledger: a hash chain with one entry per sealed report the SDK produced — its hour,
// size and digest, never its contents — so an auditor can reconcile it with what went over the
// wire. Verdict counts are never chained, exported or persisted (docs/ledger in the README).
//   h_0 = 32 zero bytes
//   h_i = SHA-256("safeseal-ledger-v1" ‖ 0x00 ‖ h_{i−1} ‖ u64 BE i ‖ u64 BE hour (Unix seconds)
//                 ‖ u32 BE bytes ‖ SHA-256(envelope))

import { concatBytes, fromHex, toHex } from '../bytes.js';
import { sha256 } from '../crypto/digest.js';

/** One report in the ledger. Hashes are 64 lowercase hex digits. */
export interface LedgerEntry {
  /** 1, 2, 3, … */
  readonly seq: number;
  /** The hour the report was sealed, rounded down: YYYY-MM-DDTHH:00:00Z. */
  readonly hour: string;
  /** Envelope size in bytes. */
  readonly bytes: number;
  /** SHA-256 of the envelope. */
  readonly sha256: string;
  /** h_seq. */
  readonly hash: string;
}

/** The newest entry's position and hash: keep a copy off the device as an anchor. */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

const CONTEXT = Uint8Array.from('safeseal-ledger-v1\0', (c) => c.charCodeAt(0));
const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
export const LEDGER_GENESIS = '0'.repeat(64);

/** h_i from h_{i−1} and entry i's fields; null when a field is malformed. */
export async function ledgerHash(previous: string, seq: number, hour: string, bytes: number, envelopeSha256: string): Promise<string | null> {
  if (!HEX64.test(previous) || !HEX64.test(envelopeSha256) || !HOUR.test(hour)) return null;
  if (!Number.isSafeInteger(seq) || seq < 1 || !Number.isInteger(bytes) || bytes < 0 || bytes > 0xffffffff) return null;
  const seconds = Date.parse(hour) / 1000;
  if (!Number.isInteger(seconds) || seconds < 0 || new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') !== hour) return null;
  const fields = new Uint8Array(20);
  const view = new DataView(fields.buffer);
  view.setBigUint64(0, BigInt(seq));
  view.setBigUint64(8, BigInt(seconds));
  view.setUint32(16, bytes);
  return toHex(await sha256(concatBytes(CONTEXT, fromHex(previous)!, fields, fromHex(envelopeSha256)!)));
}

/**
 * True iff `entries` is a ledger: seq runs 1…n, every hash recomputes from its predecessor, and the
 * anchored `{ seq, hash }`, if given, is present. Without an anchor kept off the device, a rebuilt
 * chain or dropped newest entries go undetected.
 */
export async function verifyLedger(entries: readonly LedgerEntry[], anchor?: LedgerHead): Promise<boolean> {
  if (!Array.isArray(entries)) return false;
  let previous = LEDGER_GENESIS;
  let anchored = anchor === undefined || (anchor.seq === 0 && anchor.hash === LEDGER_GENESIS);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Partial<LedgerEntry> | null;
    if (typeof e !== 'object' || e === null || e.seq !== i + 1) return false;
    const keys = Object.keys(e);
    if (keys.length !== 5 || !['seq', 'hour', 'bytes', 'sha256', 'hash'].every((k) => keys.includes(k))) return false;
    const hash = await ledgerHash(previous, e.seq, e.hour as string, e.bytes as number, e.sha256 as string);
    if (hash === null || hash !== e.hash) return false;
    if (anchor && anchor.seq === e.seq && anchor.hash === hash) anchored = true;
    previous = hash;
  }
  return anchored;
}

/** The ledger one scanner keeps in memory; the app persists `entries` and restores them. */
export class Ledger {
  readonly #entries: LedgerEntry[];
  /** Appends run one after another: each needs the hash before it. */
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(entries: LedgerEntry[]) {
    this.#entries = entries;
  }

  /** An empty ledger, or one restored from entries that verify (else null). */
  static async restore(entries: readonly LedgerEntry[] = []): Promise<Ledger | null> {
    if (!(await verifyLedger(entries))) return null;
    return new Ledger(entries.map((e) => ({ seq: e.seq, hour: e.hour, bytes: e.bytes, sha256: e.sha256, hash: e.hash })));
  }

  /** Records one sealed envelope made at `nowMs`. */
  append(envelope: Uint8Array, nowMs: number): Promise<LedgerEntry> {
    const next = this.#tail.then(() => this.#append(envelope, nowMs));
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #append(envelope: Uint8Array, nowMs: number): Promise<LedgerEntry> {
    const seq = this.#entries.length + 1;
    const hour = new Date(Math.floor(nowMs / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
    const digest = toHex(await sha256(envelope));
    const hash = (await ledgerHash(this.head.hash, seq, hour, envelope.length, digest))!;
    const entry = Object.freeze({ seq, hour, bytes: envelope.length, sha256: digest, hash });
    this.#entries.push(entry);
    return entry;
  }

  /** Every entry, oldest first (copies). */
  get entries(): LedgerEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  /** The newest `{ seq, hash }` (`{ 0, 64 zeros }` when empty). */
  get head(): LedgerHead {
    const last = this.#entries.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: LEDGER_GENESIS };
  }
}
