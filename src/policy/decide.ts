// decide(): the one place that turns signals into an action. Pure: it sees classifier scores
// (sexual, suggestive), list-match categories, an error code and the allowlist flag — never the
// model, the pixels or the hashes — so it can be tested branch by branch.

import { checkBoolean, checkNumber, checkObject, checkOneOf, checkOptions } from '../check.js';
import { SafesealError, ERROR_CODES, type ErrorCode } from '../errors.js';
import { CATEGORIES, LIST_CATEGORIES, REASONS, type Category, type ListCategory, type Reason } from '../taxonomy.js';
import { classifierRuns, DEFAULT_AUDIENCE, DEFAULT_ON_ERROR, DEFAULT_ON_KNOWN_MATCH, DEFAULT_THRESHOLDS, PROFILES } from './profiles.js';
import {
  ACTIONS,
  AUDIENCES,
  CHECK_ERROR_CODES,
  DIRECTIONS,
  ON_ERROR,
  ON_KNOWN_MATCH,
  type Action,
  type Audience,
  type CheckErrorCode,
  type ClassifierCategory,
  type Decision,
  type Direction,
  type OnError,
  type OnKnownMatch,
  type PolicyOptions,
  type PromptKind,
} from './types.js';

/** A policy with every default filled in. */
export interface ResolvedPolicy {
  readonly audience: Audience;
  readonly thresholds: { readonly [C in ClassifierCategory]: number };
  readonly onError: OnError;
  readonly onKnownMatch: OnKnownMatch;
}

/** What one scan found, as far as the policy may know it. */
export interface DecisionInput {
  readonly direction: Direction;
  /** The classifier's scores in [0, 1]; absent when it did not run (see `classifierRuns`) or failed. */
  readonly scores?: { readonly sexual: number; readonly suggestive: number };
  /** Categories of the list entries matched (a ListMatch has more; only the category matters here). */
  readonly matches?: readonly { readonly category: ListCategory }[];
  /** Why (part of) the check failed: a whole-image failure, the classifier's or the lists'. */
  readonly error?: ErrorCode;
  /** The user marked this very image "not sensitive": the classifier does not flag it again. */
  readonly allowlisted?: boolean;
}

/** Failures of the classifier alone: the lists were still matched. */
const CLASSIFIER_ERRORS: readonly ErrorCode[] = ['NOT_READY', 'MODEL_LOAD', 'MODEL_INTEGRITY'];

/** Policies made by resolvePolicy: only these skip the checks (a frozen look-alike does not). */
const RESOLVED = new WeakSet<object>();

/**
 * Checks policy options and fills in the defaults.
 * @throws SafesealError INVALID_ARGUMENT for unknown keys or values out of range
 */
export function resolvePolicy(options?: PolicyOptions, name = 'policy'): ResolvedPolicy {
  const o = checkOptions(options, name, ['audience', 'thresholds', 'onError', 'onKnownMatch']);
  const t = checkOptions(o.thresholds, `${name}.thresholds`, ['sexual', 'suggestive']);
  const threshold = (c: ClassifierCategory): number =>
    t[c] === undefined ? DEFAULT_THRESHOLDS[c] : checkNumber(t[c], `${name}.thresholds.${c}`, 0, 1);
  const resolved: ResolvedPolicy = Object.freeze({
    audience: o.audience === undefined ? DEFAULT_AUDIENCE : checkOneOf(o.audience, `${name}.audience`, AUDIENCES),
    thresholds: Object.freeze({ sexual: threshold('sexual'), suggestive: threshold('suggestive') }),
    onError: o.onError === undefined ? DEFAULT_ON_ERROR : checkOneOf(o.onError, `${name}.onError`, ON_ERROR),
    onKnownMatch: o.onKnownMatch === undefined ? DEFAULT_ON_KNOWN_MATCH : checkOneOf(o.onKnownMatch, `${name}.onKnownMatch`, ON_KNOWN_MATCH),
  });
  RESOLVED.add(resolved);
  return resolved;
}

