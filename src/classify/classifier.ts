// The worker's ONNX classifier: verifies the model's and the wasm's sha256 before onnxruntime sees
// either, creates the session from bytes (never a URL: the worker has no network), warms it up, and
// turns pixels into nsfwjs's five probabilities. Imported by the worker only, never the main thread.

import * as ort from 'onnxruntime-web/wasm';
import { sha256Hex } from '../crypto/digest.js';
import { SafesealError } from '../errors.js';
import type { Pixels } from '../image/pixels.js';
import type { ClassifierConfig, ClassifyResult } from '../protocol.js';
import { INPUT_NAME, INPUT_SIZE, LABELS, ORT_WASM_FILE, ORT_WASM_SHA256, OUTPUT_NAME } from './pins.js';
import { toModelInput } from './preprocess.js';
import { toClassifyResult } from './scores.js';

const INPUT_DIMS = [1, 3, INPUT_SIZE, INPUT_SIZE] as const;
/**
 * Warm-up inferences at start-up. One is not enough: V8 first runs onnxruntime's wasm from its
 * baseline compiler and tiers hot functions up in the background; measured in Node, the first three
 * runs after session creation took 300, 260 and 100 ms against a steady ~60 ms through the scanner.
 */
const WARMUP_RUNS = 3;

/**
 * Threads for onnxruntime: 1, unless the page is cross-origin isolated (SharedArrayBuffer), then
 * up to 4, at most one per logical core. onnxruntime's extra threads are "em-pthread" workers that
 * load this worker bundle again from its own URL (see worker/browser.ts).
 */
export function threadCount(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } } = globalThis): number {
  if (scope.crossOriginIsolated !== true) return 1;
  const cores = scope.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, cores));
}

/**
 * Points onnxruntime at the verified wasm bytes. onnxruntime's `env` is process-global and read
 * once, when its wasm is first instantiated; a worker holds exactly one Classifier, so this is set
 * once per worker, here, and nowhere else. No wasmPaths: onnxruntime must not fetch anything.
 */
function configureRuntime(wasm: Uint8Array, threads: number): void {
  ort.env.wasm.wasmBinary = wasm;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
}

export class Classifier {
  readonly #session: ort.InferenceSession;
  /** sha256 of the model, reported with every result. */
  readonly model: string;
  readonly threads: number;
  /** Runs one after another: onnxruntime sessions are not meant for overlapping runs. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(session: ort.InferenceSession, model: string, threads: number) {
    this.#session = session;
    this.model = model;
    this.threads = threads;
  }

  /**
   * Verifies both pins, then creates the session and runs WARMUP_RUNS warm-up inferences (the first
   * runs are several times slower than the steady state; better at start-up, in the worker, than on
   * the user's first images). `onStage` hears `compile` and `warmup` as they begin.
   * @throws SafesealError MODEL_INTEGRITY (model or wasm does not match its sha256), MODEL_LOAD
   *   (onnxruntime cannot load or run it, or it breaks the input/output contract)
   */
  static async create(config: ClassifierConfig, threads: number = threadCount(), onStage?: (stage: 'compile' | 'warmup') => void): Promise<Classifier> {
    const wasm = new Uint8Array(config.wasm);
    const model = new Uint8Array(config.model);
    if ((await sha256Hex(wasm)) !== ORT_WASM_SHA256) {
      throw new SafesealError('MODEL_INTEGRITY', `the onnxruntime wasm is not onnxruntime-web's ${ORT_WASM_FILE} this build pins`);
    }
    const modelSha = await sha256Hex(model);
    if (modelSha !== config.modelSha256) {
      throw new SafesealError('MODEL_INTEGRITY', `the model's sha256 is ${modelSha}, expected ${config.modelSha256}`);
    }
    configureRuntime(wasm, threads);
    onStage?.('compile');
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    } catch (e) {
      throw new SafesealError('MODEL_LOAD', `onnxruntime could not load the model: ${(e as Error).message ?? e}`, { cause: e });
    }
    const classifier = new Classifier(session, modelSha, threads);
    try {
      if (!session.inputNames.includes(INPUT_NAME) || !session.outputNames.includes(OUTPUT_NAME)) {
        throw new SafesealError('MODEL_LOAD', `the model must take "${INPUT_NAME}" and give "${OUTPUT_NAME}"`);
      }
      const zeros = new Float32Array(3 * INPUT_SIZE * INPUT_SIZE);
      onStage?.('warmup');
      for (let i = 0; i < WARMUP_RUNS; i++) await classifier.classifyTensor(zeros);
    } catch (e) {
      await session.release().catch(() => undefined);
      if (e instanceof SafesealError && e.code === 'MODEL_LOAD') throw e;
      throw new SafesealError('MODEL_LOAD', `the model does not run: ${(e as Error).message ?? e}`, { cause: e });
    }
    return classifier;
  }

  /**
   * nsfwjs's five probabilities for decoded pixels.
   * @throws SafesealError INVALID_ARGUMENT (malformed pixels), MODEL_LOAD (the model gave no valid probabilities)
   */
  classify(pixels: Pixels): Promise<ClassifyResult> {
    return this.classifyTensor(toModelInput(pixels));
  }

  /**
   * The probabilities for an already preprocessed input: NCHW float32 [1, 3, 224, 224].
   * @throws SafesealError INVALID_ARGUMENT (wrong length), MODEL_LOAD (no valid probabilities)
   */
  classifyTensor(input: Float32Array): Promise<ClassifyResult> {
    if (!(input instanceof Float32Array) || input.length !== 3 * INPUT_SIZE * INPUT_SIZE) {
      return Promise.reject(new SafesealError('INVALID_ARGUMENT', `"input" must be a Float32Array of 3 × ${INPUT_SIZE} × ${INPUT_SIZE}`));
    }
    const run = this.#queue.then(async () => {
      const out = await this.#session.run({ [INPUT_NAME]: new ort.Tensor('float32', input, INPUT_DIMS) });
      const probabilities = out[OUTPUT_NAME];
      try {
        if (!probabilities || probabilities.type !== 'float32' || probabilities.data.length !== LABELS.length) {
          throw new SafesealError('MODEL_LOAD', `the model must give ${LABELS.length} float32 probabilities`);
        }
        return toClassifyResult(probabilities.data as Float32Array, this.model);
      } finally {
        for (const t of Object.values(out)) t.dispose();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Frees the session. */
  async dispose(): Promise<void> {
    await this.#session.release();
  }
}
