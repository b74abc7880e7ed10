// AVIF in Chromium (which decodes it natively): the worker recognises it and hashes it close to
// Node's sharp decode of the same file; HEIC is refused by name (UNSUPPORTED_FORMAT) as in Node.

import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { createScanner, hammingDistance } from '../../dist/node/index.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
  }
}

test('hashes an AVIF like Node does and refuses HEIC', async ({ page }) => {
  const w = 320;
  const h = 200;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) raw[(y * w + x) * 3 + c] = Math.round(127 + 120 * Math.sin((x * (c + 1) + y * (3 - c)) / 15));
  const avif = new Uint8Array(
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .avif({ quality: 80 })
      .toBuffer(),
  );
  const heic = avif.slice();
  for (let p = 8; p < 32; p += 4) if (Buffer.from(heic.subarray(p, p + 4)).toString('latin1') === 'avif') heic.set(Buffer.from('heic'), p);

  const node = await createScanner({ model: false, exposeDetails: true });
  const expected = await node.hashImage(avif);
  await node.dispose();

  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  const result = await page.evaluate(
    async ({ avif, heic }) => {
      const scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
      const hash = await scanner.hashImage(new Uint8Array(avif));
      const refused = await scanner.hashImage(new Blob([new Uint8Array(heic)])).then(
        () => null,
        (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
      );
      await scanner.dispose();
      return { hash, refused };
    },
    { avif: [...avif], heic: [...heic] },
  );
  expect([result.hash.width, result.hash.height]).toEqual([w, h]);
  expect(result.hash.sha256).toBe(expected.sha256);
  // Both decode the same AV1 bitstream; YUV → RGB conversion may differ by a rounding step.
  const d = hammingDistance(result.hash.pdq, expected.pdq);
  console.log(`AVIF: Chromium vs Node PDQ distance ${d} bits`);
  expect(d).toBeLessThanOrEqual(8);
  expect(result.refused?.code).toBe('UNSUPPORTED_FORMAT');
  expect(result.refused?.message).toContain('HEIC');
});
