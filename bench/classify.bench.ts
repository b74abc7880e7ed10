// bench:classify — nsfwjs@4.4.0 on @tensorflow/tfjs-backend-wasm against safeseal's ONNX classifier
// (onnxruntime-web, wasm) on the same 224×224 RGB pixels, in the same process, 1 thread each:
// medians over ≥ 50 runs (pixels → probabilities, preprocessing included), then the network alone,
// and the shipped uint8 graph against a pre-folded float32 build (folding leaves no run-time cost).
// Cold start (model bytes → first result) and peak RSS come from one fresh child process per side.

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Classifier } from '../src/classify/classifier.js';
import { MODEL_SHA256 } from '../src/classify/pins.js';
import { toModelInput } from '../src/classify/preprocess.js';
import type { Pixels } from '../src/image/pixels.js';
import { readModel, readWasm } from '../test/helpers/classifier-assets.js';
import { ms, round, time } from './stats.js';

const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 60));
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

/**
 * Child mode: one side only, fresh process — cold start from bytes in memory, then peak RSS. Each
 * side imports only its own runtime (tfjs + nsfwjs's bundled models are large), so neither side's
 * RSS counts the other's code.
 */
async function child(side: string): Promise<void> {
  const px = pixels224();
  const model = readModel();
  const wasm = readWasm();
  const t0 = performance.now();
  if (side === 'safeseal') {
    const classifier = await Classifier.create({ model: own(model), wasm: own(wasm), modelSha256: MODEL_SHA256 }, 1);
    await classifier.classify(px);
    const cold = performance.now() - t0;
    for (let i = 0; i < RUNS; i++) await classifier.classify(px);
    process.stdout.write(JSON.stringify({ cold_start_ms: cold, peak_rss_mb: peakRssMb() }) + '\n');
  } else {
    const { loadNsfwjs, tf } = await import('../test/helpers/nsfwjs.js');
    const nsfwjs = await loadNsfwjs(); // tfjs-wasm start + weights from nsfwjs's bundled base64 + its warm-up
    const img = tf.tensor3d(px.data, [224, 224, 3], 'int32');
    const first = nsfwjs.infer(img);
    await first.data();
    const cold = performance.now() - t0;
    first.dispose();
    for (let i = 0; i < RUNS; i++) {
      const out = nsfwjs.infer(img);
      await out.data();
      out.dispose();
    }
    process.stdout.write(JSON.stringify({ cold_start_ms: cold, peak_rss_mb: peakRssMb() }) + '\n');
  }
}

function spawnChild(side: string): { cold_start_ms: number; peak_rss_mb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${side}`], { encoding: 'utf8', env: { ...process.env, BENCH_RUNS: String(RUNS) } });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

async function main(): Promise<void> {
  console.log(`bench:classify on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, ${RUNS} runs each, 1 thread`);
  const coldOurs = spawnChild('safeseal');
  const coldNsfwjs = spawnChild('nsfwjs');

  const { loadNsfwjs, nsfwjsProbabilities, tf } = await import('../test/helpers/nsfwjs.js');
  const { buildModel, sha256Hex } = await import('../models/build.js');
  const px = pixels224();
  const ours = await Classifier.create({ model: own(readModel()), wasm: own(readWasm()), modelSha256: MODEL_SHA256 }, 1);
  const floatModel = buildModel('float');
  const prefolded = await Classifier.create({ model: own(floatModel), wasm: own(readWasm()), modelSha256: sha256Hex(floatModel) }, 1);
  const nsfwjs = await loadNsfwjs();

  // End to end: 224×224 RGB pixels → 5 probabilities (nsfwjs: toFloat, / 255, predict; ours: resize + run).
  const img = tf.tensor3d(px.data, [224, 224, 3], 'int32');
  const theirs = await time(async () => {
    const out = nsfwjs.infer(img);
    await out.data();
    out.dispose();
  }, RUNS);
  const mine = await time(() => ours.classify(px), RUNS);

  // The network alone, on the same preprocessed tensor.
  const nchw = toModelInput(px);
  const nhwc = tf.tidy(() => tf.tensor3d(px.data, [224, 224, 3], 'int32').toFloat().div(255).reshape([1, 224, 224, 3])) as import('@tensorflow/tfjs').Tensor4D;
  const theirsNet = await time(() => nsfwjsProbabilities(nsfwjs, nhwc), RUNS);
  const mineNet = await time(() => ours.classifyTensor(nchw), RUNS);
  const floatNet = await time(() => prefolded.classifyTensor(nchw), RUNS);
  const preprocess = await time(() => toModelInput(px), RUNS);

  const ratio = theirs.median / mine.median;
  console.log(`nsfwjs@4.4.0 (tfjs-wasm)  pixels → probabilities: median ${ms(theirs.median)}  p99 ${ms(theirs.p99)}`);
  console.log(`safeseal (onnxruntime-web) pixels → probabilities: median ${ms(mine.median)}  p99 ${ms(mine.p99)}  (preprocessing alone ${ms(preprocess.median)})`);
  console.log(`ratio nsfwjs / safeseal: ${ratio.toFixed(2)}×`);
  console.log(`network only: nsfwjs ${ms(theirsNet.median)}, safeseal ${ms(mineNet.median)}, ratio ${(theirsNet.median / mineNet.median).toFixed(2)}×`);
  console.log(`folding: shipped uint8 graph ${ms(mineNet.median)} vs pre-folded float32 ${ms(floatNet.median)} (ratio ${(mineNet.median / floatNet.median).toFixed(3)})`);
  console.log(`cold start, bytes in memory → first result (fresh process): safeseal ${ms(coldOurs.cold_start_ms)}, nsfwjs ${ms(coldNsfwjs.cold_start_ms)}`);
  console.log(`peak RSS (fresh process, ${RUNS} runs): safeseal ${coldOurs.peak_rss_mb.toFixed(1)} MB, nsfwjs ${coldNsfwjs.peak_rss_mb.toFixed(1)} MB`);
  console.log(
    JSON.stringify({
      bench: 'classify',
      median_ms: round(mine.median),
      nsfwjs_median_ms: round(theirs.median),
      ratio: round(ratio, 2),
      cold_start_ms: round(coldOurs.cold_start_ms, 1),
      peak_rss_mb: round(coldOurs.peak_rss_mb, 1),
    }),
  );
  await ours.dispose();
  await prefolded.dispose();
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) await child(childArg.slice('--child='.length));
else await main();
