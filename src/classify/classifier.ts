// The worker's ONNX classifier: verifies the model's and the wasm's sha256 before onnxruntime sees
// either, creates the session from bytes (never a URL: the worker has no network), warms it up, and
// turns pixels into nsfwjs's five probabilities. Imported by the worker only, never the main thread.
// onnxruntime-web gets the graph its optimiser would build, built here (optimise.ts) and loaded
// with optimisation off; a native runtime (Node) optimises the shipped graph itself, natively.

import * as ort from 'onnxruntime-web/wasm';
import { sha256Hex } from '../crypto/digest.js';
import { isSafesealError, SafesealError } from '../errors.js';
import type { Pixels } from '../image/pixels.js';
import type { ClassifierConfig, ClassifyResult } from '../protocol.js';
import { optimiseModel } from './optimise.js';
import { INPUT_NAME, INPUT_SIZE, LABELS, ORT_VERSION, ORT_WASM_FILE, ORT_WASM_SHA256, OUTPUT_NAME } from './pins.js';
import { toModelInput } from './preprocess.js';
import { threadCount, type NativeRuntime, type OrtApi, type RuntimeName } from './runtime.js';
import { toClassifyResult } from './scores.js';

export { threadCount, threadsFor } from './runtime.js';

const INPUT_DIMS = [1, 3, INPUT_SIZE, INPUT_SIZE] as const;
/**
 * Warm-up inferences at start-up: one, which also proves the model runs and keeps its output
 * contract before the classifier is reported ready. More would make the first images faster (V8
 * tiers onnxruntime's wasm up over the first runs: ~300, 260, 100 ms against a steady ~60 ms) but
 * costs start-up the same time, and time to first result is what a user opening a chat waits for.
 */
const WARMUP_RUNS = 1;

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

/** Creates the session: native on the shipped graph (its own optimiser), wasm on our pre-optimised graph. */
async function createSession(model: Uint8Array, wasm: Uint8Array, threads: number, native: NativeRuntime | null): Promise<ort.InferenceSession> {
  if (native) {
    return native.ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
  }
  const optimised = optimiseModel(model); // MODEL_LOAD if it is not an ONNX model we can read
  configureRuntime(wasm, threads);
  return ort.InferenceSession.create(optimised, { executionProviders: ['wasm'], graphOptimizationLevel: 'disabled' });
}

export class Classifier {
  readonly #session: ort.InferenceSession;
  /** sha256 of the model, reported with every result. */
  readonly model: string;
  readonly threads: number;
  /** Which onnxruntime runs the model. */
  readonly runtime: RuntimeName;
  readonly #Tensor: OrtApi['Tensor'];
  /** Runs one after another: onnxruntime sessions are not meant for overlapping runs. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(session: ort.InferenceSession, model: string, threads: number, native: NativeRuntime | null) {
    this.#session = session;
    this.model = model;
    this.threads = threads;
    this.runtime = native ? native.name : 'onnxruntime-web';
    this.#Tensor = native ? native.ort.Tensor : ort.Tensor;
  }

  /**
   * Verifies both pins, then creates the session and runs a warm-up inference (WARMUP_RUNS). With
   * `native`, the session runs there and the wasm is checked but unused. `onStage` hears `compile`
   * and `warmup` as they begin.
   * @param threads onnxruntime's intra-op threads (default: threadCount(), or the native runtime's)
   * @throws SafesealError MODEL_INTEGRITY (model or wasm does not match its sha256), MODEL_LOAD
   *   (onnxruntime cannot load or run it, or it breaks the input/output contract)
   */
  static async create(
    config: ClassifierConfig,
    threads?: number,
    native: NativeRuntime | null = null,
    onStage?: (stage: 'compile' | 'warmup') => void,
  ): Promise<Classifier> {
    const wasm = new Uint8Array(config.wasm);
    const model = new Uint8Array(config.model);
    const wasmSha = await sha256Hex(wasm);
    if (wasmSha !== ORT_WASM_SHA256) {
      throw new SafesealError(
        'MODEL_INTEGRITY',
        `the onnxruntime wasm's sha256 is ${wasmSha}, expected ${ORT_WASM_SHA256} (onnxruntime-web ${ORT_VERSION}'s ${ORT_WASM_FILE}, pinned in this build)`,
      );
    }
    const modelSha = await sha256Hex(model);
    if (modelSha !== config.modelSha256) {
      throw new SafesealError('MODEL_INTEGRITY', `the model's sha256 is ${modelSha}, expected ${config.modelSha256}`);
    }
    const threadsUsed = threads ?? native?.threads ?? threadCount();
    onStage?.('compile');
    let session: ort.InferenceSession;
    try {
      session = await createSession(model, wasm, threadsUsed, native);
    } catch (e) {
      if (isSafesealError(e)) throw e;
      throw new SafesealError('MODEL_LOAD', `onnxruntime could not load the model: ${(e as Error).message ?? e}`, { cause: e });
    }
    const classifier = new Classifier(session, modelSha, threadsUsed, native);
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
      const out = await this.#session.run({ [INPUT_NAME]: new this.#Tensor('float32', input, INPUT_DIMS) });
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
