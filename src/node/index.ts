// The `safeseal` entry for Node: the same Scanner, its engine in a worker_threads worker, images
// decoded with sharp (JPEG, WebP, GIF) and safeseal's own PNG decoder.

import { Worker } from 'node:worker_threads';
import { Scanner, type ScannerOptions, type WorkerHandle } from '../scanner.js';
import { nodeEndpoint } from './endpoint.js';

export * from '../api.js';

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
  };
}

/**
 * Starts a scanner whose engine runs in a worker thread; see the browser entry for the contract.
 * @throws SafesealError INVALID_ARGUMENT (options), SELF_TEST, WORKER_CRASHED
 */
export async function createScanner(options: ScannerOptions = {}): Promise<Scanner> {
  const url = new URL('./worker.js', import.meta.url);
  return Scanner.start(() => nodeWorker(url), options);
}
