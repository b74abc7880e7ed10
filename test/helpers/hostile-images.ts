// Generators of the hostile files of issue 7 item 4 (bounded work, scan what is shown). Built at
// test time from synthetic patterns or the shared ThreatExchange photos; nothing here is committed
// as an image.

import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { applyOrientation } from '../../src/image/orientation.js';
import type { Pixels } from '../../src/image/pixels.js';
import { pngChunk, pngFile } from './bad-inputs.js';

/** IHDR data: width, height, bit depth, colour type, no interlace. */
export function ihdr(width: number, height: number, depth: number, colour: number): Uint8Array {
  const data = new Uint8Array(13);
  const v = new DataView(data.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  data.set([depth, colour, 0, 0, 0], 8);
  return data;
}

/** Filter-0 scanlines of 8-bit samples (`channels` per pixel), as PNG's IDAT wants them before zlib. */
export function scanlines(width: number, height: number, channels: number, sample: (x: number, y: number, c: number) => number): Uint8Array {
  const stride = width * channels + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) raw[y * stride + 1 + x * channels + c] = sample(x, y, c);
  }
  return raw;
}

/**
 * An 8-bit grey PNG of width × height with a diagonal stripe pattern (so PDQ has features), built
 * fast enough for extreme sides (5 × 1,000,000 pixels is a few KB once deflated).
 */
