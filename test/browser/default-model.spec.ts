// The classifier by default (issue 8 item 2) in real Chromium on the built bundle: createScanner()
// with no model option resolves before the model is loaded, then loads the model and wasm shipped
// in dist/assets/ next to the module and scans with it; when those assets cannot be fetched or do
// not verify, createScanner still resolves, `scanner.classifier` says why (URL, both sha256s) and
// scanImage hands the code to onError. A start that cannot happen is WORKER_CRASHED.

import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { MODEL_SHA256 } from '../../dist/node/index.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
  }
}

const PHOTO = '/vectors/pdq/data/bridge-mods/aaa-orig.jpg';
const MODEL_PATH = '/dist/assets/nsfw-mobilenetv2.onnx';

async function open(page: Page): Promise<string[]> {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  return paths;
}

test('createScanner() with no model option classifies with the model shipped next to the module', async ({ page }) => {
  const paths = await open(page);
  const r = await page.evaluate(async (photo) => {
    const scanner = await window.safeseal.createScanner();
    const atStart = scanner.classifier.state;
    const status = await scanner.status();
    const classifier = scanner.classifier;
    const blob = await (await fetch(photo)).blob();
    const verdicts = [await scanner.scanImage(blob, { direction: 'incoming' }), await scanner.scanImage(blob, { direction: 'outgoing' })];
    await scanner.dispose();
    return { atStart, model: status.model, classifier, verdicts };
  }, PHOTO);
  expect(r.atStart).toBe('loading'); // createScanner did not wait for the model
  expect(r.model).toBe(MODEL_SHA256);
  expect(r.classifier).toEqual({ state: 'ready', model: MODEL_SHA256, threads: 1, runtime: 'onnxruntime-web' });
  for (const v of r.verdicts) expect(v).toMatchObject({ action: 'allow', categories: [], reasons: [] });
  expect(paths).toContain(MODEL_PATH);
  expect(paths).toContain('/dist/assets/ort-wasm-simd-threaded.wasm');
});

test('a default model that cannot be fetched, or does not verify: createScanner resolves, scanImage applies onError with the code', async ({
  page,
  baseURL,
}) => {
  await open(page);
  const wrong = new TextEncoder().encode('not the model');
  let answer: 'missing' | 'wrong' = 'missing';
  await page.route(`**${MODEL_PATH}`, (route) =>
    answer === 'missing' ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, body: Buffer.from(wrong) }),
  );
  const run = () =>
    page.evaluate(async (photo) => {
      const out: Record<string, unknown> = {};
      for (const onError of ['blur', 'block'] as const) {
        const scanner = await window.safeseal.createScanner({ policy: { onError } });
        await scanner.status();
        const verdict = await scanner.scanImage(await (await fetch(photo)).blob(), { direction: 'incoming' });
        out[onError] = { classifier: scanner.classifier, verdict };
        await scanner.dispose();
      }
      return out as Record<'blur' | 'block', { classifier: { state: string; code?: string; message?: string }; verdict: Record<string, unknown> }>;
    }, PHOTO);
  const missing = await run();
  const url = new URL(MODEL_PATH, baseURL).href;
  for (const [onError, r] of Object.entries(missing)) {
    expect(r.classifier, onError).toMatchObject({ state: 'failed', code: 'MODEL_LOAD' });
    expect(r.classifier.message).toContain(url);
    expect(r.classifier.message).toContain('HTTP 404');
    expect(r.verdict, onError).toMatchObject({ action: onError, categories: [], reasons: ['error'], error: 'MODEL_LOAD', prompt: { kind: 'error' } });
  }
  answer = 'wrong';
  const integrity = await run();
  const actual = createHash('sha256').update(wrong).digest('hex');
  for (const [onError, r] of Object.entries(integrity)) {
    expect(r.classifier, onError).toMatchObject({ state: 'failed', code: 'MODEL_INTEGRITY' });
    expect(r.classifier.message).toContain(`${url} has sha256 ${actual}, expected ${MODEL_SHA256}`);
    expect(r.verdict, onError).toMatchObject({ action: onError, reasons: ['error'], error: 'MODEL_INTEGRITY' });
  }
});

test('a start that cannot happen is WORKER_CRASHED: a worker script that does not load, a start past startTimeoutMs', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
    return {
      missing: await fail(window.safeseal.createScanner({ model: false, workerUrl: '/dist/no-such-worker.js' })),
      slow: await fail(window.safeseal.createScanner({ model: false, startTimeoutMs: 1 })),
    };
  });
  expect(r.missing).toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('/dist/no-such-worker.js') });
  expect(r.slow).toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('within 1 ms (startTimeoutMs)') });
});
