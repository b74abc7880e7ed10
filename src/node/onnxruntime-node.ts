// The native classifier runtime for Node: onnxruntime-node, an optional peer dependency (a 113 MB
// download, ~290 MB installed, so apps opt in). Loaded with a dynamic import only when a classifier
// is configured; when it is not installed or its binary does not load, onnxruntime-web's wasm runs.

import { availableParallelism } from 'node:os';
import { threadsFor, type NativeRuntime, type OrtApi } from '../classify/runtime.js';

/**
 * onnxruntime-node if it resolves and its native binary loads, else null (never throws).
 * `SAFESEAL_RUNTIME=onnxruntime-web` forces the wasm runtime (for comparisons and debugging).
 */
export async function loadOnnxruntimeNode(): Promise<NativeRuntime | null> {
  if (process.env.SAFESEAL_RUNTIME === 'onnxruntime-web') return null;
  try {
    const mod = (await import('onnxruntime-node')) as unknown as OrtApi;
    if (typeof mod.InferenceSession?.create !== 'function' || typeof mod.Tensor !== 'function') return null;
    return { name: 'onnxruntime-node', ort: mod, threads: threadsFor(availableParallelism()) };
  } catch {
    return null;
  }
}