export function stripesPng(width: number, height: number): Uint8Array {
  const raw = scanlines(width, height, 1, (x, y) => (((x + y) >> 2) & 1 ? 230 : 20));
  return pngFile([
    pngChunk('IHDR', ihdr(width, height, 8, 0)),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A 35-byte GIF: a 1×1 logical screen whose only frame is 1×1 but placed at (left, top), outside
 * the screen. Chromium sizes its frame buffer from the frame's far corner, so (16000, 16000)
 * cost it ~1 GB before it gave up.
 */
export function gifFrameOutsideScreen(left = 16000, top = 16000): Uint8Array {
  const b: number[] = [];
  b.push(...[0x47, 0x49, 0x46, 0x38, 0x39, 0x61]); // GIF89a
  b.push(1, 0, 1, 0, 0x00, 0, 0); // screen 1×1, no global colour table
  b.push(0x2c, left & 255, left >> 8, top & 255, top >> 8, 1, 0, 1, 0, 0x80); // descriptor + local table (2 colours)
  b.push(0, 0, 0, 255, 255, 255);
  b.push(2, 2, 0x4c, 0x01, 0); // LZW min code 2: clear, 1, end
  b.push(0x3b);
  return Uint8Array.from(b);
}

// ---- Scan what is shown: files whose stored pixels are not what viewers display.

/** RGB pixels of a shared reference photo (benign: ThreatExchange's bridge test card by default). */
export async function photoPixels(bytes: Uint8Array, width = 400): Promise<Pixels> {
  const { data, info } = await sharp(bytes).resize({ width }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const rgbRows = (px: Pixels) => scanlines(px.width, px.height, 3, (x, y, c) => px.data[(y * px.width + x) * px.channels + c]);
const u32 = (...values: number[]) => {
  const out = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(4 * i, v));
  return out;
};
const concatBytes = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** fcTL data: sequence, size, offset, delay 1/10 s, dispose and blend operations. */
function fctl(seq: number, w: number, h: number, x: number, y: number, dispose: number, blend: number): Uint8Array {
  const d = concatBytes(u32(seq, w, h, x, y), Uint8Array.from([0, 1, 0, 10, dispose, blend]));
  return d;
}

/**
 * An APNG whose default image (IDAT, no fcTL of its own) is white and whose only animation frame,
 * the one browsers show, is the photo: the stored pixels are blank (quality 0).
 */
export function apngHiddenFrame(photo: Pixels): Uint8Array {
  const { width: W, height: H } = photo;
  const white = scanlines(W, H, 3, () => 255);
  return pngFile([
    pngChunk('IHDR', ihdr(W, H, 8, 2)),
    pngChunk('acTL', u32(1, 0)),
    pngChunk('IDAT', deflateSync(white)),
    pngChunk('fcTL', fctl(0, W, H, 0, 0, 0, 0)),
    pngChunk('fdAT', concatBytes(u32(1), deflateSync(rgbRows(photo)))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * An APNG in which no single frame's data is the photo: it appears only once frames are composed
 * by their operations. RGBA. Frame 0 (the default image) is white; frame 1 paints the left half
 * (dispose none); frame 2 a grey box that is disposed to "previous"; frame 3 the right half,
 * blended "over" with opaque pixels plus a transparent margin that must leave the left half.
 * Frame 3 shows the photo; frame 2 shows it half covered.
 */
export function apngComposed(photo: Pixels): Uint8Array {
  const { width: W, height: H } = photo;
  const half = W >> 1;
  const rgba = (w: number, h: number, f: (x: number, y: number, c: number) => number) => deflateSync(scanlines(w, h, 4, f));
  const at = (x: number, y: number, c: number) => (c === 3 ? 255 : photo.data[(y * W + x) * 3 + c]);
  const margin = 8; // frame 3 starts 8 px left of the half, transparent there
  let seq = 0;
  return pngFile([
    pngChunk('IHDR', ihdr(W, H, 8, 6)),
    pngChunk('acTL', u32(4, 0)),
    pngChunk('fcTL', fctl(seq++, W, H, 0, 0, 0, 0)),
    pngChunk(
      'IDAT',
      rgba(W, H, () => 255),
    ),
    pngChunk('fcTL', fctl(seq++, half, H, 0, 0, 0, 0)),
    pngChunk(
      'fdAT',
      concatBytes(
        u32(seq++),
        rgba(half, H, (x, y, c) => at(x, y, c)),
      ),
    ),
    pngChunk('fcTL', fctl(seq++, half, H >> 1, 0, 0, 2, 0)),
    pngChunk(
      'fdAT',
      concatBytes(
        u32(seq++),
        rgba(half, H >> 1, (_x, _y, c) => (c === 3 ? 255 : 128)),
      ),
    ),
    pngChunk('fcTL', fctl(seq++, W - half + margin, H, half - margin, 0, 0, 1)),
    pngChunk(
      'fdAT',
      concatBytes(
        u32(seq++),
        rgba(W - half + margin, H, (x, y, c) => (x < margin ? 0 : at(half - margin + x, y, c))),
      ),
    ),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

const srgbDecode = (v: number) => (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));

/** Samples squeezed toward white that a transfer curve of exponent `1 / gamma` restores. */
function squeeze(photo: Pixels, gamma: number): Pixels {
  const data = photo.data.map((v) => Math.round(255 * Math.pow(srgbDecode(v / 255), gamma)));
  return { ...photo, data };
}

/**
 * A PNG whose stored samples are squeezed near white while its gAMA (0.02) makes viewers decode
 * them back to the photo. Stored, PDQ quality is 23: below 50, so PDQ would be skipped.
 */
export function gammaSqueezedPng(photo: Pixels, gamma = 0.02): Uint8Array {
  return pngFile([
    pngChunk('IHDR', ihdr(photo.width, photo.height, 8, 2)),
    pngChunk('gAMA', u32(Math.round(gamma * 100_000))),
    pngChunk('IDAT', deflateSync(rgbRows(squeeze(photo, gamma)))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** s15Fixed16 numbers. */
const s15 = (...values: number[]) => {
  const out = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(out.buffer).setInt32(4 * i, Math.round(v * 65536)));
  return out;
};
const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

/**
 * A minimal ICC v2 RGB display profile: sRGB's D50 primaries, and one power curve (exponent
 * `curveGamma`) for all three channels.
 */
export function iccProfile(curveGamma: number): Uint8Array {
  const xyz = (x: number, y: number, z: number) => concatBytes(ascii('XYZ '), new Uint8Array(4), s15(x, y, z));
  const curve = concatBytes(
    ascii('curv'),
    new Uint8Array(4),
    u32(1),
    Uint8Array.from([Math.floor(curveGamma), Math.round((curveGamma % 1) * 256)]),
    new Uint8Array(2),
  );
  const text = (s: string) => concatBytes(ascii('desc'), new Uint8Array(4), u32(s.length + 1), ascii(s), new Uint8Array(1 + 4 + 4 + 2 + 1 + 67));
  const cprt = concatBytes(ascii('text'), new Uint8Array(4), ascii('No copyright, test data'), new Uint8Array(1));
  const tags: [string, Uint8Array][] = [
    ['desc', text('safeseal test profile')],
    ['cprt', cprt],
    ['wtpt', xyz(0.9642, 1.0, 0.8249)],
    ['rXYZ', xyz(0.4361, 0.2225, 0.0139)],
    ['gXYZ', xyz(0.3851, 0.7169, 0.0971)],
    ['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const pad4 = (b: Uint8Array) => concatBytes(b, new Uint8Array((4 - (b.length % 4)) % 4));
  let offset = 128 + 4 + 12 * tags.length;
  const table: Uint8Array[] = [u32(tags.length)];
  const bodies: Uint8Array[] = [];
  for (const [sig, body] of tags) {
    table.push(concatBytes(ascii(sig), u32(offset, body.length)));
    const padded = pad4(body);
    bodies.push(padded);
    offset += padded.length;
  }
  const header = new Uint8Array(128);
  const v = new DataView(header.buffer);
  v.setUint32(0, offset);
  v.setUint32(8, 0x02100000); // version 2.1
  header.set(ascii('mntrRGB XYZ '), 12);
  v.setUint16(24, 2026);
  v.setUint16(26, 1);
  v.setUint16(28, 1);
  header.set(ascii('acsp'), 36);
  header.set(s15(0.9642, 1.0, 0.8249), 68); // D50 illuminant
  return concatBytes(header, ...table, ...bodies);
}

/** Inserts JPEG marker segments right after SOI. */
function afterSoi(jpeg: Uint8Array, ...segments: Uint8Array[]): Uint8Array {
  return concatBytes(jpeg.subarray(0, 2), ...segments, jpeg.subarray(2));
}

function segment(marker: number, body: Uint8Array): Uint8Array {
  const head = Uint8Array.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]);
  return concatBytes(head, body);
}

/**
 * A JPEG whose stored samples are squeezed near white while its ICC profile (power curve 50)
 * makes colour-managed viewers show the photo. Stored, PDQ quality is 23 (PDQ skipped).
 */
export async function iccSqueezedJpeg(photo: Pixels, curveGamma = 50): Promise<Uint8Array> {
  const squeezed = squeeze(photo, 1 / curveGamma);
  const jpeg = new Uint8Array(
    await sharp(squeezed.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
  const icc = concatBytes(ascii('ICC_PROFILE'), Uint8Array.from([0, 1, 1]), iccProfile(curveGamma));
  return afterSoi(jpeg, segment(0xe2, icc));
}

/**
 * A JPEG storing the photo turned 90° anticlockwise with EXIF orientation 6, so viewers turn it
 * upright, in a form a strict parser misses: `Exif\0` followed by a byte other than 0 ('pad'),
 * or a standalone marker before APP1 ('standalone').
 */
export async function exifTrickJpeg(photo: Pixels, trick: 'pad' | 'standalone'): Promise<Uint8Array> {
  const turned = applyOrientation(photo, 8);
  const jpeg = new Uint8Array(
    await sharp(turned.data, { raw: { width: turned.width, height: turned.height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer(),
  );
  // A big-endian TIFF with one IFD0 entry: Orientation (0x0112), SHORT, 1 value, 6.
  const tiff = Uint8Array.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
  const exif = segment(0xe1, concatBytes(ascii('Exif'), Uint8Array.from([0, trick === 'pad' ? 0x58 : 0]), tiff));
  return trick === 'pad' ? afterSoi(jpeg, exif) : afterSoi(jpeg, Uint8Array.from([0xff, 0xd0]), exif);
}

/** A PNG of the photo whose zlib stream is followed by 7 stray bytes inside IDAT. */
export function zlibTrailingPng(photo: Pixels): Uint8Array {
  const z = deflateSync(rgbRows(photo));
  return pngFile([
    pngChunk('IHDR', ihdr(photo.width, photo.height, 8, 2)),
    pngChunk('IDAT', concatBytes(z, Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** An animated GIF or WebP (libvips' encoders): a white first frame, then the photo. */
export async function animatedHiddenFrame(photo: Pixels, format: 'gif' | 'webp'): Promise<Uint8Array> {
  const { width: W, height: H } = photo;
  const stacked = new Uint8Array(W * H * 3 * 2);
  stacked.fill(255, 0, W * H * 3);
  stacked.set(photo.data, W * H * 3);
  const image = sharp(stacked, { raw: { width: W, height: 2 * H, channels: 3, pageHeight: H } });
  const out = format === 'gif' ? image.gif({ loop: 0, delay: [100, 100] }) : image.webp({ loop: 0, delay: [100, 100], quality: 95 });
  return new Uint8Array(await out.toBuffer());
}
