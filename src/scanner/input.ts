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

/** Everything `hashImage` accepts. Encoded bytes may be JPEG, PNG, WebP or GIF (first frame). */
export type ImageInput = Blob | ArrayBuffer | Uint8Array | ImageData | ImageDataLike | ImageBitmap;

export interface PreparedImage {
  readonly image: WorkerImage;
  /** Buffers / bitmaps to transfer to the worker: only ones the SDK owns or the caller gave up. */
  readonly transfer: Transferable[];
}

function isImageDataLike(v: object): v is ImageDataLike {
  const o = v as Partial<ImageDataLike>;
  return typeof o.width === 'number' && typeof o.height === 'number' && (o.data instanceof Uint8ClampedArray || o.data instanceof Uint8Array);
}

/**
 * Checks `input` and prepares it for the worker.
 * @throws SafesealError INVALID_ARGUMENT for any other type, or inconsistent ImageData
 */
export async function prepareImage(input: unknown, transfer = false): Promise<PreparedImage> {
  const bad = () =>
    new SafesealError('INVALID_ARGUMENT', `"input" must be a Blob, ArrayBuffer, Uint8Array, ImageData or ImageBitmap, got ${describeValue(input)}`);
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
    if (input.width === 0 || input.height === 0) throw new SafesealError('INVALID_ARGUMENT', '"input" is an ImageBitmap that was closed or transferred');
    return { image: { kind: 'bitmap', bitmap: input }, transfer: transfer ? [input] : [] };
  }
  if (isImageDataLike(input)) {
    const { width, height, data } = input;
    if (isDetached(data.buffer)) throw new SafesealError('INVALID_ARGUMENT', '"input.data" is a detached buffer (it was transferred elsewhere): its bytes are gone');
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
