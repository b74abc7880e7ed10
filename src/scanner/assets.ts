// Main-thread loading of the classifier's assets (model, onnxruntime wasm): bytes the app passes
// are copied; URLs are fetched — in browsers only from the page's own origin, never a CDN — with
// progress reports. Both are checked against their sha256 pins here, so an error can name the URL,
// and again by the worker, which is what counts; the worker never fetches.

import { isSafesealError, SafesealError } from '../errors.js';
import { checkBytes, describeValue } from '../check.js';
import type { ClassifierConfig, ClassifierStatus, WorkerStage } from '../protocol.js';
import type { PlatformInstance } from './input.js';
import { MODEL_SHA256, ORT_VERSION, ORT_WASM_FILE, ORT_WASM_SHA256 } from '../classify/pins.js';
import { toHex } from '../bytes.js';

/** Where an asset comes from: a URL on the app's own origin, or its bytes. */
export type AssetSource = string | PlatformInstance<'URL'> | ArrayBuffer | Uint8Array;

export type AssetName = 'model' | 'wasm';

/**
 * One progress report while the classifier loads, in stage order: `download` (repeatedly, per
 * asset: bytes so far, and `totalBytes` when the server says), then, reported from the worker as
 * each begins, `model` (sha256 pins checked), `compile` (onnxruntime compiles its wasm and builds
 * the session), `warmup` (warm-up inferences), and `ready` once the classifier can classify. A
 * classifier that fails stops the sequence; `scanner.classifier` then says why.
 */
export type LoadProgress =
  | { readonly stage: 'download'; readonly asset: AssetName; readonly loadedBytes: number; readonly totalBytes: number | null }
  | { readonly stage: WorkerStage | 'ready' };

/** The stages of LoadProgress, in order. */
export type LoadStage = LoadProgress['stage'];

export type ProgressListener = (progress: LoadProgress) => void;

/** Reads a file: URL (Node only: fetch cannot). */
export type LocalReader = (url: URL) => Promise<Uint8Array>;

/**
 * Checks an asset option; resolves URLs against the page and refuses other origins in browsers.
 * @throws SafesealError INVALID_ARGUMENT naming the option
 */
export function checkAssetSource(value: unknown, option: string): URL | Uint8Array {
  if (value instanceof ArrayBuffer || value instanceof Uint8Array) return checkBytes(value, option); // refuses detached buffers
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new SafesealError('INVALID_ARGUMENT', `"${option}" must be a URL, string, ArrayBuffer or Uint8Array, got ${describeValue(value)}`);
  }
  const base = typeof location === 'undefined' ? undefined : location.href;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new SafesealError('INVALID_ARGUMENT', `"${option}" is not a valid URL: ${String(value)}`);
  }
  if (typeof location !== 'undefined' && url.origin !== location.origin) {
    throw new SafesealError('INVALID_ARGUMENT', `"${option}" must be on the page's own origin (${location.origin}), got ${url.origin}`);
  }
  return url;
}

/** Calls the app's listener; its exceptions are swallowed. */
export function report(onProgress: ProgressListener | undefined, progress: LoadProgress): void {
  try {
    onProgress?.(progress);
  } catch {
    // A failing progress callback is the app's bug; it must not change what gets loaded.
  }
}

/**
 * The asset's bytes, in a buffer the SDK owns (the caller's bytes are copied).
 * @throws SafesealError MODEL_LOAD when the URL cannot be fetched
 */
