// The built browser bundle in real Chromium: the scanner's worker hashes the reference images via
// Blob and ArrayBuffer (EXIF-rotated and transparent ones included), gives Node's hashes, refuses
// bad inputs with typed errors, and the page makes no request beyond its own static assets.

import { expect, test, type Page, type Request } from '@playwright/test';
import sharp from 'sharp';
import { createScanner, hammingDistance, type HashResult, type Scanner } from '../../dist/node/index.js';
import { badInputs, vector } from '../helpers/bad-inputs.js';
import { extraImages, referenceImages, webpImages } from '../helpers/images.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
    scanner: import('../../dist/index.js').Scanner;
  }
}

const FILES = [...referenceImages().map((r) => r.file), ...webpImages(), ...extraImages()];

let node: Scanner;
test.beforeAll(async () => {
  node = await createScanner({ model: false, exposeDetails: true });
});
test.afterAll(async () => {
  await node.dispose();
});

async function openPage(page: Page): Promise<Request[]> {
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  await page.evaluate(async () => {
    window.scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
  });
  return requests;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

test('hashes every reference image in the worker like Node does, via Blob and ArrayBuffer', async ({ page, baseURL }) => {
  const requests = await openPage(page);
  const browser: Record<string, { blob: HashResult; buffer: HashResult }> = await page.evaluate(async (files) => {
    const out: Record<string, { blob: HashResult; buffer: HashResult }> = {};
    for (const file of files) {
      const buffer = await (await fetch(`/vectors/${file}`)).arrayBuffer();
      const blob = await window.scanner.hashImage(new Blob([buffer]));
      out[file] = { blob, buffer: await window.scanner.hashImage(buffer) };
      if (buffer.byteLength === 0) throw new Error('the caller’s buffer was detached');
    }
    return out;
  }, FILES);

  const table: string[] = [];
  let worst = 0;
  for (const file of FILES) {
    const n = await node.hashImage(vector(file));
    const { blob, buffer } = browser[file];
    expect(buffer, file).toEqual(blob); // the input type changes nothing
    expect([blob.width, blob.height], file).toEqual([n.width, n.height]); // EXIF not applied
    expect(blob.sha256, file).toBe(n.sha256);
    const d = hammingDistance(blob.pdq, n.pdq);
    const dihedral = Math.max(...blob.dihedral.map((h, i) => hammingDistance(h, n.dihedral[i])));
    worst = Math.max(worst, d, dihedral);
    table.push(`${String(d).padStart(3)} ${String(dihedral).padStart(3)}  q=${blob.quality}/${n.quality}  ${file}`);
  }
  console.log(`browser vs Node (pdq bits, worst dihedral bits):\n${table.join('\n')}`);
  // Differences could only come from the JPEG/WebP decoders (Chromium's libjpeg-turbo/libwebp vs
  // libvips' mozjpeg/libwebp); measured here: none on any of these files, dihedral hashes included.
  // PNG goes through the same code on both sides and must be identical.
  expect(worst).toBeLessThanOrEqual(4);
  for (const file of FILES.filter((f) => f.endsWith('.png'))) expect(browser[file].blob.pdq, file).toBe((await node.hashImage(vector(file))).pdq);

  const origin = new URL(baseURL!).origin;
  const foreign = requests.filter(
    (r) => new URL(r.url()).origin !== origin || !/^\/(index\.html|harness\.js|dist\/[\w.-]+|vectors\/.+)$/.test(new URL(r.url()).pathname),
  );
  expect(foreign.map((r) => r.url())).toEqual([]);
  expect(requests.some((r) => r.url().endsWith('/dist/worker.js'))).toBe(true);
});

test('bad inputs give typed errors in the browser and the scanner keeps working', async ({ page }) => {
  await openPage(page);
  const bad = badInputs().map((b) => ({ name: b.name, code: b.code, data: b64(b.bytes) }));
  const results = await page.evaluate(async (inputs) => {
    const decode = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const wee = await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer();
    const out: { name: string; got: string; isError: boolean; after: string }[] = [];
    const attempt = async (name: string, input: unknown) => {
      let got = 'resolved';
      let isError = false;
      try {
        await window.scanner.hashImage(input as Blob);
      } catch (e) {
        got = (e as { code: string }).code;
        isError = e instanceof window.safeseal.SafesealError;
      }
      out.push({ name, got, isError, after: (await window.scanner.hashImage(wee)).pdq });
    };
    for (const b of inputs) {
      await attempt(b.name, new Blob([decode(b.data)]));
      await attempt(`${b.name} (ArrayBuffer)`, decode(b.data).buffer);
    }
    for (const wrong of [null, 'wee.jpg', 42, { not: 'an image' }]) await attempt(`wrong type ${JSON.stringify(wrong)}`, wrong);
    return out;
  }, bad);
  const expected = [...bad.flatMap((b) => [b.code, b.code]), 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT'];
  expect(results.map((r) => r.got)).toEqual(expected);
  expect(results.every((r) => r.isError)).toBe(true);
  expect(new Set(results.map((r) => r.after))).toEqual(new Set(['6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d']));
});

test('ImageData and ImageBitmap inputs hash like the encoded file', async ({ page }) => {
  await openPage(page);
  const r = await page.evaluate(async () => {
    const blob = await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const imageData = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const fromBitmap = await window.scanner.hashImage(bitmap);
    const stillUsable = bitmap.width; // cloned, not transferred
    return { encoded: await window.scanner.hashImage(blob), fromImageData: await window.scanner.hashImage(imageData), fromBitmap, stillUsable };
  });
  expect(r.fromImageData.pdq).toBe(r.encoded.pdq);
  expect(r.fromBitmap.pdq).toBe(r.encoded.pdq);
  expect(r.fromBitmap.sha256).toBeNull();
  expect(r.stillUsable).toBe(34);
});

test('transparency: PNG keeps the stored colour; WebP/GIF read fully transparent pixels as black', async ({ page }) => {
  await openPage(page);
  // A benign photo with a binary alpha mask (stripes of alpha 0 over real colour).
  const { data, info } = await sharp(vector('pdq/data/bridge-mods/square-256x256.jpg')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const masked = Buffer.from(data);
  for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) if (x % 32 < 12) masked[(y * info.width + x) * 4 + 3] = 0;
  const raw = { raw: { width: info.width, height: info.height, channels: 4 as const } };
  const png = new Uint8Array(await sharp(masked, raw).png().toBuffer());
  const webp = new Uint8Array(await sharp(masked, raw).webp({ lossless: true, exact: true }).toBuffer());
  const blacked = Buffer.from(masked);
  for (let i = 0; i < blacked.length; i += 4) if (blacked[i + 3] === 0) blacked[i] = blacked[i + 1] = blacked[i + 2] = 0;

  const [nodePng, nodeWebp, nodeBlacked] = await Promise.all([
    node.hashImage(png),
    node.hashImage(webp),
    node.hashImage({ width: info.width, height: info.height, data: new Uint8ClampedArray(blacked) }),
  ]);
  const got = await page.evaluate(
    async ([p, w]) => {
      const decode = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      return { png: await window.scanner.hashImage(decode(p)), webp: await window.scanner.hashImage(decode(w)) };
    },
    [b64(png), b64(webp)],
  );
  expect(got.png.pdq).toBe(nodePng.pdq); // exact: our PNG decoder on both sides
  expect(nodeWebp.pdq).toBe(nodePng.pdq); // Node (libwebp, no canvas) keeps the stored colour too
  const d = hammingDistance(got.webp.pdq, nodeBlacked.pdq);
  console.log(`transparent WebP: browser vs stored colour ${hammingDistance(got.webp.pdq, nodeWebp.pdq)} bits; vs alpha-0-as-black ${d} bits`);
  expect(d).toBeLessThanOrEqual(1);
});

test('the network check sees requests made inside workers (positive control)', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('/index.html');
  const status = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const w = new Worker('/canary-worker.js', { type: 'module' });
        w.onmessage = (e) => resolve(e.data as number);
      }),
  );
  expect(status).toBe(200);
  expect(requests).toContain('/canary.txt');
});
