// The graph the worker builds from the shipped model (src/classify/optimise.ts), loaded with
// onnxruntime's optimiser disabled, gives exactly — bit for bit — the probabilities of a session
// created the old way (shipped model, graphOptimizationLevel 'all') on the parity set; the build is
// reproducible (same bytes every time, pinned sha256); what onnxruntime executes is the same list of
// kernels; and bytes that are not a model fail with MODEL_LOAD, never anything else.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import * as ort from 'onnxruntime-web/wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../src/classify/classifier.js';
import { optimiseModel } from '../../src/classify/optimise.js';
import { LABELS, MODEL_SHA256, OPTIMISED_MODEL_SHA256 } from '../../src/classify/pins.js';
import { toModelInput } from '../../src/classify/preprocess.js';
import { isSafesealError } from '../../src/errors.js';
import { inspectImage } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { vector } from '../helpers/bad-inputs.js';
import { fixture, readModel, readWasm } from '../helpers/classifier-assets.js';
import { ownBuffer } from '../helpers/node-engine.js';
import { seededRandom } from '../helpers/prng.js';

/** The parity set of classify-parity.test.ts (benign reference photos), decoded and preprocessed. */
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
const DIMS = [1, 3, 224, 224];
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function parityInputs(): Promise<{ name: string; input: Float32Array }[]> {
  const out: { name: string; input: Float32Array }[] = [];
  for (const file of IMAGES) {
    const bytes = vector(file);
    out.push({ name: file, input: toModelInput(await nodeDecoder.decode(bytes.slice(), inspectImage(bytes))) });
  }
  for (let seed = 1; seed <= 8; seed++) {
    const next = seededRandom(seed);
    out.push({ name: `noise-${seed}`, input: new Float32Array(3 * 224 * 224).map(() => next() / 2 ** 32) });
  }
  return out;
}

async function probabilities(session: ort.InferenceSession, input: Float32Array, output = 'probabilities'): Promise<Float32Array> {
  const out = await session.run({ input: new ort.Tensor('float32', input, DIMS) });
  return out[output].data as Float32Array;
}

let oldWay: ort.InferenceSession;
beforeAll(async () => {
  ort.env.wasm.wasmBinary = readWasm();
  ort.env.wasm.numThreads = 1;
  oldWay = await ort.InferenceSession.create(readModel(), { graphOptimizationLevel: 'all' });
}, 120_000);
afterAll(() => oldWay?.release());

describe('the optimised graph built in the worker', () => {
  it('gives bit-identical probabilities to onnxruntime optimising the shipped model itself', async () => {
    const built = await ort.InferenceSession.create(optimiseModel(readModel()), { graphOptimizationLevel: 'disabled' });
    const classifier = await Classifier.create({ model: ownBuffer(readModel()), wasm: ownBuffer(readWasm()), modelSha256: MODEL_SHA256 }, 1);
    const inputs = await parityInputs();
    const tops = new Set<string>();
    for (const { name, input } of inputs) {
      const expected = await probabilities(oldWay, input);
      expect(Array.from(await probabilities(built, input)), name).toEqual(Array.from(expected));
      const scores = (await classifier.classifyTensor(input)).scores;
      expect(
        LABELS.map((l) => scores[l]),
        name,
      ).toEqual(Array.from(expected));
      tops.add(LABELS[expected.indexOf(Math.max(...expected))]);
    }
    expect(tops.size, 'the inputs should not all have the same top-1').toBeGreaterThanOrEqual(2);
    await built.release();
    await classifier.dispose();
  }, 300_000);

  it('is the same fixture model function too (bit-identical on the checker fixture)', async () => {
    const { bytes } = fixture('checker.onnx');
    const a = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
    const b = await ort.InferenceSession.create(optimiseModel(bytes), { graphOptimizationLevel: 'disabled' });
    for (const { input } of (await parityInputs()).slice(0, 4)) {
      const [x, y] = [await probabilities(a, input, a.outputNames[0]), await probabilities(b, input, b.outputNames[0])];
      expect(Array.from(y)).toEqual(Array.from(x));
    }
    await a.release();
    await b.release();
  }, 120_000);

  it('is reproducible: the same bytes every time, and the pinned sha256', () => {
    const first = optimiseModel(readModel());
    const second = optimiseModel(readModel());
    expect(sha256(second)).toBe(sha256(first));
    expect(sha256(first)).toBe(OPTIMISED_MODEL_SHA256);
    expect(sha256(readModel())).toBe(MODEL_SHA256); // the shipped file is untouched
    expect(first.length).toBeGreaterThan(10_000_000); // float32 weights: why it is built, not downloaded
  });

  it('refuses bytes that are not a model with MODEL_LOAD, and nothing else', () => {
    const model = readModel();
    const codeOf = (bytes: Uint8Array): string => {
      try {
        optimiseModel(bytes);
        return 'ok';
      } catch (e) {
        return isSafesealError(e) ? e.code : `not a SafesealError: ${String(e)}`;
      }
    };
    expect(codeOf(fixture('not-onnx.onnx').bytes)).toBe('MODEL_LOAD');
    expect(codeOf(new Uint8Array(0))).toBe('MODEL_LOAD');
    for (const cut of [1, 17, 1000, model.length >> 1, model.length - 1]) expect(['MODEL_LOAD', 'ok']).toContain(codeOf(model.subarray(0, cut)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => ['MODEL_LOAD', 'ok'].includes(codeOf(bytes))),
      { numRuns: 500, seed: 11 },
    );
  });
});
