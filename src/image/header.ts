// What a structure walk learns from an image's header, and the limits every input is checked
// against before anything large is allocated: pixels, the longest side, animation frames.

import { SafesealError } from '../errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** MIME type, for decoders that want one. */
  readonly mime: string;
  /** Frames a browser shows in turn: 1 for a still image, up to MAX_FRAMES for an animation. */
  readonly frames: number;
  /**
   * Browsers show animation frames rather than (only) the stored first image: GIF or WebP with
   * more than one frame, any APNG (whose frames may not include the default image at all).
   */
  readonly animated: boolean;
  /**
   * The file carries colour information browsers apply when they show it (PNG iCCP, or gAMA /
   * cHRM without sRGB; a JPEG or WebP ICC profile), so the pixels shown may differ from those stored.
   */
  readonly colourManaged: boolean;
}

/** Default for `maxPixels`: 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * Longest side accepted, in pixels, whatever `maxPixels` allows: a PNG of a few KB can claim
 * 5 × 10,000,000 pixels. PDQ's work is O(side) per side (see pdq/downsample.ts), so this bounds
 * the per-side cost; 1,000,000 still admits any real panorama (the widest cameras stitch ~100,000).
 */
export const MAX_IMAGE_SIDE = 1_000_000;

/**
 * Throws IMAGE_TOO_LARGE when width × height exceeds `maxPixels` or a side exceeds
 * MAX_IMAGE_SIDE, CORRUPT_IMAGE for a zero side. Sides and limit in pixels.
 */
export function checkPixelLimit(width: number, height: number, maxPixels: number, what = 'image'): void {
  if (!(width > 0 && height > 0)) throw new SafesealError('CORRUPT_IMAGE', `${what} has a zero dimension (${width}×${height})`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new SafesealError('IMAGE_TOO_LARGE', `${what} is ${width}×${height}; the longest side accepted is ${MAX_IMAGE_SIDE} pixels`);
  }
  if (width * height > maxPixels) {
    throw new SafesealError('IMAGE_TOO_LARGE', `${what} is ${width}×${height} = ${width * height} pixels; the limit is ${maxPixels}`);
  }
}

/** Most animation frames scanned (each one is decoded, composed and hashed); more is IMAGE_TOO_LARGE. */
export const MAX_FRAMES = 64;

/** What the structure walk learns beyond the dimensions. */
export interface Traits {
  frames: number;
  animated: boolean;
  colourManaged: boolean;
}

/** Checks the dimensions (before anything else is read), then completes the header. */
export type Finish = (width: number, height: number) => (traits: Traits) => ImageHeader;
