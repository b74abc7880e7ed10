// Turns what the app passes to a scan into a WorkerImage the SDK owns. The caller's buffers are
// copied, because a messenger still has to encrypt and send those very bytes; with
// `transfer: true` they are moved instead (zero-copy, and the caller's buffer is detached).

import { checkBytes, describeValue, isDetached } from '../check.js';
import { SafesealError } from '../errors.js';
import type { WorkerImage } from '../protocol.js';

/** Pixels in ImageData's layout: RGBA, 8 bits per sample, rows top to bottom. */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/**
 * The instance type of the global class `Name` where the project's `lib` (or @types/node) declares
 * it, and `never` where it does not. This keeps the published types free of DOM names: in a Node
 * project without the DOM lib, ImageInput is Blob | ArrayBuffer | Uint8Array | ImageDataLike, not `any`.
 */
export type PlatformInstance<Name extends string> = typeof globalThis extends { readonly [K in Name]: { readonly prototype: infer T } } ? T : never;

/** Browser sources of pixels that nsfwjs users pass: converted with createImageBitmap on the main thread. */
export type ImageSourceElement =
  PlatformInstance<'HTMLImageElement'> | PlatformInstance<'HTMLCanvasElement'> | PlatformInstance<'OffscreenCanvas'> | PlatformInstance<'VideoFrame'>;

/**
 * Everything `hashImage` accepts. Encoded bytes may be JPEG, PNG, WebP or GIF (first frame). In
 * browsers also ImageData, ImageBitmap and the ImageSourceElement types (hashed as drawn; sha256 null).
 */
export type ImageInput =
  | PlatformInstance<'Blob'>
  | ArrayBuffer
  | Uint8Array
  | ImageDataLike
  | PlatformInstance<'ImageData'>
  | PlatformInstance<'ImageBitmap'>
  | ImageSourceElement;

export interface PreparedImage {
  readonly image: WorkerImage;
  /** Buffers / bitmaps to transfer to the worker: only ones the SDK owns or the caller gave up. */
  readonly transfer: Transferable[];
}

function isImageDataLike(v: object): v is ImageDataLike {
  const o = v as Partial<ImageDataLike>;
  return typeof o.width === 'number' && typeof o.height === 'number' && (o.data instanceof Uint8ClampedArray || o.data instanceof Uint8Array);
}

/** Which browser element type `v` is, if any (each checked only where the platform has it). */
function elementKind(v: object): string | null {
  const kinds = ['HTMLImageElement', 'HTMLCanvasElement', 'OffscreenCanvas', 'VideoFrame'] as const;
  const scope = globalThis as unknown as Record<string, (abstract new (...args: never[]) => unknown) | undefined>;
  return kinds.find((k) => typeof scope[k] === 'function' && v instanceof (scope[k] as abstract new (...args: never[]) => unknown)) ?? null;
}

const TAINTED =
  'is tainted by a cross-origin image loaded without CORS, so its pixels cannot be read: serve it with CORS (Access-Control-Allow-Origin, and crossOrigin="anonymous" on the <img>) or pass its bytes as a Blob';

/**
 * Whether the browser lets script read the bitmap's pixels. A cross-origin image loaded without
 * CORS gives a bitmap whose pixels the worker could not read either; probing one pixel here (a 1×1
 * canvas: no long task) turns that into a clear error instead of a SecurityError in the worker.
 */
function isOriginClean(bitmap: ImageBitmap): boolean {
  if (typeof OffscreenCanvas === 'undefined') return true; // the worker reads it anyway and fails there if it must
  try {
    const ctx = new OffscreenCanvas(1, 1).getContext('2d');
    ctx?.drawImage(bitmap, 0, 0, 1, 1, 0, 0, 1, 1);
    ctx?.getImageData(0, 0, 1, 1);
    return true;
  } catch (e) {
    // Anything but a SecurityError (a closed bitmap...) is left to the usual path and its errors.
    return (e as { name?: unknown }).name !== 'SecurityError';
  }
}

/**
 * An <img>, canvas, OffscreenCanvas or VideoFrame as an ImageBitmap the SDK owns (transferred to
 * the worker, which reads its pixels there: no getImageData of the whole image on the main thread).
 * @throws SafesealError INVALID_ARGUMENT (an image that has not loaded, or a cross-origin source without CORS)
 */
