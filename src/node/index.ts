// The `safeseal` entry for Node: the same Scanner, its engine in a worker_threads worker, images
// decoded with sharp (JPEG, WebP, GIF) and safeseal's own PNG decoder. By default (`model: true`)
// the classifier loads the model and onnxruntime wasm the package ships in dist/assets/, read
// from disk here and handed to the worker as bytes.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mapClassifierOptions, type AssetSource } from '../scanner/assets.js';
import { MODEL_FILE, ORT_WASM_FILE } from '../classify/pins.js';
import { checkObject } from '../check.js';
import { SafesealError } from '../errors.js';
import { Scanner, type ScannerOptions, type WorkerHandle } from '../scanner/scanner.js';
import { nodeEndpoint } from './endpoint.js';

export * from '../api.js';

export interface NodeScannerOptions extends Omit<ScannerOptions, 'model' | 'wasm'> {
  /**
   * The classifier model: `true` (the default) for the model safeseal ships
   * (dist/assets/nsfw-mobilenetv2.onnx), a file path, a file: or http(s) URL, or bytes; `false` for
   * none — loading one costs about a second and a few hundred MB after start-up, which a tool that
   * only hashes or matches should not pay (the CLI's `hash` and `match` pass `false`).
   */
  readonly model?: AssetSource | boolean;
  /** onnxruntime-web's wasm, as `model`. Default: the pinned copy the package ships in dist/assets/. */
  readonly wasm?: AssetSource;
}

/**
 * Run from the repository's sources (tests, tsx) there is no dist/assets/ beside this file: the
 * repository's own copies are used instead (models/, and the wasm in the dev install of onnxruntime-web).
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The model file safeseal ships: dist/assets/nsfw-mobilenetv2.onnx in the package. */
export const PACKAGED_MODEL_URL = FROM_SOURCE
  ? new URL(`../../models/${MODEL_FILE}`, import.meta.url)
  : new URL(`../assets/${MODEL_FILE}`, import.meta.url);

/** The pinned onnxruntime wasm safeseal ships: dist/assets/ort-wasm-simd-threaded.wasm in the package. */
export function packagedWasmUrl(): URL {
  if (FROM_SOURCE) return pathToFileURL(createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_WASM_FILE}`));
  return new URL(`../assets/${ORT_WASM_FILE}`, import.meta.url);
}

/** Paths and file: URLs become file: URLs (read by the Scanner), the rest is left as it is. */
function nodeSource(value: AssetSource, option: string): AssetSource {
  if (typeof value !== 'string') return value;
  if (/^(https?|file):/i.test(value)) return value;
  if (value === '') throw new SafesealError('INVALID_ARGUMENT', `"${option}" must not be empty`);
  return pathToFileURL(isAbsolute(value) ? value : resolve(value));
}

async function readLocal(url: URL): Promise<Uint8Array> {
  return new Uint8Array(await readFile(url));
}

function nodeWorker(url: URL): WorkerHandle {
  const worker = new Worker(url);
  return {
    endpoint: nodeEndpoint(worker),
    watch(onExit) {
      worker.on('error', (e) => onExit(e.message));
      worker.on('exit', (code) => onExit(`exited with code ${code}`));
    },
    terminate: async () => {
      await worker.terminate();
    },
    // Referenced while the scanner starts or a call is in flight (an unref'd worker would let
    // Node exit before the answer arrives), unreferenced when idle: a script that forgets
    // dispose() still exits once its last call has answered.
    keepAlive: (busy) => {
      if (busy) worker.ref();
      else worker.unref();
    },
  };
}

/** Maps the Node forms of `model` / `wasm` (true, paths) to what the Scanner takes. */
const nodeClassifierOptions = (options: Record<string, unknown>): Record<string, unknown> =>
  mapClassifierOptions(options, { model: () => PACKAGED_MODEL_URL, wasm: packagedWasmUrl }, nodeSource);

/**
 * Starts a scanner whose engine runs in a worker thread; see the browser entry for the contract:
 * it resolves after the self-test and loads the classifier (by default the shipped model) in the
 * background. A model or wasm that cannot be read or verified leaves the scanner hashing, with
 * `scanner.classifier.state === 'failed'`. The worker keeps Node alive only while the scanner
 * starts and while calls (the classifier's load among them) are in flight, so a script that never
 * calls dispose() still exits.
 * @throws SafesealError only INVALID_ARGUMENT (options), SELF_TEST or WORKER_CRASHED (also a start
 *   past `startTimeoutMs`, the message naming the stage)
 */
export async function createScanner(options: NodeScannerOptions = {}): Promise<Scanner> {
  const o = checkObject(options, 'options');
  const url = new URL('./worker.js', import.meta.url);
  return Scanner.start(() => nodeWorker(url), nodeClassifierOptions(o) as ScannerOptions, { readLocal, classifierOptions: nodeClassifierOptions });
}
