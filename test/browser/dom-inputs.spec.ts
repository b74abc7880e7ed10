// What nsfwjs users pass, in real Chromium: <img>, <canvas>, OffscreenCanvas and VideoFrame are
// converted to an ImageBitmap on the main thread and hashed in the worker (sha256 null), giving
// the pixels' own hash; a cross-origin image loaded without CORS, and whatever it taints, is
// refused with INVALID_ARGUMENT naming CORS. Also: `model: true` loads the assets shipped in
// dist/assets/ with no other option, and an asset the server answers with HTML names its URL.

import { expect, test, type Page } from '@playwright/test';
import { hammingDistance, MODEL_SHA256, ORT_WASM_SHA256 } from '../../dist/node/index.js';
import { vector } from '../helpers/bad-inputs.js';

const PHOTO = '/vectors/pdq/data/bridge-mods/aaa-orig.jpg';

async function openPage(page: Page, crossOriginImages = ''): Promise<void> {
  page.on('pageerror', (e) => console.log('page error:', e.message));
  if (crossOriginImages) {
    // The test page's CSP allows images from 'self' only; let this one other origin in.
    await page.route('**/index.html', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      headers['content-security-policy'] = headers['content-security-policy'].replace('img-src', `img-src ${crossOriginImages}`);
      await route.fulfill({ response, headers });
    });
  }
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
}

test('<img>, <canvas>, OffscreenCanvas and VideoFrame hash like their pixels, sha256 null, the caller’s element intact', async ({ page }) => {
  await openPage(page);
  const r = await page.evaluate(async (photo) => {
    const scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
    const img = new Image();
    img.src = photo;
    await img.decode();
    const fromImg = await scanner.hashImage(img);
    const fromBlob = await scanner.hashImage(await (await fetch(photo)).blob());

    // A canvas with the photo drawn at a third of its size, and the same pixels as ImageData.
    const canvas = document.createElement('canvas');
    canvas.width = 533;
    canvas.height = 335;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const fromPixels = await scanner.hashImage(pixels);
    const fromCanvas = await scanner.hashImage(canvas);
    const off = new OffscreenCanvas(canvas.width, canvas.height);
    off.getContext('2d')!.putImageData(pixels, 0, 0);
    const fromOffscreen = await scanner.hashImage(off);
    const frame = new VideoFrame(canvas, { timestamp: 0 });
    const fromFrame = await scanner.hashImage(frame);
    const frameOpen = frame.format !== null && frame.codedWidth === canvas.width;
    frame.close();
    const canvasIntact = ctx.getImageData(0, 0, 1, 1).data.join() === pixels.data.slice(0, 4).join();
    await scanner.dispose();
    return { fromImg, fromBlob, fromPixels, fromCanvas, fromOffscreen, fromFrame, frameOpen, canvasIntact, imgComplete: img.complete };
  }, PHOTO);

  // The <img> is the photo as Chromium decoded it for display; the Blob goes through the SDK's own
  // decode path (orientation neutralised): for this photo without EXIF they give the same hash.
  expect(r.fromImg.sha256).toBeNull();
  expect([r.fromImg.width, r.fromImg.height]).toEqual([1600, 1004]);
  expect(hammingDistance(r.fromImg.pdq, r.fromBlob.pdq)).toBe(0);
  for (const name of ['fromCanvas', 'fromOffscreen', 'fromFrame'] as const) {
    expect(r[name].sha256, name).toBeNull();
    expect([r[name].width, r[name].height], name).toEqual([533, 335]);
    expect(r[name].pdq, name).toBe(r.fromPixels.pdq);
  }
  expect(r.frameOpen).toBe(true); // the SDK converts, it does not close the caller's VideoFrame
  expect(r.canvasIntact).toBe(true);
  expect(r.imgComplete).toBe(true);
});

