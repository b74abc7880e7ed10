// The `safeseal` entry for browsers: createScanner() starts the scanner in a module Web Worker.

import { checkObject } from './check.js';
import { SafesealError } from './errors.js';
import { Scanner, type ScannerOptions, type WorkerHandle } from './scanner/scanner.js';

export * from './api.js';

export interface BrowserScannerOptions extends ScannerOptions {
  /**
   * URL of safeseal's worker bundle (`dist/worker.js`) on the app's own origin. Default: next to
   * this module, which is what bundlers that understand `new URL(…, import.meta.url)` expect.
   */
  readonly workerUrl?: string | URL;
}

function browserWorker(url: string | URL): WorkerHandle {
  const worker = new Worker(url, { type: 'module', name: 'safeseal' });
  return {
    endpoint: worker,
    watch(onExit) {
      worker.addEventListener('error', (e) => onExit(e.message || 'the worker script failed'));
      worker.addEventListener('messageerror', () => onExit('a message could not be deserialised'));
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Starts a scanner: fetches the classifier's model and onnxruntime wasm if given (from the app's
 * own origin, with `onProgress`), spawns the worker, builds the engine there, runs the known-answer
 * self-test and verifies and loads the model. Resolves once the scanner is ready; fails closed.
 * A model or wasm that cannot be fetched, verified or loaded does not stop hashing: it shows in
 * `scanner.classifier` and every classifyImage rejects with its code (MODEL_LOAD, MODEL_INTEGRITY).
 * Hash-only use needs no WebAssembly: it works under a CSP without 'wasm-unsafe-eval'.
 * @throws SafesealError INVALID_ARGUMENT (options), SELF_TEST, TIMEOUT (startTimeoutMs), WORKER_CRASHED (worker failed to load)
 */
export async function createScanner(options: BrowserScannerOptions = {}): Promise<Scanner> {
  const { workerUrl, ...rest } = checkObject(options, 'options');
  const url = workerUrl ?? new URL('./worker.js', import.meta.url);
  if (typeof url !== 'string' && !(url instanceof URL)) throw new SafesealError('INVALID_ARGUMENT', '"workerUrl" must be a string or URL');
  return Scanner.start(() => browserWorker(url), rest as ScannerOptions);
}
