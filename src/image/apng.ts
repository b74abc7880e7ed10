// APNG frames as browsers show them: each fcTL frame decoded with the PNG decoder and composed
// onto an RGBA canvas by its blend (source / over) and dispose (none / background / previous)
// operations. An APNG whose default image (IDAT) has no fcTL of its own does not show it: the
// SDK would otherwise hash a white default image while viewers play the real content.

import { SafesealError } from '../errors.js';
import { u32be } from './bytes.js';
import type { Inflate } from './inflate.js';
import { decodeImageData, forEachChunk, pngFormat } from './png.js';
import type { Pixels } from './pixels.js';
import { MAX_FRAMES } from './sniff.js';

interface FrameControl {
  width: number;
  height: number;
  x: number;
  y: number;
  dispose: number; // 0 none, 1 background (transparent black), 2 previous
  blend: number; // 0 source, 1 over
  data: Uint8Array[];
}

/** The frame controls and their data, in order (the first may own the IDAT data). */
function readFrames(bytes: Uint8Array): FrameControl[] {
  const frames: FrameControl[] = [];
  let current: FrameControl | null = null;
  forEachChunk(bytes, (type, data) => {
    if (type === 'fcTL') {
      // Sizes and placement were checked by inspectImage; fields after the sequence number.
      current = {
        width: u32be(data, 4, 'fcTL'),
        height: u32be(data, 8, 'fcTL'),
        x: u32be(data, 12, 'fcTL'),
        y: u32be(data, 16, 'fcTL'),
        dispose: data[24],
        blend: data[25],
        data: [],
      };
      frames.push(current);
    } else if (type === 'IDAT' && current) {
      current.data.push(data);
    } else if (type === 'fdAT' && current) {
      if (data.length < 4) throw new SafesealError('CORRUPT_IMAGE', 'APNG fdAT chunk is too short');
      current.data.push(data.subarray(4)); // after the sequence number
    }
  });
  return frames;
}

/** Converts decoded frame samples (1–4 channels) to RGBA. */
function toRgba(px: Pixels): Uint8Array {
  if (px.channels === 4) return px.data as Uint8Array;
  const n = px.width * px.height;
  const out = new Uint8Array(n * 4);
  const d = px.data;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (px.channels === 3) {
      out[o] = d[i * 3];
      out[o + 1] = d[i * 3 + 1];
      out[o + 2] = d[i * 3 + 2];
      out[o + 3] = 255;
    } else {
      const g = d[i * px.channels];
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = px.channels === 2 ? d[i * 2 + 1] : 255;
    }
  }
  return out;
}

/**
 * Every frame of an APNG (`inspectImage` accepted it and found frames), composed as browsers show
 * it, as RGBA pixels of the full canvas. At most MAX_FRAMES; memory: the frames plus one canvas.
 * @throws SafesealError CORRUPT_IMAGE (a frame without data, or data that does not decode)
 */
export async function decodeApngFrames(bytes: Uint8Array, inflate: Inflate): Promise<Pixels[]> {
  const W = u32be(bytes, 16, 'PNG');
  const H = u32be(bytes, 20, 'PNG');
  const format = pngFormat(bytes);
  const controls = readFrames(bytes).slice(0, MAX_FRAMES);
  const canvas = new Uint8Array(W * H * 4); // transparent black, as the APNG spec starts
  const shown: Pixels[] = [];
  for (let f = 0; f < controls.length; f++) {
    const fc = controls[f];
    if (fc.data.length === 0) throw new SafesealError('CORRUPT_IMAGE', `APNG frame ${f} has no image data`);
    const frame = toRgba(await decodeImageData(fc.data, fc.width, fc.height, format, inflate));
    // The spec treats "previous" on the first frame as "background".
    const dispose = f === 0 && fc.dispose === 2 ? 1 : fc.dispose;
    const saved = dispose === 2 ? copyRegion(canvas, W, fc) : null;
    for (let y = 0; y < fc.height; y++) {
      for (let x = 0; x < fc.width; x++) {
        const s = (y * fc.width + x) * 4;
        const d = ((fc.y + y) * W + fc.x + x) * 4;
        const sa = frame[s + 3];
        if (fc.blend === 0 || sa === 255) {
          canvas[d] = frame[s];
          canvas[d + 1] = frame[s + 1];
          canvas[d + 2] = frame[s + 2];
          canvas[d + 3] = sa;
        } else if (sa !== 0) {
          // Non-premultiplied "over", as the APNG spec defines it.
          const da = (canvas[d + 3] * (255 - sa)) / 255;
          const a = sa + da;
          for (let c = 0; c < 3; c++) canvas[d + c] = Math.round((frame[s + c] * sa + canvas[d + c] * da) / a);
          canvas[d + 3] = Math.round(a);
        }
      }
    }
    shown.push({ width: W, height: H, channels: 4, data: canvas.slice() });
    if (dispose === 1) for (let y = 0; y < fc.height; y++) canvas.fill(0, ((fc.y + y) * W + fc.x) * 4, ((fc.y + y) * W + fc.x + fc.width) * 4);
    else if (saved) pasteRegion(canvas, W, fc, saved);
  }
  return shown;
}

function copyRegion(canvas: Uint8Array, W: number, fc: FrameControl): Uint8Array {
  const out = new Uint8Array(fc.width * fc.height * 4);
  for (let y = 0; y < fc.height; y++) out.set(canvas.subarray(((fc.y + y) * W + fc.x) * 4, ((fc.y + y) * W + fc.x + fc.width) * 4), y * fc.width * 4);
  return out;
}

function pasteRegion(canvas: Uint8Array, W: number, fc: FrameControl, saved: Uint8Array): void {
  for (let y = 0; y < fc.height; y++) canvas.set(saved.subarray(y * fc.width * 4, (y + 1) * fc.width * 4), ((fc.y + y) * W + fc.x) * 4);
}
