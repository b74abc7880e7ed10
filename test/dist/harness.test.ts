// The two scanners tests get — src/ in-process (test/helpers/worker-harness.ts) and the built package in a
// worker thread (test/dist/dist-harness.ts) — give the same answers, so a test may use either.

import { afterAll, describe, expect, it } from 'vitest';
import { vector } from '../helpers/bad-inputs.js';
import { distScanners } from './dist-harness.js';
import { startInProcess } from '../helpers/worker-harness.js';

const dist = distScanners();
afterAll(() => dist.disposeAll());

describe('worker harnesses', () => {
  it('hash the same, and refuse the same input with the same code, in-process and in a worker thread', async () => {
    const { scanner: local } = await startInProcess({ maxPixels: 4_000_000 });
    const remote = await dist.start({ maxPixels: 4_000_000 });
    for (const file of ['pdq/data/misc-images/wee.jpg', 'pdq/data/bridge-mods/aaa-orig.jpg']) {
      const [a, b] = await Promise.all([local.hashImage(vector(file)), remote.hashImage(vector(file))]);
      expect(b).toEqual(a);
      expect(a.pdq).toMatch(/^[0-9a-f]{64}$/);
    }
    const junk = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const [e1, e2] = await Promise.all([local.hashImage(junk).catch((e: unknown) => e), remote.hashImage(junk).catch((e: unknown) => e)]);
    expect((e1 as { code: string }).code).toMatch(/^[A-Z_]+$/);
    expect((e2 as { code: string }).code).toBe((e1 as { code: string }).code);
    await local.dispose();
  });
});
