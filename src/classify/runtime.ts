// Which onnxruntime runs the classifier, and with how many threads. onnxruntime-web (wasm) is
// always there; a native runtime (onnxruntime-node, an optional peer dependency) is handed in by
// the Node worker entry when the app installed it. Both speak onnxruntime-common's API.

import type * as OrtWeb from 'onnxruntime-web/wasm';

export type RuntimeName = 'onnxruntime-node' | 'onnxruntime-web';

/** The part of onnxruntime's API the classifier uses (the same in onnxruntime-web and -node). */
export interface OrtApi {
  readonly InferenceSession: { create(model: Uint8Array, options?: OrtWeb.InferenceSession.SessionOptions): Promise<OrtWeb.InferenceSession> };
  readonly Tensor: typeof OrtWeb.Tensor;
}

/** A native onnxruntime, loaded by the platform's worker entry. */
export interface NativeRuntime {
  readonly name: 'onnxruntime-node';
  readonly ort: OrtApi;
  /** Intra-op threads (threadsFor the machine's logical cores). */
  readonly threads: number;
}

/** Loads the native runtime when the platform has one; null: use onnxruntime-web. Never throws. */
export type NativeRuntimeLoader = () => Promise<NativeRuntime | null>;

/**
 * Threads for `cores` logical cores: 1 below 4 cores, else up to 4. Measured on 2 cores, a second
 * thread gained at most ~10 % and halved speed whenever another process held a core (onnxruntime's
 * threads spin and wait for each other); with 4 or more cores there is room for both.
 */
export function threadsFor(cores: number): number {
  if (!Number.isInteger(cores) || cores < 4) return 1;
  return Math.min(4, cores);
}

/**
 * Threads for onnxruntime-web: 1 unless the page is cross-origin isolated (SharedArrayBuffer) and
 * has ≥ 4 logical cores. onnxruntime's extra threads are "em-pthread" workers that load this worker
 * bundle again from its own URL (see worker/browser.ts).
 */
export function threadCount(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } } = globalThis): number {
  if (scope.crossOriginIsolated !== true) return 1;
  return threadsFor(scope.navigator?.hardwareConcurrency ?? 1);
}
