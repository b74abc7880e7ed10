// Checks of everything the engine receives from across the worker boundary: its configuration
// and the images it is asked to scan. A malformed value is INVALID_ARGUMENT, never a crash.

import { SafesealError } from '../errors.js';
import type { ClassifierConfig, EngineConfig, WorkerImage } from '../protocol.js';

/** Largest maxPixels accepted: what a single ArrayBuffer of RGBA could address, and then some. */
export const MAX_PIXELS_CEILING = 2 ** 31;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Validates a ClassifierConfig coming from the other side of the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkClassifierConfig(classifier: unknown): ClassifierConfig {
  if (typeof classifier !== 'object' || classifier === null) throw new SafesealError('INVALID_ARGUMENT', '"classifier" must be an object');
  const { model, modelSha256, wasm, threads } = classifier as Partial<ClassifierConfig>;
  if (!(model instanceof ArrayBuffer)) throw new SafesealError('INVALID_ARGUMENT', '"classifier.model" must be an ArrayBuffer');
  if (!(wasm instanceof ArrayBuffer)) throw new SafesealError('INVALID_ARGUMENT', '"classifier.wasm" must be an ArrayBuffer');
  if (typeof modelSha256 !== 'string' || !SHA256_HEX.test(modelSha256)) {
    throw new SafesealError('INVALID_ARGUMENT', '"classifier.modelSha256" must be 64 lowercase hex digits');
  }
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 16)) {
    throw new SafesealError('INVALID_ARGUMENT', '"classifier.threads" must be an integer from 1 to 16');
  }
  return { model, modelSha256, wasm, ...(threads === undefined ? {} : { threads }) };
}

/**
 * Validates an EngineConfig coming from the other side of the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkEngineConfig(config: unknown): EngineConfig {
  if (typeof config !== 'object' || config === null) throw new SafesealError('INVALID_ARGUMENT', '"config" must be an object');
  const { maxPixels, classifier, exposeDetails, verdicts } = config as Partial<EngineConfig>;
  if (typeof maxPixels !== 'number' || !Number.isInteger(maxPixels) || maxPixels < 1 || maxPixels > MAX_PIXELS_CEILING) {
    throw new SafesealError('INVALID_ARGUMENT', `"maxPixels" must be an integer from 1 to ${MAX_PIXELS_CEILING}`);
  }
  if (exposeDetails !== undefined && typeof exposeDetails !== 'boolean')
    throw new SafesealError('INVALID_ARGUMENT', '"exposeDetails" must be a boolean');
  return {
    maxPixels,
    ...(classifier === undefined ? {} : { classifier: checkClassifierConfig(classifier) }),
    ...(exposeDetails === undefined ? {} : { exposeDetails }),
    ...(verdicts === undefined ? {} : { verdicts }), // checked by VerdictDesk
  };
}

/**
 * Checks the shape of an image that crossed the worker boundary.
 * @throws SafesealError INVALID_ARGUMENT
 */
export function checkWorkerImage(image: unknown): WorkerImage {
  const bad = (why: string) => new SafesealError('INVALID_ARGUMENT', `"image" ${why}`);
  if (typeof image !== 'object' || image === null) throw bad('must be an object');
  const kind = (image as { kind?: unknown }).kind;
  if (kind === 'encoded') {
    const { bytes } = image as { bytes?: unknown };
    if (!(bytes instanceof ArrayBuffer)) throw bad('bytes must be an ArrayBuffer');
    return { kind, bytes };
  }
  if (kind === 'pixels') {
    const { width, height, data } = image as { width?: unknown; height?: unknown; data?: unknown };
    if (!isDimension(width) || !isDimension(height)) throw bad('width and height must be positive integers');
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) throw bad('data must be a Uint8ClampedArray');
    if (data.length !== width * height * 4) throw bad(`data must hold width × height × 4 = ${width * height * 4} bytes, got ${data.length}`);
    return { kind, width, height, data };
  }
  if (kind === 'bitmap') {
    const { bitmap } = image as { bitmap?: unknown };
    if (typeof ImageBitmap === 'undefined' || !(bitmap instanceof ImageBitmap)) throw bad('bitmap must be an ImageBitmap');
    return { kind, bitmap };
  }
  throw bad('kind must be "encoded", "pixels" or "bitmap"');
}

function isDimension(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0x7fffffff;
}
