// decide(): every profile branch in both directions, list matches, the allowlist, and every
// onError path for every error code.

import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SafesealError, type ErrorCode } from '../../src/errors.js';
import {
  ALWAYS_REJECT_CODES,
  CHECK_ERROR_CODES,
  DEFAULT_THRESHOLDS,
  classifierRuns,
  decide,
  promptKind,
  resolvePolicy,
  type Audience,
  type Direction,
  type PolicyOptions,
} from '../../src/policy/index.js';

const HIGH = 0.99;
const LOW = 0.01;
const sexual = { sexual: HIGH, suggestive: LOW };
const suggestive = { sexual: LOW, suggestive: HIGH };
const both = { sexual: HIGH, suggestive: HIGH };
const benign = { sexual: LOW, suggestive: LOW };
const known = [{ category: 'known-abuse' as const }];
const test = [{ category: 'test' as const }];

function rejects(fn: () => unknown, code: ErrorCode): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SafesealError);
    expect((e as SafesealError).code).toBe(code);
    return;
  }
  throw new Error(`expected a rejection with ${code}`);
}

describe('profiles: classifier categories per audience and direction', () => {
  // [audience, direction, scores, action, categories]
  const table: [Audience, Direction, typeof sexual, string, string[]][] = [
    ['child', 'incoming', sexual, 'warn', ['sexual']],
    ['child', 'outgoing', sexual, 'warn', ['sexual']],
    ['child', 'incoming', suggestive, 'blur', ['suggestive']],
    ['child', 'outgoing', suggestive, 'warn', ['suggestive']],
    ['child', 'incoming', both, 'warn', ['sexual']], // the blur for suggestive is not what acted
    ['child', 'outgoing', both, 'warn', ['sexual', 'suggestive']],
    ['child', 'incoming', benign, 'allow', []],
    ['child', 'outgoing', benign, 'allow', []],
    ['teen', 'incoming', sexual, 'warn', ['sexual']],
    ['teen', 'outgoing', sexual, 'warn', ['sexual']],
    ['teen', 'incoming', suggestive, 'allow', []],
    ['teen', 'outgoing', suggestive, 'allow', []],
    ['adult', 'incoming', sexual, 'blur', ['sexual']],
    ['adult', 'incoming', suggestive, 'allow', []],
    ['adult', 'outgoing', sexual, 'allow', []],
    ['adult', 'outgoing', both, 'allow', []],
  ];
  for (const [audience, direction, scores, action, categories] of table) {
    it(`${audience} ${direction} ${JSON.stringify(scores)} -> ${action}`, () => {
      const d = decide({ direction, scores }, { audience });
      expect(d.action).toBe(action);
      expect(d.categories).toEqual(categories);
      expect(d.reasons).toEqual(action === 'allow' ? [] : ['classifier']);
      expect(d.error).toBeUndefined();
    });
  }

  it('child is the default audience', () => {
    expect(decide({ direction: 'incoming', scores: suggestive })).toEqual({ action: 'blur', categories: ['suggestive'], reasons: ['classifier'] });
  });

  it('the classifier runs everywhere except for adults\u2019 outgoing images', () => {
    expect(classifierRuns('child', 'incoming') && classifierRuns('child', 'outgoing')).toBe(true);
    expect(classifierRuns('teen', 'incoming') && classifierRuns('teen', 'outgoing')).toBe(true);
    expect(classifierRuns('adult', 'incoming')).toBe(true);
    expect(classifierRuns('adult', 'outgoing')).toBe(false);
  });

  it('the default thresholds are the ones round 4 of the rule chose (docs/policy.md)', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ sexual: 0.9, suggestive: 0.9 });
  });

  it('thresholds: a score at the threshold counts, just below does not, per category', () => {
    const t = DEFAULT_THRESHOLDS.sexual;
    expect(decide({ direction: 'incoming', scores: { sexual: t, suggestive: 0 } }).action).toBe('warn');
    expect(decide({ direction: 'incoming', scores: { sexual: t - 1e-9, suggestive: 0 } }).action).toBe('allow');
    const policy: PolicyOptions = { thresholds: { sexual: 0.5, suggestive: 0.95 } };
    expect(decide({ direction: 'outgoing', scores: { sexual: 0.5, suggestive: 0.9 } }, policy)).toEqual({
      action: 'warn',
      categories: ['sexual'],
      reasons: ['classifier'],
    });
    expect(decide({ direction: 'outgoing', scores: { sexual: 0.49, suggestive: 0.95 } }, policy).categories).toEqual(['suggestive']);
  });
});