async function elementBitmap(input: object, kind: string): Promise<ImageBitmap> {
  if (kind === 'HTMLImageElement') {
    const img = input as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0) {
      try {
        await img.decode();
      } catch {
        throw new SafesealError(
          'INVALID_ARGUMENT',
          `"input" is an <img> that has not loaded or cannot be decoded (src ${img.currentSrc || img.src || 'empty'})`,
        );
      }
    }
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(input as ImageBitmapSource, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (e) {
    const why =
      (e as { name?: unknown }).name === 'SecurityError' ? 'its pixels may not be read (a cross-origin source without CORS)' : (e as Error).message;
    throw new SafesealError('INVALID_ARGUMENT', `"input" (${kind}) could not be converted to an ImageBitmap: ${why}`, { cause: e });
  }
  if (!isOriginClean(bitmap)) {
    bitmap.close();
    throw new SafesealError('INVALID_ARGUMENT', `"input" (${kind}) ${TAINTED}`);
  }
  return bitmap;
}

/**
 * Checks `input` and prepares it for the worker.
 * @throws SafesealError INVALID_ARGUMENT for any other type, inconsistent ImageData, an <img> that
 *   has not loaded, or a cross-origin (tainted) element
 */
export async function prepareImage(input: unknown, transfer = false): Promise<PreparedImage> {
  const bad = () =>
    new SafesealError(
      'INVALID_ARGUMENT',
      `"input" must be a Blob, ArrayBuffer, Uint8Array, ImageData, ImageBitmap, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas or VideoFrame, got ${describeValue(input)}`,
    );
  if (typeof input !== 'object' || input === null) throw bad();

  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    const bytes = await input.arrayBuffer(); // a fresh buffer: ours to transfer
    return { image: { kind: 'encoded', bytes }, transfer: [bytes] };
  }
  if (input instanceof ArrayBuffer) {
    checkBytes(input, 'input'); // a transferred (detached) buffer has no bytes left to scan
    const bytes = transfer ? input : input.slice(0);
    return { image: { kind: 'encoded', bytes }, transfer: [bytes] };
  }
  if (input instanceof Uint8Array) {
    checkBytes(input, 'input');
    const whole = input.buffer instanceof ArrayBuffer && input.byteOffset === 0 && input.byteLength === input.buffer.byteLength;
    // Uint8Array's slice, not the input's own: Node's Buffer#slice is a view, not a copy.
    const bytes = transfer && whole ? (input.buffer as ArrayBuffer) : Uint8Array.prototype.slice.call(input).buffer;
    return { image: { kind: 'encoded', bytes }, transfer: [bytes] };
  }
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) {
    if (input.width === 0 || input.height === 0)
      throw new SafesealError('INVALID_ARGUMENT', '"input" is an ImageBitmap that was closed or transferred');
    if (!isOriginClean(input)) throw new SafesealError('INVALID_ARGUMENT', `"input" (ImageBitmap) ${TAINTED}`);
    return { image: { kind: 'bitmap', bitmap: input }, transfer: transfer ? [input] : [] };
  }
  const kind = elementKind(input);
  if (kind) {
    const bitmap = await elementBitmap(input, kind); // ours: always transferred
    return { image: { kind: 'bitmap', bitmap }, transfer: [bitmap] };
  }
  if (isImageDataLike(input)) {
    const { width, height, data } = input;
    if (isDetached(data.buffer))
      throw new SafesealError('INVALID_ARGUMENT', '"input.data" is a detached buffer (it was transferred elsewhere): its bytes are gone');
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new SafesealError('INVALID_ARGUMENT', '"input.width" and "input.height" must be positive integers');
    }
    if (data.length !== width * height * 4) {
      throw new SafesealError('INVALID_ARGUMENT', `"input.data" must hold width × height × 4 = ${width * height * 4} bytes, got ${data.length}`);
    }
    const whole = data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const owned = transfer && whole ? data : new Uint8ClampedArray(data);
    return { image: { kind: 'pixels', width, height, data: owned }, transfer: [owned.buffer as ArrayBuffer] };
  }
  throw bad();
}
