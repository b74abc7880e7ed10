// The lists one engine holds, by id: loading (verify, then index), replacing a list by a newer
// version, matching an image's hashes against all of them, and the values status() publishes.

import type { Ed25519 } from '../crypto/ed25519.js';
import { SafesealError } from '../errors.js';
import { describeValue } from '../check.js';
import { PDQ_MATCH_THRESHOLD, PDQ_MAX_THRESHOLD, PDQ_MIN_QUALITY } from '../pdq/constants.js';
import { hexToHash } from '../pdq/hash256.js';
import type { ListInfo, ListMatch, ListState, MatchOptions } from '../protocol.js';
import { categoryAt, loadVerified, type LoadedList } from './loaded-list.js';
import { hashWords } from './pdq-index.js';
import { verifyList } from './verify.js';

/** At most this many lists are held at once. */
export const MAX_LOADED_LISTS = 16;
/** Matching defaults: the PDQ reference's confident-match distance and quality floor. */
export const DEFAULT_MATCH_THRESHOLD = PDQ_MATCH_THRESHOLD;
export const MAX_MATCH_THRESHOLD = PDQ_MAX_THRESHOLD;
export const MIN_PDQ_QUALITY = PDQ_MIN_QUALITY;

/** The hashes of one image, as the engine computes them (hex). */
export interface ImageHashes {
  readonly pdq: string;
  readonly quality: number;
  readonly dihedral: readonly string[];
  readonly sha256: string | null;
}

/**
 * Checks matching options from across the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkMatchOptions(options: unknown): Required<MatchOptions> {
  if (options === undefined) return { dihedral: false, threshold: DEFAULT_MATCH_THRESHOLD };
  if (typeof options !== 'object' || options === null)
    throw new SafesealError('INVALID_ARGUMENT', `"options" must be an object, got ${describeValue(options)}`);
  const { dihedral = false, threshold = DEFAULT_MATCH_THRESHOLD } = options as MatchOptions;
  if (typeof dihedral !== 'boolean') throw new SafesealError('INVALID_ARGUMENT', '"dihedral" must be a boolean');
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0 || threshold > MAX_MATCH_THRESHOLD) {
    throw new SafesealError('INVALID_ARGUMENT', `"threshold" must be an integer from 0 to ${MAX_MATCH_THRESHOLD} (bits)`);
  }
  return { dihedral, threshold };
}

export class ListStore {
  /** Loads libsodium on the first list only: a scanner that never loads a list needs no wasm. */
  readonly #ed25519: () => Promise<Ed25519>;
  readonly #lists = new Map<string, LoadedList>();

  constructor(ed25519: () => Promise<Ed25519>) {
    this.#ed25519 = ed25519;
  }

  /**
   * Verifies a list and holds it, replacing an older version with the same id.
   * @throws SafesealError INVALID_ARGUMENT, LIST_FORMAT, LIST_SIGNATURE, LIST_ROLLBACK, LIST_EXPIRED
   */
  async load(bytes: unknown, options: unknown): Promise<ListInfo> {
    if (!(bytes instanceof ArrayBuffer)) throw new SafesealError('INVALID_ARGUMENT', `"list" must be an ArrayBuffer, got ${describeValue(bytes)}`);
    if (typeof options !== 'object' || options === null) throw new SafesealError('INVALID_ARGUMENT', '"options" must be an object with "trust"');
    const { trust, listState, allowDemoKeys } = options as { trust?: unknown; listState?: unknown; allowDemoKeys?: unknown };
    if (allowDemoKeys !== undefined && typeof allowDemoKeys !== 'boolean')
      throw new SafesealError('INVALID_ARGUMENT', '"allowDemoKeys" must be a boolean');
    // What this engine already accepted counts as state too: a list cannot be rolled back in
    // memory even if the app forgets to pass its state.
    const held: Record<string, ListState> = {};
    for (const [id, l] of this.#lists) held[id] = { sequence: l.info.sequence, root: l.info.root };
    const state = listState === undefined ? held : mergeState(listState, held);
    const verified = await verifyList(new Uint8Array(bytes), await this.#ed25519(), {
      trust,
      listState: state,
      allowDemoKeys: allowDemoKeys === true,
    });
    if (!this.#lists.has(verified.list.id) && this.#lists.size >= MAX_LOADED_LISTS) {
      throw new SafesealError('INVALID_ARGUMENT', `at most ${MAX_LOADED_LISTS} lists can be loaded at once`);
    }
    const loaded = loadVerified(verified);
    this.#lists.set(loaded.info.id, loaded);
    return loaded.info;
  }

  /** The published values of every list held, in load order. */
  infos(): ListInfo[] {
    return [...this.#lists.values()].map((l) => l.info);
  }

  /**
   * Matches one image's hashes against every list held. PDQ is skipped below quality 50.
   * @throws SafesealError NOT_READY (no list loaded), LIST_EXPIRED (a held list has expired).
   */
  match(hashes: ImageHashes, options: Required<MatchOptions>, nowMs: number): { matches: ListMatch[]; pdqUsed: boolean } {
    if (this.#lists.size === 0) throw new SafesealError('NOT_READY', 'no hash list is loaded');
    for (const l of this.#lists.values()) {
      if (nowMs > l.notAfterMs) throw new SafesealError('LIST_EXPIRED', `hash list ${l.info.id} expired at ${l.info.notAfter}; load a newer version`);
    }
    const pdqUsed = hashes.quality >= MIN_PDQ_QUALITY;
    const queries = pdqUsed ? (options.dihedral ? hashes.dihedral : [hashes.pdq]).map((h) => hashWords(hexToHash(h))) : [];
    const sha256 = hashes.sha256 === null ? null : hexToHash(hashes.sha256);
    const matches: ListMatch[] = [];
    for (const l of this.#lists.values()) {
      const best = new Map<number, number>(); // entry index → smallest distance over the queries
      for (const q of queries) {
        l.pdq.search(q, options.threshold, (i, d) => {
          const seen = best.get(i);
          if (seen === undefined || d < seen) best.set(i, d);
        });
      }
      const found: ListMatch[] = [...best].map(([index, distance]) => ({
        list: l.info.id,
        index,
        category: categoryAt(l, index),
        distance,
        kind: 'pdq',
      }));
      const at = sha256 === null ? -1 : l.sha256.indexOf(sha256);
      if (at >= 0) {
        const index = l.pdq.size + at;
        found.push({ list: l.info.id, index, category: categoryAt(l, index), distance: 0, kind: 'sha256' });
      }
      matches.push(...found.sort((a, b) => a.distance - b.distance || a.index - b.index));
    }
    return { matches, pdqUsed };
  }
}

/** The app's state, raised to what this engine holds where that is newer. */
function mergeState(listState: unknown, held: Record<string, ListState>): unknown {
  if (typeof listState !== 'object' || listState === null || Array.isArray(listState)) return listState; // verifyList names the error
  const merged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const id of Object.keys(listState)) merged[id] = (listState as Record<string, unknown>)[id];
  for (const [id, s] of Object.entries(held)) {
    const app = merged[id] as Partial<ListState> | undefined;
    if (app === undefined || (typeof app === 'object' && app !== null && typeof app.sequence === 'number' && app.sequence < s.sequence))
      merged[id] = s;
  }
  return merged;
}