describe('list matches', () => {
  for (const audience of ['child', 'teen', 'adult'] as const) {
    for (const direction of ['incoming', 'outgoing'] as const) {
      it(`${audience} ${direction}: a known match blocks, a test match blocks with the test prompt`, () => {
        expect(decide({ direction, scores: benign, matches: known }, { audience })).toEqual({
          action: 'block',
          categories: ['known-abuse'],
          reasons: ['known-match'],
        });
        const t = decide({ direction, matches: test }, { audience });
        expect(t).toEqual({ action: 'block', categories: ['test'], reasons: ['known-match'] });
        expect(promptKind(t)).toBe('test');
      });
    }
  }

  it('a match outranks the classifier, and only what acted is named', () => {
    expect(decide({ direction: 'incoming', scores: both, matches: known })).toEqual({
      action: 'block',
      categories: ['known-abuse'],
      reasons: ['known-match'],
    });
  });

  it('onKnownMatch sets the action for known-abuse, never for test', () => {
    expect(decide({ direction: 'incoming', matches: known }, { onKnownMatch: 'warn' })).toEqual({
      action: 'warn',
      categories: ['known-abuse'],
      reasons: ['known-match'],
    });
    expect(decide({ direction: 'incoming', matches: known }, { onKnownMatch: 'blur' }).action).toBe('blur');
    expect(decide({ direction: 'incoming', matches: test }, { onKnownMatch: 'blur' }).action).toBe('block');
    // equal actions from a match and the classifier: both named
    expect(decide({ direction: 'outgoing', scores: sexual, matches: known }, { onKnownMatch: 'warn' })).toEqual({
      action: 'warn',
      categories: ['sexual', 'known-abuse'],
      reasons: ['classifier', 'known-match'],
    });
    rejects(() => decide({ direction: 'incoming', matches: known }, { onKnownMatch: 'allow' as never }), 'INVALID_ARGUMENT');
  });
});

describe('allowlist', () => {
  it('an allowlisted image is not flagged by the classifier', () => {
    for (const audience of ['child', 'teen', 'adult'] as const) {
      expect(decide({ direction: 'incoming', scores: both, allowlisted: true }, { audience }).action).toBe('allow');
    }
  });
  it('never suppresses a list match', () => {
    expect(decide({ direction: 'incoming', scores: both, matches: known, allowlisted: true }).action).toBe('block');
    expect(decide({ direction: 'outgoing', matches: test, allowlisted: true }).categories).toEqual(['test']);
  });
  it('a classifier failure does not count for an allowlisted image; a decode failure does', () => {
    expect(decide({ direction: 'incoming', error: 'MODEL_LOAD', allowlisted: true }).action).toBe('allow');
    expect(decide({ direction: 'incoming', error: 'CORRUPT_IMAGE', allowlisted: true }).action).toBe('blur');
  });
});