export async function loadAsset(
  source: URL | Uint8Array,
  asset: AssetName,
  onProgress?: ProgressListener,
  readLocal?: LocalReader,
): Promise<ArrayBuffer> {
  if (source instanceof URL && source.protocol === 'file:' && readLocal) {
    const url = source;
    try {
      source = await readLocal(url);
    } catch (e) {
      throw new SafesealError('MODEL_LOAD', `could not read the ${asset} from ${url.href}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (source instanceof Uint8Array) {
    const bytes = Uint8Array.prototype.slice.call(source).buffer; // a copy, also of a Node Buffer
    report(onProgress, { stage: 'download', asset, loadedBytes: bytes.byteLength, totalBytes: bytes.byteLength });
    return bytes;
  }
  let response: Response;
  try {
    response = await fetch(source, { credentials: 'same-origin' });
  } catch (e) {
    throw new SafesealError('MODEL_LOAD', `could not fetch the ${asset} from ${source.href}: ${(e as Error).message}`, { cause: e });
  }
  if (!response.ok || !response.body)
    throw new SafesealError('MODEL_LOAD', `could not fetch the ${asset} from ${source.href}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  const totalBytes = Number.isSafeInteger(length) && length > 0 && !response.headers.get('content-encoding') ? length : null;
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loadedBytes += value.length;
      report(onProgress, { stage: 'download', asset, loadedBytes, totalBytes });
    }
  } catch (e) {
    throw new SafesealError('MODEL_LOAD', `the ${asset} download from ${source.href} failed: ${(e as Error).message}`, { cause: e });
  }
  const out = new Uint8Array(loadedBytes);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out.buffer;
}

/** The checked asset options. */
export interface ClassifierAssets {
  readonly model: URL | Uint8Array;
  readonly wasm: URL | Uint8Array;
  readonly modelSha256: string;
  readonly onProgress?: ProgressListener;
}

/**
 * Checks the classifier options of createScanner.
 * @throws SafesealError INVALID_ARGUMENT naming the option
 */
export function checkAssets(options: { model?: unknown; wasm?: unknown; modelSha256?: unknown; onProgress?: unknown }): ClassifierAssets | null {
  const { model, wasm, modelSha256 = MODEL_SHA256, onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new SafesealError('INVALID_ARGUMENT', '"onProgress" must be a function');
  if (typeof modelSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(modelSha256)) {
    throw new SafesealError('INVALID_ARGUMENT', '"modelSha256" must be 64 lowercase hex digits');
  }
  if (model === undefined) {
    if (wasm !== undefined) throw new SafesealError('INVALID_ARGUMENT', '"wasm" was given without "model"');
    return null;
  }
  if (wasm === undefined) throw new SafesealError('INVALID_ARGUMENT', '"wasm" (onnxruntime-web\'s wasm) is required with "model"');
  const listener = onProgress as ProgressListener | undefined;
  return {
    model: checkAssetSource(model, 'model'),
    wasm: checkAssetSource(wasm, 'wasm'),
    modelSha256,
    ...(listener ? { onProgress: listener } : {}),
  };
}

/** Where an asset came from, for error messages: its URL, or that the app passed its bytes. */
export function describeAssetSource(source: URL | Uint8Array): string {
  return source instanceof URL ? source.href : 'bytes passed by the app';
}

/**
 * A server that does not have a file often answers with its HTML page (an SPA fallback, Vite's dev
 * server): say so. Neither an ONNX model (protobuf) nor a wasm (`\0asm`) starts with '<'.
 */
function looksLikeHtml(bytes: ArrayBuffer): boolean {
  return new TextDecoder()
    .decode(new Uint8Array(bytes, 0, Math.min(64, bytes.byteLength)))
    .trimStart()
    .startsWith('<');
}

/**
 * Checks an asset against its pin before it goes to the worker (which checks it again).
 * @throws SafesealError MODEL_INTEGRITY naming the source, the expected and the actual sha256
 */
async function verifyAsset(bytes: ArrayBuffer, expected: string, asset: AssetName, source: URL | Uint8Array): Promise<void> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return; // the worker's check still applies
  const actual = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  if (actual === expected) return;
  const what = asset === 'model' ? 'the model' : `the onnxruntime wasm (onnxruntime-web ${ORT_VERSION}'s ${ORT_WASM_FILE})`;
  const html = looksLikeHtml(bytes)
    ? " — the server answered with an HTML page, so the file is not served at that URL (under Vite 7's dev server add optimizeDeps: { exclude: ['safeseal'] } to vite.config)"
    : '';
  throw new SafesealError('MODEL_INTEGRITY', `${what} from ${describeAssetSource(source)} has sha256 ${actual}, expected ${expected}${html}`);
}

/**
 * Fetches / copies both assets and checks their pins; a failure becomes the classifier's status
 * (MODEL_LOAD, MODEL_INTEGRITY), not the scanner's, so hashing and matching go on.
 * @throws only what is not a fetch or pin failure (an error of the platform's reader, say)
 */
export async function loadClassifierAssets(assets: ClassifierAssets | null, readLocal?: LocalReader): Promise<ClassifierConfig | ClassifierStatus> {
  if (!assets) return { state: 'off' };
  const load = (asset: AssetName) => loadAsset(assets[asset], asset, assets.onProgress, readLocal);
  try {
    const [model, wasm] = await Promise.all([load('model'), load('wasm')]);
    await verifyAsset(wasm, ORT_WASM_SHA256, 'wasm', assets.wasm);
    await verifyAsset(model, assets.modelSha256, 'model', assets.model);
    return { model, wasm, modelSha256: assets.modelSha256 };
  } catch (e) {
    if (isSafesealError(e) && (e.code === 'MODEL_LOAD' || e.code === 'MODEL_INTEGRITY')) return { state: 'failed', code: e.code, message: e.message };
    throw e;
  }
}

/**
 * Maps an entry's forms of `model` / `wasm` to what the Scanner takes: `true` — also an absent
 * `model`, the default — is the copy the package ships (`shipped`), `false` no classifier, anything
 * else goes through `source` (Node turns paths into file: URLs).
 * @throws SafesealError INVALID_ARGUMENT for `wasm` with `model: false`
 */
export function mapClassifierOptions(
  options: Record<string, unknown>,
  shipped: { model: () => AssetSource; wasm: () => AssetSource },
  source: (value: AssetSource, option: string) => AssetSource = (value) => value,
): Record<string, unknown> {
  const { model = true, wasm, ...rest } = options;
  if (model === false) {
    if (wasm !== undefined) throw new SafesealError('INVALID_ARGUMENT', '"wasm" was given with "model: false"');
    return rest;
  }
  return {
    ...rest,
    model: model === true ? shipped.model() : source(model as AssetSource, 'model'),
    wasm: wasm === undefined ? shipped.wasm() : source(wasm as AssetSource, 'wasm'),
  };
}