test('a cross-origin image without CORS, a canvas it taints and a bitmap of it are refused with INVALID_ARGUMENT naming CORS', async ({ page }) => {
  // Another origin, answered by Playwright itself (no network, no Access-Control-Allow-Origin).
  const other = 'http://images.example';
  const photo = vector(PHOTO.slice('/vectors/'.length));
  await page.route(`${other}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/jpeg', body: Buffer.from(photo) }));
  await openPage(page, other);
  const r = await page.evaluate(
    async ({ url, sameOrigin }) => {
      const scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      canvas.getContext('2d')!.drawImage(img, 0, 0, 64, 64);
      const bitmap = await createImageBitmap(img);
      const broken = new Image();
      broken.src = '/no-such-image.jpg';
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => ({ code: 'resolved', message: '' }),
          (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
        );
      const out = {
        img: await outcome(scanner.hashImage(img)),
        canvas: await outcome(scanner.hashImage(canvas)),
        bitmap: await outcome(scanner.hashImage(bitmap)),
        broken: await outcome(scanner.hashImage(broken)),
        // The scanner goes on: the same photo from its own origin hashes.
        after: (await scanner.hashImage(await (await fetch(sameOrigin)).blob())).pdq,
      };
      await scanner.dispose();
      return out;
    },
    { url: `${other}${PHOTO}`, sameOrigin: PHOTO },
  );
  for (const name of ['img', 'canvas', 'bitmap'] as const) {
    expect(r[name].code, name).toBe('INVALID_ARGUMENT');
    expect(r[name].message, name).toContain('CORS');
  }
  expect(r.broken.code).toBe('INVALID_ARGUMENT');
  expect(r.broken.message).toContain('has not loaded');
  expect(r.after).toMatch(/^[0-9a-f]{64}$/);
});

test('model: true loads the model and wasm shipped in dist/assets/, with no other option', async ({ page }) => {
  const paths: string[] = [];
  page.on('request', (req) => paths.push(new URL(req.url()).pathname));
  await openPage(page);
  const r = await page.evaluate(async (photo) => {
    const scanner = await window.safeseal.createScanner({ exposeDetails: true, model: true });
    const classified = await scanner.classifyImage(await (await fetch(photo)).blob());
    const status = scanner.classifier;
    await scanner.dispose();
    return { classified, status };
  }, PHOTO);
  expect(r.status).toEqual({ state: 'ready', model: MODEL_SHA256, threads: 1, runtime: 'onnxruntime-web' });
  expect(r.classified.scores.neutral + r.classified.scores.drawing).toBeGreaterThan(0.9);
  expect(paths).toContain('/dist/assets/nsfw-mobilenetv2.onnx');
  expect(paths).toContain('/dist/assets/ort-wasm-simd-threaded.wasm');
});

test('an asset the server answers with an HTML page is MODEL_INTEGRITY naming its URL and both sha256s; hashing goes on', async ({
  page,
  baseURL,
}) => {
  await openPage(page);
  const r = await page.evaluate(async (photo) => {
    const scanner = await window.safeseal.createScanner({ exposeDetails: true, model: true, wasm: '/index.html' });
    await scanner.status(); // waits for the classifier, which loads after createScanner resolves
    const status = scanner.classifier;
    const error = await scanner.classifyImage(await (await fetch(photo)).blob()).then(
      () => null,
      (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
    );
    const pdq = (await scanner.hashImage(await (await fetch(photo)).blob())).pdq;
    await scanner.dispose();
    return { status, error, pdq };
  }, PHOTO);
  expect(r.status).toMatchObject({ state: 'failed', code: 'MODEL_INTEGRITY' });
  const message = (r.status as { message: string }).message;
  expect(message).toContain(`${baseURL}/index.html has sha256 `);
  expect(message).toContain(`expected ${ORT_WASM_SHA256}`);
  expect(message).toContain('HTML page');
  expect(r.error).toEqual({ code: 'MODEL_INTEGRITY', message });
  expect(r.pdq).toMatch(/^[0-9a-f]{64}$/);
});
