// bench:classify — nsfwjs@4.4.0 on @tensorflow/tfjs-backend-wasm against safeseal's ONNX classifier
// (onnxruntime-web, wasm) on the same 224×224 RGB pixels, in the same process, 1 thread each:
// medians over ≥ 50 interleaved runs (pixels → probabilities, preprocessing included), then the
// network alone, the shipped uint8 graph against a pre-folded float32 build, and onnxruntime-node
// (native, 1 and 2 intra-op threads). Cold start (model bytes → first result) and peak RSS come from
// fresh child processes, interleaved: safeseal now (graph built in the worker, optimiser off), the
// way it loaded before (onnxruntime's optimiser at 'all'), nsfwjs, and onnxruntime-node. Download:
// the model and wasm each side fetches (nsfwjs: its bundled MobileNetV2 JS files + tfjs's simd wasm).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Classifier as ClassifierType } from '../src/classify/classifier.js';
import { MODEL_SHA256, ORT_WASM_SHA256 } from '../src/classify/pins.js';
import { toModelInput } from '../src/classify/preprocess.js';
import { sha256Hex } from '../src/crypto/digest.js';
import type { Pixels } from '../src/image/pixels.js';
import { loadOnnxruntimeNode } from '../src/node/onnxruntime-node.js';
import { MODEL_PATH, readModel, readWasm, WASM_PATH } from '../test/helpers/classifier-assets.js';
import { median, ms, round, time, timeInterleaved } from './stats.js';

const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 60));
/** Runs after the first result in each fresh process before its peak RSS is read (it plateaus after 2-3). */
const CHILD_RUNS = Math.max(5, Number(process.env.BENCH_CHILD_RUNS ?? 10));
/** Fresh processes per side for cold start and peak RSS (interleaved; medians reported). */
const COLD_REPS = Math.max(3, Number(process.env.BENCH_COLD_REPS ?? 5));
const SIDES = ['safeseal', 'nsfwjs', 'before', 'native'] as const;
type Side = (typeof SIDES)[number];
const own = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

/** A deterministic 224×224 RGB test image (smooth colour waves, no imagery). */
function pixels224(): Pixels & { data: Uint8Array } {
  const data = new Uint8Array(224 * 224 * 3);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      for (let c = 0; c < 3; c++) data[(y * 224 + x) * 3 + c] = Math.round(127.5 + 127.5 * Math.sin((x * (c + 1) + y * (3 - c)) / 17));
    }
  }
  return { width: 224, height: 224, channels: 3, data };
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** The native runtime, or an error: this benchmark needs onnxruntime-node installed. */
async function nativeRuntime(threads: number) {
  const runtime = await loadOnnxruntimeNode();
  if (!runtime) throw new Error('bench:classify needs onnxruntime-node (a devDependency here)');
  return { ...runtime, threads };
}

/**
 * Child mode: one side only, fresh process — cold start from bytes in memory, then peak RSS. Each
 * side imports only its own runtime (tfjs + nsfwjs's bundled models are large), so neither side's
 * RSS counts the other's code. "before" is how the classifier loaded until now: the same pin checks,
 * then onnxruntime's own optimiser on the shipped graph ('all'), 3 warm-ups.
 */
async function child(side: Side): Promise<void> {
  const px = pixels224();
  const model = readModel();
  const wasm = readWasm();
  const t0 = performance.now();
  let run: () => Promise<unknown>;
  if (side === 'safeseal' || side === 'native') {
    const { Classifier } = await import('../src/classify/classifier.js'); // code loading counts, as nsfwjs's does
    const classifier = await Classifier.create(
      { model: own(model), wasm: own(wasm), modelSha256: MODEL_SHA256 },
      1,
      side === 'native' ? await nativeRuntime(1) : null,
    );
    run = () => classifier.classify(px);
  } else if (side === 'before') {
    const ort = await import('onnxruntime-web/wasm');
    if ((await sha256Hex(wasm)) !== ORT_WASM_SHA256 || (await sha256Hex(model)) !== MODEL_SHA256) throw new Error('pins');
    Object.assign(ort.env.wasm, { wasmBinary: wasm, numThreads: 1, proxy: false });
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const once = async (x: Float32Array) => (await session.run({ input: new ort.Tensor('float32', x, [1, 3, 224, 224]) })).probabilities.data;
    for (let i = 0; i < 3; i++) await once(new Float32Array(3 * 224 * 224));
    run = () => once(toModelInput(px));
  } else {
    const { loadNsfwjs, tf } = await import('../test/helpers/nsfwjs.js');
    const nsfwjs = await loadNsfwjs(); // tfjs-wasm start + weights from nsfwjs's bundled base64 + its warm-up
    const img = tf.tensor3d(px.data, [224, 224, 3], 'int32');
    run = async () => {
      const out = nsfwjs.infer(img);
      await out.data();
      out.dispose();
    };
  }
  await run();
  const cold = performance.now() - t0;
  for (let i = 0; i < CHILD_RUNS; i++) await run();
  process.stdout.write(JSON.stringify({ cold_start_ms: cold, peak_rss_mb: peakRssMb() }) + '\n');
  process.exit(0); // onnxruntime-node's thread pool would otherwise keep the process a while
}

