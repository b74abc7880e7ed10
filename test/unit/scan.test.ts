// The scan pipeline with stand-in services: every policy branch reaches a verdict that carries
// nothing but labels, errors become `error` verdicts, a known match survives a classifier failure,
// adults' outgoing images are never classified, and the allowlist never hides a list match.

import { describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import type { Pixels } from '../../src/image/pixels.js';
import { runScan, type ScanPixels, type ScanServices } from '../../src/engine/scan.js';
import { resolvePolicy } from '../../src/policy/decide.js';
import type { PolicyOptions } from '../../src/policy/types.js';

const px: Pixels = { width: 64, height: 64, channels: 3, data: new Uint8Array(64 * 64 * 3).map((_, i) => (i * 31) & 255) };
const decoded: ScanPixels = {
  stored: px,
  variants: [],
  shown: [px, px],
  sha256: 'ab'.repeat(32),
  mime: 'image/jpeg',
  bytes: new Uint8Array([1, 2, 3]),
};

function services(over: Partial<Omit<ScanServices, 'policy'>> & { policy?: PolicyOptions } = {}): ScanServices & { classified: number } {
  const state = { classified: 0 };
  const { policy, ...rest } = over;
  const s: ScanServices = {
    policy: resolvePolicy(policy),
    model: 'cd'.repeat(32),
    decode: async () => decoded,
    match: () => [],
    classify: async () => {
      state.classified++;
      return { sexual: 0.01, suggestive: 0.02 };
    },
    allowlist: null,
    prompt: (d, direction) => (d.action === 'allow' ? undefined : ({ kind: 'sensitive', direction } as never)),
    newScanId: () => 'scan-1',
    ...rest,
  };
  return Object.defineProperty(s, 'classified', { get: () => state.classified }) as ScanServices & { classified: number };
}

const testMatch = {
  list: 'demo',
  root: 'ee'.repeat(32),
  match: { list: 'demo', index: 0, category: 'test' as const, distance: 3, kind: 'pdq' as const },
};

describe('runScan', () => {
  it('a benign image: allow, no prompt, and only labels in the verdict', async () => {
    const s = services();
    const { verdict, record } = await runScan('incoming', s);
    expect(verdict).toEqual({ scanId: 'scan-1', action: 'allow', categories: [], reasons: [] });
    expect(s.classified).toBe(2); // every shown frame
    expect(record.bytes).toEqual(new Uint8Array([1, 2, 3])); // incoming: kept for a report
    expect(record.preview).toBeNull();
  });

  it('the highest score over the frames counts', async () => {
    let n = 0;
    const s = services({ classify: async () => (n++ === 1 ? { sexual: 0.97, suggestive: 0 } : { sexual: 0, suggestive: 0 }) });
    const { verdict, record } = await runScan('outgoing', s);
    expect(verdict).toMatchObject({ action: 'warn', categories: ['sexual'], reasons: ['classifier'], prompt: { kind: 'sensitive' } });
    expect(Object.keys(verdict).sort()).toEqual(['action', 'categories', 'prompt', 'reasons', 'scanId']);
    expect(record.bytes).toBeNull(); // outgoing: nothing kept to report
    expect(record.preview).not.toBeNull();
  });

  it('a file that cannot be decoded: onError, reason error', async () => {
    const s = services({ decode: async () => Promise.reject(new SafesealError('CORRUPT_IMAGE', 'truncated')) });
    expect((await runScan('incoming', s)).verdict).toMatchObject({ action: 'blur', categories: [], reasons: ['error'], error: 'CORRUPT_IMAGE' });
    await expect(runScan('incoming', services({ decode: s.decode, policy: { onError: 'throw' } }))).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
    await expect(
      runScan('incoming', services({ decode: async () => Promise.reject(new SafesealError('INVALID_ARGUMENT', 'x')) })),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('a known match blocks even when the classifier is failing', async () => {
    const { verdict, record } = await runScan('incoming', services({ match: () => [testMatch], classify: 'MODEL_LOAD' }));
    expect(verdict).toMatchObject({ action: 'block', categories: ['test'], reasons: ['known-match'] });
    expect(record.match).toEqual({ list: 'demo', root: 'ee'.repeat(32), index: 0, category: 'test' });
    expect((await runScan('incoming', services({ classify: 'MODEL_LOAD' }))).verdict).toMatchObject({
      action: 'blur',
      reasons: ['error'],
      error: 'MODEL_LOAD',
    });
  });

  it('an expired list is an error verdict, not "no match"', async () => {
    const s = services({
      match: () => {
        throw new SafesealError('LIST_EXPIRED', 'expired');
      },
    });
    expect((await runScan('incoming', s)).verdict).toMatchObject({ action: 'blur', reasons: ['error'], error: 'LIST_EXPIRED' });
  });

  it("adults' outgoing images are never classified; a failing classifier does not matter there", async () => {
    const s = services({ policy: { audience: 'adult' } });
    expect((await runScan('outgoing', s)).verdict.action).toBe('allow');
    expect(s.classified).toBe(0);
    expect((await runScan('outgoing', services({ policy: { audience: 'adult' }, classify: 'NOT_READY' }))).verdict.action).toBe('allow');
  });

  it('an allowlisted image is not flagged by the classifier, but a list match still blocks', async () => {
    const allowlist = { has: async () => true } as never;
    const flagging = async () => ({ sexual: 0.99, suggestive: 0.99 });
    expect((await runScan('incoming', services({ allowlist, classify: flagging }))).verdict.action).toBe('allow');
    expect((await runScan('incoming', services({ allowlist, classify: flagging, match: () => [testMatch] }))).verdict.action).toBe('block');
  });
});
