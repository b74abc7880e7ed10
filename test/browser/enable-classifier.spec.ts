// enableClassifier in real Chromium: a scanner created hash-only loads the fixture model into its
// one worker (no second worker is started), reports the stages after the download, and classifies.

import { expect, test } from '@playwright/test';
import { fixture } from '../helpers/classifier-assets.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
  }
}

test('a hash-only scanner enables the classifier in the same worker', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  const checker = fixture('checker.onnx');
  const r = await page.evaluate(
    async ({ sha256 }) => {
      const scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
      const before = scanner.classifier;
      const notReady = await scanner.classifyImage(await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer()).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
      const stages: string[] = [];
      const enabling = scanner.enableClassifier({
        model: '/fixtures/checker.onnx',
        modelSha256: sha256,
        wasm: '/ort/ort-wasm-simd-threaded.wasm',
        onProgress: (p) => stages.push(p.stage),
      });
      const during = scanner.classifier;
      const status = await enabling;
      const photo = await scanner.classifyImage(await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer());
      await scanner.dispose();
      return { before, notReady, during, status, stages, photo };
    },
    { sha256: checker.sha256 },
  );
  expect(r.before).toEqual({ state: 'off' });
  expect(r.notReady).toBe('NOT_READY');
  expect(r.during).toEqual({ state: 'loading' });
  expect(r.status).toEqual({ state: 'ready', model: checker.sha256, threads: 1, runtime: 'onnxruntime-web' });
  expect(r.stages.slice(r.stages.lastIndexOf('download') + 1)).toEqual(['model', 'compile', 'warmup', 'ready']);
  expect(r.photo.scores.neutral).toBeGreaterThan(0.99);
  expect(workers).toEqual(['/dist/worker.js']); // one worker, from start to end
});