function spawnChild(side: Side): { cold_start_ms: number; peak_rss_mb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${side}`], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_CHILD_RUNS: String(CHILD_RUNS) },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** Raw and gzip (level 9) bytes of the files a side downloads. */
function download(files: readonly string[]): { raw: number; gzip: number } {
  let [raw, gzip] = [0, 0];
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

function downloads(): { safeseal: { raw: number; gzip: number }; nsfwjs: { raw: number; gzip: number } } {
  const require = createRequire(import.meta.url);
  const main = require.resolve('nsfwjs'); // its exports map hides package.json: walk up from its entry
  const nsfwjsModels = join(main.slice(0, main.lastIndexOf('/nsfwjs/') + '/nsfwjs/'.length), 'dist/models/mobilenet_v2');
  const tfjsWasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
  return {
    safeseal: download([MODEL_PATH, WASM_PATH]),
    nsfwjs: download([join(nsfwjsModels, 'model.min.js'), join(nsfwjsModels, 'group1-shard1of1.min.js'), tfjsWasm]),
  };
}

async function main(): Promise<void> {
  console.log(
    `bench:classify on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB), Node ${process.version}, ${RUNS} runs each, 1 thread unless said`,
  );
  const dl = downloads(); // first: cheap, and a missing file should fail before minutes of timing
  const cold: Record<Side, { cold_start_ms: number; peak_rss_mb: number }[]> = { safeseal: [], nsfwjs: [], before: [], native: [] };
  for (let rep = 0; rep < COLD_REPS; rep++) {
    for (let j = 0; j < SIDES.length; j++) {
      const side = SIDES[(rep + j) % SIDES.length];
      cold[side].push(spawnChild(side));
    }
  }
  const coldMedian = (side: Side) => ({
    cold_start_ms: median(cold[side].map((c) => c.cold_start_ms)),
    peak_rss_mb: median(cold[side].map((c) => c.peak_rss_mb)),
  });
  const [coldOurs, coldNsfwjs, coldBefore, coldNative] = [coldMedian('safeseal'), coldMedian('nsfwjs'), coldMedian('before'), coldMedian('native')];

  const { loadNsfwjs, nsfwjsProbabilities, tf } = await import('../test/helpers/nsfwjs.js');
  const { buildModel, sha256Hex: sha256Sync } = await import('../models/build.js');
  const { Classifier } = await import('../src/classify/classifier.js');
  const px = pixels224();
  const assets = () => ({ model: own(readModel()), wasm: own(readWasm()), modelSha256: MODEL_SHA256 });
  const ours = await Classifier.create(assets(), 1);
  const native1 = await Classifier.create(assets(), 1, await nativeRuntime(1));
  const native2 = await Classifier.create(assets(), 2, await nativeRuntime(2));
  const floatModel = buildModel('float');
  const prefolded = await Classifier.create({ model: own(floatModel), wasm: own(readWasm()), modelSha256: sha256Sync(floatModel) }, 1);
  const nsfwjs = await loadNsfwjs();

  // End to end: 224×224 RGB pixels → 5 probabilities (nsfwjs: toFloat, / 255, predict; ours: resize + run).
  const img = tf.tensor3d(px.data, [224, 224, 3], 'int32');
  const steady = await timeInterleaved(
    {
      nsfwjs: async () => {
        const out = nsfwjs.infer(img);
        await out.data();
        out.dispose();
      },
      safeseal: () => ours.classify(px),
      native: () => native1.classify(px),
    },
    RUNS,
  );
  const [theirs, mine, native] = [steady.nsfwjs, steady.safeseal, steady.native];

  // The network alone, on the same preprocessed tensor.
  const nchw = toModelInput(px);
  const nhwc = tf.tidy(() =>
    tf.tensor3d(px.data, [224, 224, 3], 'int32').toFloat().div(255).reshape([1, 224, 224, 3]),
  ) as import('@tensorflow/tfjs').Tensor4D;
  const net = await timeInterleaved(
    { nsfwjs: () => nsfwjsProbabilities(nsfwjs, nhwc), safeseal: () => ours.classifyTensor(nchw), float: () => prefolded.classifyTensor(nchw) },
    RUNS,
  );
  const threads = await timeInterleaved({ one: () => native1.classifyTensor(nchw), two: () => native2.classifyTensor(nchw) }, RUNS);
  const preprocess = await time(() => toModelInput(px), RUNS);

  const ratio = theirs.median / mine.median;
  const mb = (x: number) => `${(x / 1e6).toFixed(2)} MB`;
  console.log(`nsfwjs@4.4.0 (tfjs-wasm)  pixels → probabilities: median ${ms(theirs.median)}  p99 ${ms(theirs.p99)}`);
  console.log(
    `safeseal (onnxruntime-web) pixels → probabilities: median ${ms(mine.median)}  p99 ${ms(mine.p99)}  (preprocessing alone ${ms(preprocess.median)})`,
  );
  console.log(`ratio nsfwjs / safeseal: ${ratio.toFixed(2)}×`);
  console.log(
    `safeseal (onnxruntime-node, native, 1 thread): median ${ms(native.median)}  p99 ${ms(native.p99)}; nsfwjs / native ${(theirs.median / native.median).toFixed(2)}×`,
  );
  console.log(
    `network only: nsfwjs ${ms(net.nsfwjs.median)}, safeseal ${ms(net.safeseal.median)}, ratio ${(net.nsfwjs.median / net.safeseal.median).toFixed(2)}×`,
  );
  console.log(
    `folding: shipped uint8 graph ${ms(net.safeseal.median)} vs pre-folded float32 ${ms(net.float.median)} (ratio ${(net.safeseal.median / net.float.median).toFixed(3)})`,
  );
  console.log(
    `threads (onnxruntime-node, network only, ${cpus().length} cores): 1 thread ${ms(threads.one.median)}, 2 threads ${ms(threads.two.median)} (speed-up ${(threads.one.median / threads.two.median).toFixed(2)}×)`,
  );
  console.log(
    `cold start, bytes in memory → first result (median of ${COLD_REPS} fresh processes each): safeseal ${ms(coldOurs.cold_start_ms)} (before: ${ms(coldBefore.cold_start_ms)}), nsfwjs ${ms(coldNsfwjs.cold_start_ms)}, native ${ms(coldNative.cold_start_ms)}`,
  );
  console.log(
    `peak RSS (fresh process, ${CHILD_RUNS} runs after the first): safeseal ${coldOurs.peak_rss_mb.toFixed(1)} MB (before: ${coldBefore.peak_rss_mb.toFixed(1)} MB), nsfwjs ${coldNsfwjs.peak_rss_mb.toFixed(1)} MB, native ${coldNative.peak_rss_mb.toFixed(1)} MB`,
  );
  console.log(`  all cold starts (ms): ${SIDES.map((s) => `${s} [${cold[s].map((c) => c.cold_start_ms.toFixed(0)).join(', ')}]`).join('; ')}`);
  console.log(
    `download (model + wasm): safeseal ${mb(dl.safeseal.raw)} raw / ${mb(dl.safeseal.gzip)} gzip; nsfwjs ${mb(dl.nsfwjs.raw)} raw / ${mb(dl.nsfwjs.gzip)} gzip`,
  );
  const checks = [
    ['cold start ≤ nsfwjs', coldOurs.cold_start_ms <= coldNsfwjs.cold_start_ms],
    ['peak RSS ≤ 1.1 × nsfwjs', coldOurs.peak_rss_mb <= 1.1 * coldNsfwjs.peak_rss_mb],
    ['steady ratio ≥ 1.4', ratio >= 1.4],
    ['native ≥ 5× nsfwjs', theirs.median / native.median >= 5],
  ] as const;
  console.log(`targets: ${checks.map(([name, ok]) => `${name}: ${ok ? 'yes' : 'NO'}`).join('; ')}`);
  console.log(
    JSON.stringify({
      bench: 'classify',
      median_ms: round(mine.median),
      nsfwjs_median_ms: round(theirs.median),
      ratio: round(ratio, 2),
      cold_start_ms: round(coldOurs.cold_start_ms, 1),
      nsfwjs_cold_start_ms: round(coldNsfwjs.cold_start_ms, 1),
      peak_rss_mb: round(coldOurs.peak_rss_mb, 1),
      nsfwjs_peak_rss_mb: round(coldNsfwjs.peak_rss_mb, 1),
      native_median_ms: round(native.median),
      download_gzip_bytes: dl.safeseal.gzip,
      nsfwjs_download_gzip_bytes: dl.nsfwjs.gzip,
    }),
  );
  for (const c of [ours, native1, native2, prefolded] as ClassifierType[]) await c.dispose();
  nsfwjs.dispose();
  process.exit(0);
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) await child(childArg.slice('--child='.length) as Side);
else await main();
