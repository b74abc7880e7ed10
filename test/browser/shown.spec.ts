// Scan what is shown, in Chromium with the built bundle: each hostile file of issue 7 item 4 is
// first shown to be hostile (what Chromium itself displays matches the photo, what is stored does
// not), then the SDK's worker must match it. Also: the GIF frame outside its screen is refused
// before any decode, and a zlib stream with trailing bytes (which Chromium shows) is hashed.

import { expect, test, type Page } from '@playwright/test';
import { createScanner, hammingDistance, type Scanner } from '../../dist/node/index.js';
import { buildList, signList } from '../../src/lists/build.js';
import { TEST_CARD } from '../../scripts/make-list-fixtures.js';
import { pngChunk, pngFile, vector } from '../helpers/bad-inputs.js';
import * as hostile from '../helpers/hostile-images.js';
import { ed25519, KEYS, trustOf } from '../helpers/lists.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
    scanner: import('../../dist/index.js').Scanner;
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let node: Scanner;
let photoHash: string;
let list: Uint8Array;
let files: Record<string, Uint8Array>;

test.beforeAll(async () => {
  node = await createScanner({ model: false, exposeDetails: true });
  const photo = await hostile.photoPixels(vector(TEST_CARD));
  const rows = hostile.scanlines(photo.width, photo.height, 3, (x, y, c) => photo.data[(y * photo.width + x) * 3 + c]);
  const { deflateSync } = await import('node:zlib');
  const clean = pngFile([
    pngChunk('IHDR', hostile.ihdr(photo.width, photo.height, 8, 2)),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
  photoHash = (await node.hashImage(clean)).pdq;
  list = buildList({
    id: 'shown',
    sequence: 1,
    createdAt: 0,
    notAfter: Math.floor(Date.now() / 1000) + 3600,
    entries: [{ type: 'pdq', hash: photoHash, category: 'test' }],
  });
  for (const k of KEYS.slice(0, 2)) list = await signList(list, k.seed, ed25519);
  files = {
    'apng-hidden-frame.png': hostile.apngHiddenFrame(photo),
    'apng-composed.png': hostile.apngComposed(photo),
    'gamma-squeezed.png': hostile.gammaSqueezedPng(photo),
    'icc-squeezed.jpg': await hostile.iccSqueezedJpeg(photo),
    'exif-pad.jpg': await hostile.exifTrickJpeg(photo, 'pad'),
    'exif-standalone.jpg': await hostile.exifTrickJpeg(photo, 'standalone'),
    'animated.gif': await hostile.animatedHiddenFrame(photo, 'gif'),
    'animated.webp': await hostile.animatedHiddenFrame(photo, 'webp'),
  };
});
test.afterAll(async () => {
  await node.dispose();
});

async function openPage(page: Page): Promise<void> {
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  await page.evaluate(async () => {
    window.scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
  });
}

interface Seen {
  chromium: string[]; // PDQ of what Chromium itself displays (every frame, colour-managed, oriented)
  stored: { pdq: string; quality: number };
  shown: { pdq: string; quality: number }[];
  matches: number;
  pdqUsed: boolean;
}

test('each hostile file: Chromium shows the photo, the stored pixels miss it, the SDK matches it', async ({ page }) => {
  await openPage(page);
  const trust = trustOf(KEYS);
  const input = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, b64(bytes)]));
  const seen: Record<string, Seen> = await page.evaluate(
    async ({ input, list, trust }) => {
      const decode = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      await window.scanner.loadList(decode(list), { trust });
      const mime = (name: string) =>
        name.endsWith('.png') ? 'image/png' : name.endsWith('.gif') ? 'image/gif' : name.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
      const hashDrawn = async (source: ImageBitmap | VideoFrame, w: number, h: number) => {
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(source, 0, 0);
        return (await window.scanner.hashImage(ctx.getImageData(0, 0, w, h))).pdq;
      };
      const out: Record<string, Seen> = {};
      for (const [name, data] of Object.entries(input)) {
        const bytes = decode(data);
        const chromium: string[] = [];
        // What a page displays: every frame from ImageDecoder, which composes and colour-manages
        // frames and applies EXIF orientation as <img> does.
        const decoder = new ImageDecoder({ data: bytes, type: mime(name), preferAnimation: true });
        await decoder.tracks.ready;
        const count = decoder.tracks.selectedTrack!.frameCount;
        for (let i = 0; i < count; i++) {
          const { image } = await decoder.decode({ frameIndex: i });
          chromium.push(await hashDrawn(image, image.displayWidth, image.displayHeight));
          image.close();
        }
        decoder.close();
        const bitmap = await createImageBitmap(new Blob([bytes], { type: mime(name) })); // <img> defaults
        chromium.push(await hashDrawn(bitmap, bitmap.width, bitmap.height));
        const hashed = await window.scanner.hashImage(new Blob([bytes]));
        const matched = await window.scanner.matchImage(bytes.slice().buffer);
        out[name] = {
          chromium,
          stored: { pdq: hashed.pdq, quality: hashed.quality },
          shown: [...hashed.shown],
          matches: matched.matches.length,
          pdqUsed: matched.pdqUsed,
        };
      }
      return out;
    },
    { input, list: b64(list), trust },
  );

  const near = (h: { pdq: string; quality: number }) => h.quality >= 50 && hammingDistance(h.pdq, photoHash) <= 31;
  const table: string[] = [];
  for (const name of Object.keys(files)) {
    const s = seen[name];
    const nodeResult = await node.hashImage(files[name]);
    const best = (hs: string[]) => Math.min(...hs.map((h) => hammingDistance(h, photoHash)));
    table.push(
      `${name.padEnd(22)} chromium shows ${best(s.chromium)} bits; stored q=${s.stored.quality} ${hammingDistance(s.stored.pdq, photoHash)} bits; ` +
        `SDK shown (chromium) ${s.shown.length ? best(s.shown.map((x) => x.pdq)) : '-'} bits, (node) ${nodeResult.shown.length ? best(nodeResult.shown.map((x) => x.pdq)) : '-'} bits`,
    );
  }
  console.log(`hostile files (distances to the photo's PDQ):\n${table.join('\n')}`);
  for (const name of Object.keys(files)) {
    const s = seen[name];
    const nodeResult = await node.hashImage(files[name]);
    expect(Math.min(...s.chromium.map((h) => hammingDistance(h, photoHash))), `${name}: Chromium displays the photo`).toBeLessThanOrEqual(31);
    expect(near(s.stored), `${name}: the stored pixels alone miss it`).toBe(false);
    expect(s.shown.some(near), `${name}: a shown variant is the photo`).toBe(true);
    expect([s.matches, s.pdqUsed], `${name}: matchImage matches`).toEqual([1, true]);
    // A featureless image's hash is rounding noise; otherwise the stored pixels hash as in Node.
    if (s.stored.quality >= 50) expect(hammingDistance(s.stored.pdq, nodeResult.pdq), `${name}: stored hash as in Node`).toBeLessThanOrEqual(4);
    // Node (own APNG compositor and gamma, libvips frames and ICC) and Chromium (ImageDecoder,
    // skcms) agree on every shown variant with features: each has a counterpart within 8 bits.
    const featured = (hs: readonly { pdq: string; quality: number }[]) => hs.filter((h) => h.quality >= 50).map((h) => h.pdq);
    const [inNode, inChromium] = [featured(nodeResult.shown), featured(s.shown)];
    for (const [from, to] of [
      [inNode, inChromium],
      [inChromium, inNode],
    ]) {
      for (const h of from) expect(Math.min(...to.map((t) => hammingDistance(h, t))), `${name}: shown variants agree`).toBeLessThanOrEqual(8);
    }
  }
});

