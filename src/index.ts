// The `safeseal` entry for browsers: createScanner() starts the scanner in a module Web Worker.

import { checkObject } from './check.js';
import { SafesealError } from './errors.js';
import { mapClassifierOptions, type AssetSource } from './scanner/assets.js';
import { Scanner, type ScannerOptions, type WorkerHandle } from './scanner/scanner.js';

export * from './api.js';

// The assets the package ships in dist/assets/, next to this module. Written as literal
// `new URL('./…', import.meta.url)` so that bundlers (Vite, webpack, Parcel, esbuild with a plugin)
// recognise them and emit the files with the app; do not build these URLs from variables.
const shippedModelUrl = (): URL => new URL('./assets/nsfw-mobilenetv2.onnx', import.meta.url);
const shippedWasmUrl = (): URL => new URL('./assets/ort-wasm-simd-threaded.wasm', import.meta.url);

export interface BrowserScannerOptions extends Omit<ScannerOptions, 'model' | 'wasm'> {
  /**
   * The classifier model: `true` (the default) for the model safeseal ships
   * (`safeseal/assets/nsfw-mobilenetv2.onnx`, fetched from next to this module, no configuration
   * needed), a URL on the app's own origin, or its bytes; `false` for no classifier (the scanner
   * only hashes and matches, and scanImage hands NOT_READY to `onError`). It loads after
   * createScanner resolves (`scanner.classifier` is `loading` meanwhile; scans wait for it).
   */
  readonly model?: AssetSource | boolean;
  /**
   * onnxruntime-web's `ort-wasm-simd-threaded.wasm`, as `model`. Default: the copy the package ships
   * next to this module (`safeseal/assets/ort-wasm-simd-threaded.wasm`).
   */
  readonly wasm?: AssetSource;
  /**
   * URL of safeseal's worker bundle (`dist/worker.js`) on the app's own origin. Default: next to
   * this module, which is what bundlers that understand `new URL(…, import.meta.url)` expect.
   */
  readonly workerUrl?: string | URL;
}

/**
 * Why a module worker gave an `error` event without a message: it could not be loaded. Names the
 * URL, and the fix for the common case: a dev server that pre-bundles dependencies into another
 * folder (Vite 7's node_modules/.vite/deps/), where `./worker.js` next to the module does not exist.
 */
function loadFailure(url: string | URL): string {
  const href = new URL(url, typeof location === 'undefined' ? undefined : location.href).href;
  return (
    `the worker script ${href} could not be loaded (it must be served as JavaScript from the app's origin). ` +
    `Under Vite 7's dev server add optimizeDeps: { exclude: ['safeseal'] } to vite.config; elsewhere pass "workerUrl"`
  );
}

function browserWorker(url: string | URL): WorkerHandle {
  const worker = new Worker(url, { type: 'module', name: 'safeseal' });
  return {
    endpoint: worker,
    watch(onExit) {
      worker.addEventListener('error', (e) => onExit((e as Partial<ErrorEvent>).message || loadFailure(url)));
      worker.addEventListener('messageerror', () => onExit('a message could not be deserialised'));
    },
    terminate: () => worker.terminate(),
  };
}

/** Maps the browser forms of `model` / `wasm` (true: the copies shipped next to this module). */
const browserClassifierOptions = (options: Record<string, unknown>): Record<string, unknown> =>
  mapClassifierOptions(options, { model: shippedModelUrl, wasm: shippedWasmUrl });

/**
 * Starts a scanner: spawns the worker, builds the engine there and runs its known-answer self-test;
 * resolves once the worker can scan. Then, unless `model: false`, the classifier loads in the
 * background: the model and onnxruntime wasm (by default the copies shipped next to this module;
 * or URLs on the app's own origin, with `onProgress`) are fetched, checked against their sha256
 * pins and handed to the worker; `scanner.classifier` is `loading` meanwhile, and scanImage,
 * classifyImage and status wait for it. The model never fails the start: a model or wasm that
 * cannot be fetched, verified or loaded (or takes longer than `startTimeoutMs`) leaves
 * `scanner.classifier` `failed` with MODEL_LOAD or MODEL_INTEGRITY and a message naming the URL
 * and the expected and actual sha256; scanImage then hands that code to `onError`, classifyImage
 * rejects with it, and hashing and matching go on.
 * Hash-only use (`model: false`) needs no WebAssembly: it works under a CSP without 'wasm-unsafe-eval'.
 * @throws SafesealError only INVALID_ARGUMENT (options), SELF_TEST (the known-answer self-test
 *   failed) or WORKER_CRASHED (the worker could not be created or loaded, died, or did not start
 *   within `startTimeoutMs`: the message names it and the stage)
 */
export async function createScanner(options: BrowserScannerOptions = {}): Promise<Scanner> {
  const { workerUrl, ...rest } = checkObject(options, 'options');
  const url = workerUrl ?? new URL('./worker.js', import.meta.url);
  if (typeof url !== 'string' && !(url instanceof URL)) throw new SafesealError('INVALID_ARGUMENT', '"workerUrl" must be a string or URL');
  return Scanner.start(() => browserWorker(url), browserClassifierOptions(rest) as ScannerOptions, { classifierOptions: browserClassifierOptions });
}
