// The native runtime (onnxruntime-node, installed here as a devDependency): it loads, it is the
// runtime the Node worker picks, and its probabilities agree with onnxruntime-web's and nsfwjs's
// on the same tensors within tolerances (native kernels differ in summation order and FMA, so not
// bit for bit). Also the thread rule: threads only with ≥ 4 logical cores.

import type { NSFWJS } from 'nsfwjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../src/classify/classifier.js';
import { LABELS, MODEL_SHA256 } from '../../src/classify/pins.js';
import { threadCount, threadsFor } from '../../src/classify/runtime.js';
import { inspectImage } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { loadOnnxruntimeNode } from '../../src/node/onnxruntime-node.js';
import { vector } from '../helpers/bad-inputs.js';
import { readModel, readWasm } from '../helpers/classifier-assets.js';
import { ownBuffer } from '../helpers/node-engine.js';
import { loadNsfwjs, nsfwjsInput, nsfwjsProbabilities, tf, toNchw } from '../helpers/nsfwjs.js';
import { seededRandom } from '../helpers/prng.js';

const IMAGES = [
  'pdq/data/bridge-mods/aaa-orig.jpg',
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'pdq/data/reg-test-input/labelme-subset/q0003.jpg',
  'pdq/data/reg-test-input/labelme-subset/q2821.jpg',
  'pdq/data/misc-images/c.png',
  'pdq/data/misc-images/modes/CMYK.jpg',
];
const assets = () => ({ model: ownBuffer(readModel()), wasm: ownBuffer(readWasm()), modelSha256: MODEL_SHA256 });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

let nsfwjs: NSFWJS;
let web: Classifier;
let native: Classifier;
beforeAll(async () => {
  const runtime = await loadOnnxruntimeNode();
  if (!runtime) throw new Error('onnxruntime-node is a devDependency here and must load');
  nsfwjs = await loadNsfwjs();
  web = await Classifier.create(assets(), 1);
  native = await Classifier.create(assets(), 1, runtime);
}, 120_000);
afterAll(async () => {
  await web?.dispose();
  await native?.dispose();
  nsfwjs?.dispose();
});

describe('onnxruntime-node', () => {
  it('is what the Node worker loads, unless SAFESEAL_RUNTIME=onnxruntime-web', async () => {
    expect(native.runtime).toBe('onnxruntime-node');
    expect(web.runtime).toBe('onnxruntime-web');
    expect(native.model).toBe(MODEL_SHA256);
    const saved = process.env.SAFESEAL_RUNTIME;
    process.env.SAFESEAL_RUNTIME = 'onnxruntime-web';
    try {
      expect(await loadOnnxruntimeNode()).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.SAFESEAL_RUNTIME;
      else process.env.SAFESEAL_RUNTIME = saved;
    }
  });

  it('agrees with onnxruntime-web (≤ 1e-5) and nsfwjs (≤ 1e-4), with the same top-1, on the same tensors', async () => {
    const inputs: { name: string; nhwc: tf.Tensor4D }[] = [];
    for (const file of IMAGES) {
      const bytes = vector(file);
      inputs.push({ name: file, nhwc: nsfwjsInput(await nodeDecoder.decode(bytes.slice(), inspectImage(bytes))) });
    }
    for (let seed = 1; seed <= 4; seed++) {
      const next = seededRandom(seed);
      inputs.push({
        name: `noise-${seed}`,
        nhwc: tf.tensor4d(
          new Float32Array(224 * 224 * 3).map(() => next() / 2 ** 32),
          [1, 224, 224, 3],
        ),
      });
    }
    let [worstWeb, worstNsfwjs] = [0, 0];
    for (const { name, nhwc } of inputs) {
      const expected = await nsfwjsProbabilities(nsfwjs, nhwc);
      const nchw = toNchw((await nhwc.data()) as Float32Array);
      nhwc.dispose();
      const [n, w] = [(await native.classifyTensor(nchw)).scores, (await web.classifyTensor(nchw)).scores];
      const [nv, wv] = [LABELS.map((l) => n[l]), LABELS.map((l) => w[l])];
      worstWeb = Math.max(worstWeb, maxDiff(nv, wv));
      worstNsfwjs = Math.max(worstNsfwjs, maxDiff(nv, expected));
      expect(maxDiff(nv, wv), name).toBeLessThanOrEqual(1e-5);
      expect(maxDiff(nv, expected), name).toBeLessThanOrEqual(1e-4);
      expect(nv.indexOf(Math.max(...nv)), name).toBe(expected.indexOf(Math.max(...expected)));
    }
    console.info(
      `native parity: ${inputs.length} tensors, max |Δp| vs onnxruntime-web ${worstWeb.toExponential(2)}, vs nsfwjs ${worstNsfwjs.toExponential(2)}`,
    );
  });
});

describe('threads only where they pay', () => {
  it('uses 1 thread below 4 logical cores, then up to 4', () => {
    expect([0, 1, 2, 3, 4, 6, 8, 64, 2.5, NaN].map(threadsFor)).toEqual([1, 1, 1, 1, 4, 4, 4, 4, 1, 1]);
  });

  it('onnxruntime-web threads only on cross-origin isolated pages with ≥ 4 cores', () => {
    expect(threadCount({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 16 } })).toBe(1);
    expect(threadCount({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(1);
    expect(threadCount({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 4 } })).toBe(4);
    expect(threadCount({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 12 } })).toBe(4);
    expect(threadCount({ crossOriginIsolated: true, navigator: {} })).toBe(1);
  });
});
