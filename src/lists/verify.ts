// Verification of a hash list, failing closed in a fixed order: options → layout → k-of-n
// signatures → rollback against the app's persisted state → expiry. Only a list that passes all
// of them is returned.

import { toHex } from '../bytes.js';
import type { Ed25519 } from '../crypto/ed25519.js';
import { SafesealError } from '../errors.js';
import type { ListState } from '../protocol.js';
import { describeValue } from '../check.js';
import { headerDigest, listRoot, signedMessage } from './digests.js';
import { MAX_U53, parseList, type ParsedList } from './format.js';
import { resolveTrust } from './trust.js';

export interface VerifyOptions {
  /** Who may sign, and how many must (see TrustSet). */
  readonly trust: unknown;
  /** Last accepted version per list id: an older sequence, or the same one with another root, is refused. */
  readonly listState?: unknown;
  /** Count keys marked demo-only. Never in production. */
  readonly allowDemoKeys?: boolean;
  /** The current time in ms since the epoch (default Date.now()). */
  readonly now?: number;
}

export interface VerifiedList {
  readonly list: ParsedList;
  /** Root, 64 hex digits. */
  readonly root: string;
  /** Key ids (hex) of the distinct trusted signers whose signatures verified. */
  readonly signers: readonly string[];
}

const ROOT_RE = /^[0-9a-f]{64}$/;

/**
 * True for an object of states, false for undefined.
 * @throws SafesealError INVALID_ARGUMENT for anything else.
 */
function checkListState(listState: unknown): listState is object {
  if (listState === undefined) return false;
  if (typeof listState !== 'object' || listState === null || Array.isArray(listState)) {
    throw new SafesealError('INVALID_ARGUMENT', `"listState" must be an object keyed by list id, got ${describeValue(listState)}`);
  }
  return true;
}

/**
 * The state recorded for `id` in `listState`, or null.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function stateFor(listState: unknown, id: string): ListState | null {
  if (!checkListState(listState) || !Object.hasOwn(listState, id)) return null;
  const s = (listState as Record<string, unknown>)[id] as Partial<ListState> | null;
  const bad = (why: string) => new SafesealError('INVALID_ARGUMENT', `"listState[${JSON.stringify(id)}]" ${why}`);
  if (typeof s !== 'object' || s === null) throw bad('must be an object');
  if (typeof s.sequence !== 'number' || !Number.isInteger(s.sequence) || s.sequence < 0 || s.sequence > MAX_U53)
    throw bad('.sequence must be an integer ≥ 0');
  if (typeof s.root !== 'string' || !ROOT_RE.test(s.root)) throw bad('.root must be 64 lowercase hex digits');
  return { sequence: s.sequence, root: s.root };
}

/**
 * Verifies a hash list against the app's trust set, persisted state and the clock.
 * @throws SafesealError INVALID_ARGUMENT (options), LIST_FORMAT, LIST_SIGNATURE, LIST_ROLLBACK, LIST_EXPIRED
 */
export async function verifyList(bytes: Uint8Array, ed25519: Ed25519, options: VerifyOptions): Promise<VerifiedList> {
  if (!(bytes instanceof Uint8Array)) throw new SafesealError('INVALID_ARGUMENT', `"list" must be bytes, got ${describeValue(bytes)}`);
  if (typeof options !== 'object' || options === null) throw new SafesealError('INVALID_ARGUMENT', '"options" must be an object');
  const { allowDemoKeys = false, now = Date.now() } = options;
  if (typeof allowDemoKeys !== 'boolean') throw new SafesealError('INVALID_ARGUMENT', '"allowDemoKeys" must be a boolean');
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new SafesealError('INVALID_ARGUMENT', '"now" must be a finite number of ms');
  const trust = await resolveTrust(options.trust, allowDemoKeys);
  checkListState(options.listState);

  const list = parseList(bytes);
  const root = await listRoot(list.body);
  const message = signedMessage(await headerDigest(list.headerBytes), root);
  const signers = new Set<string>();
  for (const { keyId, signature } of list.signatures) {
    const id = toHex(keyId);
    const key = trust.counted.get(id);
    if (key && !signers.has(id) && ed25519.verify(signature, message, key)) signers.add(id);
  }
  if (signers.size < trust.threshold) {
    const demo = trust.demoIgnored > 0 ? `; ${trust.demoIgnored} demo-only signer(s) were not counted (allowDemoKeys is off)` : '';
    throw new SafesealError(
      'LIST_SIGNATURE',
      `hash list ${list.id}: ${signers.size} valid signature(s) from distinct trusted signers, ${trust.threshold} required${demo}`,
    );
  }

  const rootHex = toHex(root);
  const previous = stateFor(options.listState, list.id);
  if (previous && (list.sequence < previous.sequence || (list.sequence === previous.sequence && rootHex !== previous.root))) {
    const why =
      list.sequence < previous.sequence
        ? `sequence ${list.sequence} is older than the accepted ${previous.sequence}`
        : `sequence ${list.sequence} was accepted with another root`;
    throw new SafesealError('LIST_ROLLBACK', `hash list ${list.id}: ${why}`);
  }
  if (now > list.notAfter * 1000) {
    throw new SafesealError('LIST_EXPIRED', `hash list ${list.id} expired at ${new Date(list.notAfter * 1000).toISOString()}`);
  }
  return { list, root: rootHex, signers: [...signers].sort() };
}
