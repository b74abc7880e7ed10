// Colour as shown, where safeseal decodes itself (PNG): a gAMA chunk without sRGB or iCCP tells
// viewers to decode samples with exponent 1/gamma and show them in sRGB, so a file can store
// samples squeezed near white that every browser shows as a normal photo. Browsers (skcms) do
// the same with the chunk's value; cHRM primaries are not applied here (a small hue shift that
// PDQ, which hashes luma, barely sees).

import { u32be } from './bytes.js';
import { forEachChunk } from './png.js';
import type { Pixels } from './pixels.js';

/** gAMA's unit: the chunk stores gamma × 100000. */
const GAMA_SCALE = 100_000;

/**
 * The file gamma a viewer applies (e.g. 0.45455), or null when it applies none: no gAMA, an sRGB
 * or iCCP chunk (which take precedence), a zero value, or one so close to sRGB's that the
 * shown samples equal the stored ones.
 */
export function pngGamma(bytes: Uint8Array): number | null {
  let gamma: number | null = null;
  let overridden = false;
  let idat = false;
  forEachChunk(bytes, (type, data) => {
    if (type === 'IDAT') idat = true;
    if (idat) return; // colour chunks count only before the image data
    if (type === 'sRGB' || type === 'iCCP') overridden = true;
    if (type === 'gAMA' && data.length === 4) gamma = u32be(data, 0, 'gAMA') / GAMA_SCALE;
  });
  if (overridden || gamma === null || gamma === 0) return null;
  return gamma;
}

function srgbEncode(linear: number): number {
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
}

/** The 256-entry table from stored sample to shown sRGB sample for file gamma `gamma`. */
export function gammaTable(gamma: number): Uint8Array {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(255 * Math.min(1, srgbEncode(Math.pow(v / 255, 1 / gamma))));
  return table;
}

/** `px` with the colour samples (not alpha) mapped through `table`: a new image. */
export function mapSamples(px: Pixels, table: Uint8Array): Pixels {
  const { channels: C, data } = px;
  const colours = C === 2 || C === 4 ? C - 1 : C;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += C) {
    for (let c = 0; c < colours; c++) out[i + c] = table[data[i + c]];
    if (colours < C) out[i + C - 1] = data[i + C - 1];
  }
  return { width: px.width, height: px.height, channels: C, data: out };
}

/** Largest difference, in 8-bit levels, below which a gamma is treated as sRGB (no shown variant). */
export const GAMMA_NEGLIGIBLE_LEVELS = 4;

/**
 * `frames` as shown under the PNG's gAMA (when it has one that matters), else `frames` unchanged.
 * A standard 1/2.2 gamma shifts no sample by more than GAMMA_NEGLIGIBLE_LEVELS and is left alone.
 */
export function applyPngGamma(bytes: Uint8Array, frames: Pixels[]): Pixels[] {
  const gamma = pngGamma(bytes);
  if (gamma === null) return frames;
  const table = gammaTable(gamma);
  let worst = 0;
  for (let v = 0; v < 256; v++) worst = Math.max(worst, Math.abs(table[v] - v));
  return worst <= GAMMA_NEGLIGIBLE_LEVELS ? frames : frames.map((f) => mapSamples(f, table));
}