const isCheckError = (code: ErrorCode): code is CheckErrorCode => (CHECK_ERROR_CODES as readonly string[]).includes(code);
const severity = (a: Action): number => ACTIONS.indexOf(a);

interface Contribution {
  readonly action: Exclude<Action, 'allow'>;
  readonly reason: Reason;
  readonly category?: Category;
  readonly error?: CheckErrorCode;
}

/**
 * The action for one scan, and the categories and reasons it acted on (both empty for `allow`).
 * The most severe contribution wins: a list match (`test` always blocks, `known-abuse` by
 * `onKnownMatch`), a classifier category at or above its threshold (by the audience profile),
 * a failure (by `onError`). An allowlisted image is not flagged by the classifier; a list match
 * is never suppressed. A classifier failure does not count where the classifier would not run
 * (adults' outgoing images) or for an allowlisted image.
 * @throws SafesealError with the input's own code for INVALID_ARGUMENT, ABORTED, DISPOSED, BUSY
 *   and any code that is not a "could not check" code, and for every code under onError 'throw';
 *   INVALID_ARGUMENT for a malformed input or policy
 */
export function decide(input: DecisionInput, policy: ResolvedPolicy | PolicyOptions = {}): Decision {
  const p = isResolved(policy) ? policy : resolvePolicy(policy);
  checkObject(input, 'input');
  const direction = checkOneOf(input.direction, 'input.direction', DIRECTIONS);
  const allowlisted = input.allowlisted === undefined ? false : checkBoolean(input.allowlisted, 'input.allowlisted');
  const runs = classifierRuns(p.audience, direction) && !allowlisted;
  const found: Contribution[] = [];

  for (const [i, m] of (input.matches ?? []).entries()) {
    const category = checkOneOf(checkObject(m, `input.matches[${i}]`).category, `input.matches[${i}].category`, LIST_CATEGORIES);
    found.push({ action: category === 'test' ? 'block' : p.onKnownMatch, reason: 'known-match', category });
  }

  if (input.error !== undefined) {
    const code = checkOneOf(input.error, 'input.error', ERROR_CODES);
    const ignored = CLASSIFIER_ERRORS.includes(code) && !runs;
    if (!ignored) {
      if (!isCheckError(code)) throw new SafesealError(code, `the scan failed with ${code}`);
      if (p.onError === 'throw') throw new SafesealError(code, `this image could not be checked (${code})`);
      found.push({ action: p.onError, reason: 'error', error: code });
    }
  }

  if (input.scores !== undefined && runs) {
    const scores = checkObject(input.scores, 'input.scores');
    const profile = PROFILES[p.audience][direction];
    for (const category of ['sexual', 'suggestive'] as const) {
      const score = checkNumber(scores[category], `input.scores.${category}`, 0, 1);
      const action = profile[category];
      if (action !== undefined && score >= p.thresholds[category]) found.push({ action, reason: 'classifier', category });
    }
  }

  if (found.length === 0) return { action: 'allow', categories: [], reasons: [] };
  const top = found.reduce((a, c) => (severity(c.action) > severity(a.action) ? c : a));
  const acted = found.filter((c) => c.action === top.action);
  const categories = CATEGORIES.filter((c) => acted.some((a) => a.category === c));
  const reasons = REASONS.filter((r) => acted.some((a) => a.reason === r));
  const error = acted.find((a) => a.error !== undefined)?.error;
  return error === undefined ? { action: top.action, categories, reasons } : { action: top.action, categories, reasons, error };
}

function isResolved(p: ResolvedPolicy | PolicyOptions): p is ResolvedPolicy {
  return typeof p === 'object' && p !== null && RESOLVED.has(p);
}

/** Which prompt a decision gets: the test card, a known match, a classifier flag, or a failure. */
export function promptKind(d: Decision): PromptKind | undefined {
  if (d.action === 'allow') return undefined;
  if (d.categories.includes('test')) return 'test';
  if (d.reasons.includes('known-match')) return 'known-match';
  if (d.reasons.includes('classifier')) return 'sensitive';
  return 'error';
}
