// The built browser bundle in real Chromium, model and onnxruntime wasm served from the test
// server's own origin: the shipped model gives Node's scores on benign images, the fixture model
// flags the test pattern, and a flipped model, a non-ONNX model or a tampered wasm each fail with
// their typed error while the scanner goes on hashing.

import { expect, test, type Page } from '@playwright/test';
import { createScanner, MODEL_SHA256, type ClassifyResult, type Scanner } from '../../dist/node/index.js';
import { vector } from '../helpers/bad-inputs.js';
import { fixture } from '../helpers/classifier-assets.js';

// Benign images that nsfwjs itself scores neutral or drawing.
const FILES = [
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'pdq/data/misc-images/c.png',
  'pdq/data/reg-test-input/labelme-subset/q0003.jpg',
  'pdq/data/bridge-mods/aaa-orig.jpg',
];
const MODEL = '/models/nsfw-mobilenetv2.onnx';
const WASM = '/ort/ort-wasm-simd-threaded.wasm';
const WEE = '/vectors/pdq/data/misc-images/wee.jpg';

let node: Scanner;
test.beforeAll(async () => {
  node = await createScanner({ exposeDetails: true, model: true });
});
test.afterAll(async () => {
  await node.dispose();
});

/** Opens the test page; returns the paths of every request the page and its workers make. */
async function openPage(page: Page): Promise<string[]> {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  return paths;
}

test('the shipped model gives Node’s scores in the worker, with progress', async ({ page }) => {
  const requests = await openPage(page);
  const result = await page.evaluate(
    async ({ files, model, wasm }) => {
      const progress: { stage: string; asset?: string; loadedBytes?: number; totalBytes?: number | null }[] = [];
      const scanner = await window.safeseal.createScanner({ exposeDetails: true, model, wasm, onProgress: (p) => progress.push({ ...p }) });
      const scores: Record<string, ClassifyResult> = {};
      for (const file of files) scores[file] = await scanner.classifyImage(await (await fetch(`/vectors/${file}`)).blob());
      const status = scanner.classifier;
      await scanner.dispose();
      return { scores, status, progress };
    },
    { files: FILES, model: MODEL, wasm: WASM },
  );
  expect(result.status).toEqual({ state: 'ready', model: MODEL_SHA256, threads: 1, runtime: 'onnxruntime-web' });
  for (const asset of ['model', 'wasm']) {
    const last = result.progress.filter((p) => p.asset === asset).at(-1);
    expect(last?.loadedBytes, asset).toBeGreaterThan(0);
    expect(last?.loadedBytes, asset).toBe(last?.totalBytes);
  }
  // After the downloads, the worker's stages, each once and in order, then ready.
  const lastDownload = result.progress.map((p) => p.stage).lastIndexOf('download');
  expect(result.progress.slice(0, lastDownload).every((p) => p.stage === 'download')).toBe(true);
  expect(result.progress.slice(lastDownload + 1).map((p) => p.stage)).toEqual(['model', 'compile', 'warmup', 'ready']);
  let worst = 0;
  for (const file of FILES) {
    const n = await node.classifyImage(vector(file));
    const b = result.scores[file];
    expect(b.model).toBe(MODEL_SHA256);
    for (const k of Object.keys(n.scores) as (keyof ClassifyResult['scores'])[]) {
      const d = Math.abs(b.scores[k] - n.scores[k]);
      worst = Math.max(worst, d);
      expect(d, `${file} ${k}`).toBeLessThanOrEqual(1e-3);
    }
    const top = (r: ClassifyResult) => Object.entries(r.scores).sort((x, y) => y[1] - x[1])[0][0];
    expect(top(b), file).toBe(top(n));
    expect(['neutral', 'drawing'], file).toContain(top(n));
  }
  // The model and wasm were fetched once each (by the main thread); the worker fetched nothing of
  // onnxruntime's (no .mjs glue, no second wasm): only the page's own files and the test images.
  expect(requests.filter((p) => p === MODEL || p === WASM).sort()).toEqual([MODEL, WASM]);
  const allowed = ['/index.html', '/harness.js', '/dist/index.js', '/dist/worker.js', MODEL, WASM, ...FILES.map((f) => `/vectors/${f}`)];
  expect(requests.filter((p) => !allowed.includes(p))).toEqual([]);
  console.log(`browser vs Node classifier scores: max |Δp| = ${worst.toExponential(2)} over ${FILES.length} images`);
});

test('the fixture model flags the test pattern and nothing else', async ({ page }) => {
  await openPage(page);
  const checker = fixture('checker.onnx');
  const r = await page.evaluate(
    async ({ sha256, wasm, wee }) => {
      const scanner = await window.safeseal.createScanner({ exposeDetails: true, model: '/fixtures/checker.onnx', modelSha256: sha256, wasm });
      const width = 96;
      const height = 64;
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        const magenta = (Math.floor((i % width) / 8) + Math.floor(i / width / 8)) % 2 === 0;
        data.set(magenta ? [255, 0, 255, 255] : [0, 255, 0, 255], i * 4);
      }
      const pattern = await scanner.classifyImage(new ImageData(data, width, height));
      const photo = await scanner.classifyImage(await (await fetch(wee)).arrayBuffer());
      await scanner.dispose();
      return { pattern, photo };
    },
    { sha256: checker.sha256, wasm: WASM, wee: WEE },
  );
  expect(r.pattern.scores.porn).toBeGreaterThan(0.99);
  expect(r.pattern.model).toBe(checker.sha256);
  expect(r.photo.scores.neutral).toBeGreaterThan(0.99);
});