test('the 35-byte GIF with its frame at (16000, 16000) is refused before any decode', async ({ page }) => {
  await openPage(page);
  const gif = hostile.gifFrameOutsideScreen();
  const r = await page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const t = performance.now();
    const code = await window.scanner.hashImage(bytes).then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    );
    return {
      code,
      ms: performance.now() - t,
      after: (await window.scanner.hashImage(await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer())).pdq,
    };
  }, b64(gif));
  console.log(`GIF frame outside its screen: ${r.code} in ${r.ms.toFixed(1)} ms`);
  expect(r.code).toBe('CORRUPT_IMAGE');
  expect(r.after).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
});

test('a zlib stream with trailing bytes: Chromium shows it, the SDK hashes it as the clean file', async ({ page }) => {
  await openPage(page);
  const photo = await hostile.photoPixels(vector(TEST_CARD));
  const png = hostile.zlibTrailingPng(photo);
  const r = await page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    // Does this Chromium's DecompressionStream refuse the stray bytes (so the SDK's bisection ran)?
    const zlib = Uint8Array.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 9, 9, 9]); // zlib of [0], then junk
    const refused = await new Response(new Blob([zlib]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer().then(
      () => false,
      () => true,
    );
    return { shown: [bitmap.width, bitmap.height], hashed: await window.scanner.hashImage(bytes), refused };
  }, b64(png));
  console.log(`Chromium's DecompressionStream refuses bytes after the zlib end: ${r.refused}`);
  expect(r.shown).toEqual([photo.width, photo.height]);
  expect(r.hashed.pdq).toBe(photoHash);
});

test('bounded work in the worker: extreme sides hash, huge claims and too many frames are refused', async ({ page }) => {
  await openPage(page);
  const tiny = hostile.apngHiddenFrame({ width: 8, height: 8, channels: 3, data: new Uint8Array(192) });
  const tooManyFrames = tiny.slice();
  new DataView(tooManyFrames.buffer).setUint32(Buffer.from(tiny).indexOf('acTL') + 4, 65);
  const { deflateSync } = await import('node:zlib');
  const claim = pngFile([
    pngChunk('IHDR', hostile.ihdr(7000, 7000, 8, 6)),
    pngChunk('IDAT', deflateSync(new Uint8Array(1000))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
  const input = {
    wide: b64(hostile.stripesPng(1_000_000, 5)),
    tall: b64(hostile.stripesPng(5, 1_000_000)),
    tooWide: b64(
      pngFile([pngChunk('IHDR', hostile.ihdr(1_000_001, 5, 8, 0)), pngChunk('IDAT', new Uint8Array(0)), pngChunk('IEND', new Uint8Array(0))]),
    ),
    tooManyFrames: b64(tooManyFrames),
    claim: b64(claim),
  };
  const r = await page.evaluate(async (input) => {
    const decode = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const out: Record<string, { result: string; ms: number }> = {};
    for (const [name, data] of Object.entries(input)) {
      const bytes = decode(data);
      const t = performance.now();
      const result = await window.scanner.hashImage(bytes).then(
        (h) => `${h.width}x${h.height}`,
        (e: { code?: string }) => e.code ?? 'unknown',
      );
      out[name] = { result, ms: performance.now() - t };
    }
    return out;
  }, input);
  console.log(
    `bounded work in Chromium: ${Object.entries(r)
      .map(([k, v]) => `${k} ${v.result} ${v.ms.toFixed(0)} ms`)
      .join('; ')}`,
  );
  expect(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.result]))).toEqual({
    wide: '1000000x5',
    tall: '5x1000000',
    tooWide: 'IMAGE_TOO_LARGE',
    tooManyFrames: 'IMAGE_TOO_LARGE',
    claim: 'CORRUPT_IMAGE',
  });
});