describe('onError', () => {
  it('"blur" is the default for every audience', () => {
    for (const audience of ['child', 'teen', 'adult'] as const) expect(resolvePolicy({ audience }).onError).toBe('blur');
  });

  for (const code of CHECK_ERROR_CODES) {
    for (const onError of ['blur', 'warn', 'block'] as const) {
      it(`${code} with onError "${onError}" -> ${onError}, reason error`, () => {
        const d = decide({ direction: 'incoming', error: code }, { onError });
        expect(d).toEqual({ action: onError, categories: [], reasons: ['error'], error: code });
        expect(promptKind(d)).toBe('error');
      });
    }
    it(`${code} with onError "throw" rejects with ${code}`, () => {
      rejects(() => decide({ direction: 'outgoing', error: code }, { onError: 'throw' }), code);
    });
  }

  for (const code of ALWAYS_REJECT_CODES) {
    it(`${code} always rejects, whatever onError says`, () => {
      for (const onError of ['blur', 'warn', 'block', 'throw'] as const)
        rejects(() => decide({ direction: 'incoming', error: code }, { onError }), code);
    });
  }

  it('any other code rejects too: only "could not check" codes become verdicts', () => {
    const others = ERROR_CODES.filter((c) => !(CHECK_ERROR_CODES as readonly string[]).includes(c));
    expect(others).toEqual(expect.arrayContaining([...ALWAYS_REJECT_CODES, 'INTERNAL', 'DETAILS_DISABLED']));
    for (const code of others) rejects(() => decide({ direction: 'incoming', error: code }), code);
  });

  it('a classifier failure is ignored for adults\u2019 outgoing images (the classifier does not run there)', () => {
    for (const code of ['NOT_READY', 'MODEL_LOAD', 'MODEL_INTEGRITY'] as const) {
      expect(decide({ direction: 'outgoing', error: code }, { audience: 'adult', onError: 'throw' }).action).toBe('allow');
      expect(decide({ direction: 'incoming', error: code }, { audience: 'adult' }).action).toBe('blur');
    }
    // a list or decode failure still counts there
    expect(decide({ direction: 'outgoing', error: 'LIST_EXPIRED' }, { audience: 'adult' }).error).toBe('LIST_EXPIRED');
    expect(decide({ direction: 'outgoing', error: 'CORRUPT_IMAGE' }, { audience: 'adult' }).action).toBe('blur');
  });

  it('a failure and a more severe match: the match acts and the error is not named', () => {
    expect(decide({ direction: 'incoming', error: 'NOT_READY', matches: known })).toEqual({
      action: 'block',
      categories: ['known-abuse'],
      reasons: ['known-match'],
    });
    expect(decide({ direction: 'incoming', error: 'LIST_EXPIRED', scores: suggestive }, { onError: 'block' })).toEqual({
      action: 'block',
      categories: [],
      reasons: ['error'],
      error: 'LIST_EXPIRED',
    });
  });
});

describe('checks', () => {
  it('refuses malformed policies and inputs with INVALID_ARGUMENT', () => {
    rejects(() => resolvePolicy({ audiance: 'child' } as never), 'INVALID_ARGUMENT');
    rejects(() => resolvePolicy({ audience: 'toddler' as never }), 'INVALID_ARGUMENT');
    rejects(() => resolvePolicy({ thresholds: { sexual: 1.5 } }), 'INVALID_ARGUMENT');
    rejects(() => resolvePolicy({ thresholds: { porn: 0.5 } as never }), 'INVALID_ARGUMENT');
    rejects(() => resolvePolicy({ onError: 'allow' as never }), 'INVALID_ARGUMENT');
    rejects(() => decide({ direction: 'sideways' as never }), 'INVALID_ARGUMENT');
    rejects(() => decide({ direction: 'incoming', scores: { sexual: Number.NaN, suggestive: 0 } }), 'INVALID_ARGUMENT');
    rejects(() => decide({ direction: 'incoming', matches: [{ category: 'sexual' as never }] }), 'INVALID_ARGUMENT');
    rejects(() => decide({ direction: 'incoming', error: 'NOPE' as never }), 'INVALID_ARGUMENT');
  });
  it('a resolved policy is frozen and reused as is', () => {
    const p = resolvePolicy({ audience: 'teen' });
    expect(Object.isFrozen(p)).toBe(true);
    expect(decide({ direction: 'incoming', scores: suggestive }, p).action).toBe('allow');
    // a frozen look-alike is checked, not trusted
    const fake = Object.freeze({
      audience: 'toddler',
      thresholds: Object.freeze({ sexual: 0.5, suggestive: 0.5 }),
      onError: 'blur',
      onKnownMatch: 'block',
    });
    rejects(() => decide({ direction: 'incoming', scores: suggestive }, fake as never), 'INVALID_ARGUMENT');
  });
});
