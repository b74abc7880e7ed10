// What the worker keeps of recent scans so that the user can later view a preview, contest a
// verdict or report an incoming image: at most 32 incoming scans (evicting `allow` verdicts
// first, then the oldest) and at most 10 minutes each. Evicted and expired records are zeroed.
// After that the scan is UNKNOWN_SCAN: the app can rescan its stored image to report later.

import { SafesealError } from '../errors.js';

/** Limits: how many incoming scans are kept, and for how long (ms). */
export const MAX_KEPT_SCANS = 32;
export const SCAN_TTL_MS = 10 * 60 * 1000;

/** One record; `wipe` zeroes its buffers (called once, when it leaves the store). */
export interface KeptScan {
  readonly scanId: string;
  readonly direction: 'incoming' | 'outgoing';
  /** Whether the verdict was `allow`: those are evicted first. */
  readonly allowed: boolean;
  /** ms since the epoch when the scan finished. */
  readonly at: number;
  wipe(): void;
}

export class ScanStore<T extends KeptScan> {
  readonly #byId = new Map<string, T>();
  readonly #now: () => number;
  readonly #max: number;
  readonly #ttl: number;

  constructor(now: () => number = Date.now, max = MAX_KEPT_SCANS, ttl = SCAN_TTL_MS) {
    this.#now = now;
    this.#max = max;
    this.#ttl = ttl;
  }

  /** Keeps `scan`, evicting per direction: `allow` verdicts first, then the oldest. */
  add(scan: T): void {
    this.#expire();
    const same = [...this.#byId.values()].filter((s) => s.direction === scan.direction);
    if (same.length >= this.#max) {
      const victim = same.find((s) => s.allowed) ?? same[0];
      this.#drop(victim.scanId);
    }
    this.#byId.set(scan.scanId, scan);
  }

  /**
   * The record of `scanId`.
   * @throws SafesealError UNKNOWN_SCAN (never made here, evicted or expired)
   */
  get(scanId: unknown): T {
    this.#expire();
    const s = typeof scanId === 'string' ? this.#byId.get(scanId) : undefined;
    if (!s) throw new SafesealError('UNKNOWN_SCAN', 'this scan is no longer kept (at most 32 incoming scans, for 10 minutes); scan the image again');
    return s;
  }

  /** Number of records kept. */
  get size(): number {
    this.#expire();
    return this.#byId.size;
  }

  /** Zeroes and forgets everything (dispose). */
  clear(): void {
    for (const id of [...this.#byId.keys()]) this.#drop(id);
  }

  #expire(): void {
    const cutoff = this.#now() - this.#ttl;
    for (const [id, s] of this.#byId) if (s.at < cutoff) this.#drop(id);
  }

  #drop(id: string): void {
    const s = this.#byId.get(id);
    if (!s) return;
    this.#byId.delete(id);
    s.wipe();
  }
}
