// Whether this context may compile WebAssembly at all. A Content-Security-Policy without
// 'wasm-unsafe-eval' (or 'unsafe-eval') in script-src refuses every compilation; libsodium and
// onnxruntime would then fail deep inside their loaders with messages that do not say why.
// Compiling the smallest valid module first turns that into one typed error that names the fix.

import { SafesealError, type ErrorCode } from '../errors.js';

/** The 8-byte empty module: magic "\0asm", version 1. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let verdict: Promise<string | null> | null = null;

/** Null when WebAssembly compiles here, else why not (cached: the policy of a context is fixed). */
function probe(): Promise<string | null> {
  verdict ??= (async () => {
    if (typeof WebAssembly === 'undefined' || typeof WebAssembly.compile !== 'function') return 'WebAssembly is not available here';
    try {
      await WebAssembly.compile(EMPTY_MODULE);
      return null;
    } catch (e) {
      return (e as Error)?.message ?? String(e);
    }
  })();
  return verdict;
}

/**
 * Resolves if WebAssembly can be compiled; else throws `code` with a message naming
 * `'wasm-unsafe-eval'`, the CSP source the worker's script-src needs.
 * @param what what needs the wasm, for the message ("libsodium (hash-list signatures)")
 * @throws SafesealError `code`
 */
export async function assertWasmAllowed(what: string, code: ErrorCode): Promise<void> {
  const why = await probe();
  if (why === null) return;
  throw new SafesealError(
    code,
    `${what} needs WebAssembly, which this context refuses to compile (${why.slice(0, 200)}); ` +
      `allow it with 'wasm-unsafe-eval' in the worker's Content-Security-Policy script-src`,
  );
}
