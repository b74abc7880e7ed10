// bench:soak — 1,000 hashImage + classifyImage calls in a row through the Node entry (dist/node,
// a real worker thread, `model: true`), on generated benign images of several formats and sizes.
// RSS is of the whole process (main thread + worker). The worker's garbage is collected whenever
// V8 decides — nothing can force a GC in the SDK's worker — so RSS at any one instant swings by
// tens of MB with GC timing (a hash-only run measured 569 MB after 500 scans and 553 MB after 750).
// The figure is therefore the growth of the median RSS over a window of scans: the first
// WINDOW scans after the warm-up against the last WINDOW scans; a leak shows as a rising median,
// GC timing does not. The raw endpoints (after a main-thread GC) are printed as well.
//
// `npm run bench:soak` runs with MALLOC_ARENA_MAX=2, the setting sharp recommends for long-running
// processes on glibc: glibc's per-thread malloc arenas (libvips, onnxruntime and Node's threads)
// fragment, and measured on this machine they grew RSS by 25.1 MB over 1,000 scans without it
// against 2.0 and 2.9 MB (two runs) with it, while the main thread's JS heap stayed at 8–10 MB either way (no leak in
// the SDK's own objects). The JSON says which allocator setting the figure was measured under.
// Last line JSON: {"bench":"soak","scans":…,"rss_growth_mb":…}; target ≤ 20 MB.

import sharp from 'sharp';
import { createScanner } from '../dist/node/index.js';
import { round } from './stats.js';

const SCANS = Number(process.env.SOAK_SCANS ?? 1000);
const WINDOW = Math.min(100, Math.floor(SCANS / 4));
const WARMUP = Number(process.env.SOAK_WARMUP ?? 50);
/** For finding a leak: `hash` or `classify` alone (default both, the figure the target is for). */
const MODE = process.env.SOAK_MODE ?? 'both';

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
await scanner.status(); // the classifier loads after createScanner resolves; status() waits for it
if (scanner.classifier.state !== 'ready') throw new Error(`classifier not ready: ${JSON.stringify(scanner.classifier)}`);

let n = 0;
const scan = async (): Promise<void> => {
  const bytes = images[n++ % images.length];
  const [h, c] = await Promise.all([MODE === 'classify' ? null : scanner.hashImage(bytes), MODE === 'hash' ? null : scanner.classifyImage(bytes)]);
  if ((h && h.pdq.length !== 64) || (c && !(c.scores.neutral >= 0))) throw new Error('unexpected result');
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (let i = 0; i < WARMUP; i++) await scan();
const before = await rssMb();
const samples: number[] = [];
const started = performance.now();
for (let i = 1; i <= SCANS; i++) {
  await scan();
  samples.push(process.memoryUsage.rss() / 2 ** 20);
  if (i % 250 === 0) {
    const { heapUsed, external } = process.memoryUsage();
    const main = `main thread heap ${(heapUsed / 2 ** 20).toFixed(1)} MB + external ${(external / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `${i} scans: rss ${samples[i - 1].toFixed(1)} MB, median of the last ${WINDOW} ${median(samples.slice(-WINDOW)).toFixed(1)} MB; ${main}`,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
const after = await rssMb();
await scanner.dispose();
const first = median(samples.slice(0, WINDOW));
const last = median(samples.slice(-WINDOW));
console.log(
  `median rss over scans 1-${WINDOW} after a ${WARMUP}-scan warm-up: ${first.toFixed(1)} MB; over the last ${WINDOW}: ${last.toFixed(1)} MB`,
);
console.log(
  `endpoints after a main-thread GC: ${before.toFixed(1)} MB → ${after.toFixed(1)} MB; ${((seconds * 1000) / SCANS).toFixed(1)} ms per scan`,
);
console.log(
  JSON.stringify({
    bench: 'soak',
    ...(MODE === 'both' ? {} : { mode: MODE }),
    scans: SCANS,
    rss_growth_mb: round(last - first, 1),
    window: WINDOW,
    rss_first_window_mb: round(first, 1),
    rss_last_window_mb: round(last, 1),
    rss_endpoint_growth_mb: round(after - before, 1),
    ms_per_scan: round((seconds * 1000) / SCANS, 1),
    malloc_arena_max: process.env.MALLOC_ARENA_MAX ?? null,
  }),
);
