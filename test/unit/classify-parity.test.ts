// Parity with nsfwjs@4.4.0 itself (TensorFlow.js, wasm backend): the ONNX network on the very same
// 224×224 tensor (pdq-vectors images preprocessed by nsfwjs's code, and seeded synthetic tensors)
// within 1e-4 with identical top-1; and classifyImage on files against nsfwjs on the same decoded
// pixels within 1e-3. Prints the largest differences seen.

import type { NSFWJS } from 'nsfwjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../src/classify/classifier.js';
import { LABELS, MODEL_SHA256 } from '../../src/classify/pins.js';
import { Engine } from '../../src/engine/engine.js';
import { inspectImage } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { readModel, readWasm } from '../helpers/classifier-assets.js';
import { ownBuffer } from '../helpers/worker-harness.js';
import { loadNsfwjs, nsfwjsInput, nsfwjsOnPixels, nsfwjsProbabilities, tf, toNchw } from '../helpers/nsfwjs.js';
import { vector } from '../helpers/bad-inputs.js';

const IMAGES = [
  'pdq/data/bridge-mods/aaa-orig.jpg',
  'pdq/data/bridge-mods/high-saturation.jpg',
  'pdq/data/bridge-mods/square-128x128.jpg',
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'pdq/data/reg-test-input/labelme-subset/q0003.jpg',
  'pdq/data/reg-test-input/labelme-subset/q0746.jpg',
  'pdq/data/reg-test-input/labelme-subset/q2821.jpg',
  'pdq/data/reg-test-input/exif-rotn/exif-rotn-6.jpg',
  'pdq/data/misc-images/c.png',
  'pdq/data/misc-images/modes/L.png',
  'pdq/data/misc-images/modes/RGBA.png',
  'pdq/data/misc-images/modes/CMYK.jpg',
  'python-threatexchange/threatexchange/tests/hashing/resources/sample-b.jpg',
];

/** Deterministic synthetic NHWC tensors in [0, 1]: noise, smooth noise, gradients, stripes, flats. */
function synthetic(seed: number): Float32Array {
  let x = (seed * 2654435761) >>> 0 || 1;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const [a, b, c] = [rnd(), rnd(), rnd()];
  const kind = seed % 5;
  const out = new Float32Array(224 * 224 * 3);
  for (let i = 0; i < 224 * 224; i++) {
    const u = (i % 224) / 223;
    const v = Math.floor(i / 224) / 223;
    for (let ch = 0; ch < 3; ch++) {
      const phase = [a, b, c][ch];
      let value: number;
      if (kind === 0) value = rnd();
      else if (kind === 1) value = 0.5 + 0.5 * Math.sin(6.28 * (u * (1 + 3 * a) + v * (1 + 3 * b) + phase));
      else if (kind === 2) value = ch === 0 ? u : ch === 1 ? v : phase;
      else if (kind === 3) value = Math.floor(u * (4 + 20 * a)) % 2 === 0 ? phase : 1 - phase;
      else value = Math.min(1, Math.max(0, phase + 0.1 * (rnd() - 0.5)));
      out[i * 3 + ch] = value;
    }
  }
  return out;
}

const top1 = (p: ArrayLike<number>): string => LABELS[Array.from(p).indexOf(Math.max(...Array.from(p)))];

let nsfwjs: NSFWJS;
let ours: Classifier;

beforeAll(async () => {
  nsfwjs = await loadNsfwjs();
  ours = await Classifier.create({ model: ownBuffer(readModel()), wasm: ownBuffer(readWasm()), modelSha256: MODEL_SHA256 }, 1);
}, 120_000);
afterAll(async () => {
  await ours?.dispose();
  nsfwjs?.dispose();
});

describe('ONNX classifier vs nsfwjs@4.4.0 (tfjs wasm)', () => {
  it('gives the same 5 probabilities (≤ 1e-4) and top-1 on the same 224×224 tensors', async () => {
    const inputs: { name: string; nhwc: tf.Tensor4D }[] = [];
    for (const file of IMAGES) {
      const bytes = vector(file);
      const pixels = await nodeDecoder.decode(bytes.slice(), inspectImage(bytes));
      inputs.push({ name: file, nhwc: nsfwjsInput(pixels) });
    }
    for (let seed = 1; seed <= 10; seed++) inputs.push({ name: `synthetic-${seed}`, nhwc: tf.tensor4d(synthetic(seed), [1, 224, 224, 3]) });
    expect(inputs.length).toBeGreaterThanOrEqual(20);
    let worst = 0;
    const tops = new Set<string>();
    for (const { name, nhwc } of inputs) {
      const expected = await nsfwjsProbabilities(nsfwjs, nhwc);
      const got = await ours.classifyTensor(toNchw((await nhwc.data()) as Float32Array));
      nhwc.dispose();
      const values = LABELS.map((l) => got.scores[l]);
      const diff = Math.max(...values.map((v, i) => Math.abs(v - expected[i])));
      worst = Math.max(worst, diff);
      expect(diff, name).toBeLessThanOrEqual(1e-4);
      expect(top1(values), name).toBe(top1(expected));
      tops.add(top1(expected));
    }
    expect(tops.size, 'the inputs should not all have the same top-1').toBeGreaterThanOrEqual(2);
    console.info(`parity (same tensor): ${inputs.length} inputs, max |Δp| = ${worst.toExponential(2)}, top-1 classes seen: ${[...tops].join(', ')}`);
  });

  it('classifyImage on files equals nsfwjs on the same decoded pixels (≤ 1e-3), same top-1', async () => {
    const engine = await Engine.create(
      {
        maxPixels: 50_000_000,
        exposeDetails: true,
        classifier: { model: ownBuffer(readModel()), wasm: ownBuffer(readWasm()), modelSha256: MODEL_SHA256 },
      },
      nodeDecoder,
    );
    let worst = 0;
    for (const file of IMAGES) {
      const bytes = vector(file);
      const pixels = await nodeDecoder.decode(bytes.slice(), inspectImage(bytes));
      const expected = await nsfwjsOnPixels(nsfwjs, pixels);
      const got = await engine.classifyImage({ kind: 'encoded', bytes: ownBuffer(bytes) });
      const values = LABELS.map((l) => got.scores[l]);
      const diff = Math.max(...values.map((v, i) => Math.abs(v - expected[i])));
      worst = Math.max(worst, diff);
      expect(diff, file).toBeLessThanOrEqual(1e-3);
      expect(top1(values), file).toBe(top1(expected));
      expect(got.sexual).toBeCloseTo(got.scores.porn + got.scores.hentai, 12);
      expect(got.suggestive).toBe(got.scores.sexy);
      expect(got.model).toBe(MODEL_SHA256);
    }
    console.info(`parity (files, decoded pixels): ${IMAGES.length} files, max |Δp| = ${worst.toExponential(2)}`);
  });
});
