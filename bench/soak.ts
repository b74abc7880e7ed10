// bench:soak — 1,000 hashImage + classifyImage calls in a row through the Node entry (dist/node,
// a real worker thread, `model: true`), on generated benign images of several formats and sizes.
// RSS of the whole process (main thread + worker) is measured after a warm-up and after the run,
// each after a GC of the main thread; the growth is the figure (target ≤ 20 MB). Prints progress
// every 250 scans; last line JSON: {"bench":"soak","scans":…,"rss_growth_mb":…}.

import sharp from 'sharp';
import { createScanner } from '../dist/node/index.js';
import { round } from './stats.js';

const SCANS = Number(process.env.SOAK_SCANS ?? 1000);
const WARMUP = Number(process.env.SOAK_WARMUP ?? 50);

/** Smooth colour waves (no imagery) of w × h, encoded as `format`. */
async function image(w: number, h: number, format: 'jpeg' | 'png' | 'webp'): Promise<Uint8Array> {
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = Math.round(127.5 + 127.5 * Math.sin((x * (c + 1) + y * (3 - c)) / (9 + 4 * c)));
    }
  }
  const s = sharp(data, { raw: { width: w, height: h, channels: 3 } });
  return new Uint8Array(await (format === 'jpeg' ? s.jpeg({ quality: 85 }) : format === 'png' ? s.png() : s.webp({ quality: 80 })).toBuffer());
}

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().rss / 2 ** 20;
};

const images = await Promise.all([image(640, 480, 'jpeg'), image(1024, 768, 'png'), image(800, 600, 'webp'), image(300, 1200, 'jpeg')]);
const scanner = await createScanner({ model: true });
if (scanner.classifier.state !== 'ready') throw new Error(`classifier not ready: ${JSON.stringify(scanner.classifier)}`);

let n = 0;
const scan = async (): Promise<void> => {
  const bytes = images[n++ % images.length];
  const [h, c] = await Promise.all([scanner.hashImage(bytes), scanner.classifyImage(bytes)]);
  if (h.pdq.length !== 64 || !(c.scores.neutral >= 0)) throw new Error('unexpected result');
};

for (let i = 0; i < WARMUP; i++) await scan();
const before = await rssMb();
const started = performance.now();
for (let i = 1; i <= SCANS; i++) {
  await scan();
  if (i % 250 === 0) console.log(`${i} scans: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MB`);
}
const seconds = (performance.now() - started) / 1000;
const after = await rssMb();
await scanner.dispose();
console.log(`rss after warm-up (${WARMUP} scans) ${before.toFixed(1)} MB, after ${SCANS} more ${after.toFixed(1)} MB; ${((seconds * 1000) / SCANS).toFixed(1)} ms per hash + classify`);
console.log(JSON.stringify({ bench: 'soak', scans: SCANS, rss_growth_mb: round(after - before, 1), rss_before_mb: round(before, 1), rss_after_mb: round(after, 1), ms_per_scan: round((seconds * 1000) / SCANS, 1), gc_exposed: gc !== undefined }));