test('a flipped model, a non-ONNX model and a tampered wasm fail closed; hashing goes on', async ({ page }) => {
  await openPage(page);
  const checker = fixture('checker.onnx');
  const notOnnx = fixture('not-onnx.onnx');
  const results = await page.evaluate(
    async ({ checkerSha, notOnnxSha, wasm, wee }) => {
      const image = await (await fetch(wee)).arrayBuffer();
      const tampered = new Uint8Array(await (await fetch(wasm)).arrayBuffer());
      tampered[tampered.length >> 1] ^= 0x01;
      const cases = {
        flipped: { model: '/fixtures/checker-flipped.onnx', modelSha256: checkerSha, wasm },
        notOnnx: { model: '/fixtures/not-onnx.onnx', modelSha256: notOnnxSha, wasm },
        tamperedWasm: { model: '/fixtures/checker.onnx', modelSha256: checkerSha, wasm: tampered },
        missing: { model: '/fixtures/no-such-model.onnx', modelSha256: checkerSha, wasm },
      };
      const out: Record<string, { status: unknown; code: string; pdq: string }> = {};
      for (const [name, options] of Object.entries(cases)) {
        const scanner = await window.safeseal.createScanner({ exposeDetails: true, ...options });
        const code = await scanner.classifyImage(image).then(
          () => 'resolved',
          (e: { code: string }) => e.code,
        );
        out[name] = { status: scanner.classifier, code, pdq: (await scanner.hashImage(image)).pdq };
        await scanner.dispose();
      }
      const crossOrigin = await window.safeseal.createScanner({ exposeDetails: true, model: 'https://cdn.example/model.onnx', wasm }).then(
        () => 'resolved',
        (e: { code: string }) => e.code,
      );
      return { out, crossOrigin };
    },
    { checkerSha: checker.sha256, notOnnxSha: notOnnx.sha256, wasm: WASM, wee: WEE },
  );
  const wee = (await node.hashImage(vector('pdq/data/misc-images/wee.jpg'))).pdq;
  const expected = { flipped: 'MODEL_INTEGRITY', notOnnx: 'MODEL_LOAD', tamperedWasm: 'MODEL_INTEGRITY', missing: 'MODEL_LOAD' };
  for (const [name, code] of Object.entries(expected)) {
    const r = results.out[name];
    expect(r.status, name).toMatchObject({ state: 'failed', code });
    expect(r.code, name).toBe(code);
    expect(r.pdq, name).toBe(wee);
  }
  expect(results.crossOrigin).toBe('INVALID_ARGUMENT');
});

test('on a cross-origin isolated page onnxruntime runs threaded with ≥ 4 cores, with the same scores', async ({ page }) => {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/isolated/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  const result = await page.evaluate(
    async ({ files, model, wasm }) => {
      const scanner = await window.safeseal.createScanner({ exposeDetails: true, model, wasm });
      const scores: Record<string, ClassifyResult> = {};
      for (const file of files) scores[file] = await scanner.classifyImage(await (await fetch(`/vectors/${file}`)).blob());
      const status = scanner.classifier;
      await scanner.dispose();
      return { isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency, scores, status };
    },
    { files: FILES, model: MODEL, wasm: WASM },
  );
  expect(result.isolated).toBe(true);
  const threads = result.cores >= 4 ? Math.min(4, result.cores) : 1; // threads only with ≥ 4 logical cores
  expect(result.status).toEqual({ state: 'ready', model: MODEL_SHA256, threads, runtime: 'onnxruntime-web' });
  let worst = 0;
  for (const file of FILES) {
    const n = await node.classifyImage(vector(file));
    for (const k of Object.keys(n.scores) as (keyof ClassifyResult['scores'])[])
      worst = Math.max(worst, Math.abs(result.scores[file].scores[k] - n.scores[k]));
  }
  console.log(`threaded (${threads}) browser vs 1-thread Node: max |Δp| = ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(1e-4);
  // onnxruntime's threads are this same worker bundle, loaded again; nothing else is fetched.
  const workerLoads = paths.filter((p) => p === '/isolated/dist/worker.js').length;
  if (threads > 1) expect(workerLoads).toBeGreaterThan(1);
  const allowed = [
    '/isolated/index.html',
    '/isolated/harness.js',
    '/isolated/dist/index.js',
    '/isolated/dist/worker.js',
    MODEL,
    WASM,
    ...FILES.map((f) => `/vectors/${f}`),
  ];
  expect(paths.filter((p) => !allowed.includes(p))).toEqual([]);
});
