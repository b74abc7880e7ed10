// The built package's scanner (dist/node: a real worker_threads worker). It lives in test/dist/, not
// test/helpers/, because unit tests must never reach dist/ (rule `unit-tests-not-dist`). Its twin from
// src/, in-process, is startInProcess in test/helpers/worker-harness.ts.

import { createScanner, type NodeScannerOptions, type Scanner } from '../../dist/node/index.js';

/**
 * Starts scanners from dist/node and remembers them, so that `disposeAll()` (in afterEach/afterAll)
 * ends every worker thread even when a test failed half-way.
 */
export function distScanners(): { start(options?: NodeScannerOptions): Promise<Scanner>; disposeAll(): Promise<void> } {
  const live: Scanner[] = [];
  return {
    async start(options) {
      const scanner = await createScanner({
        exposeDetails: true,
        ...(options?.model === undefined && options?.wasm === undefined ? { model: false } : {}),
        ...options,
      }); // hash-only unless a test asks for the model
      live.push(scanner);
      return scanner;
    },
    async disposeAll() {
      await Promise.all(live.splice(0).map((s) => s.dispose()));
    },
  };
}
