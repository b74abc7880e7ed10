// eval:pdq — what PDQ matching catches and what it misses, on benign images only: the reference
// modification set (bridge-mods), real rotations and flips (dih), edits made here with sharp
// (crops, rotations, recompression, overlays), and false matches among distinct images.
// Prints Markdown; docs/robustness.md keeps a copy. Extra distinct images: EVAL_EXTRA_DIR=dir.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { Engine } from '../src/engine/engine.js';
import { nodeDecoder } from '../src/node/decode.js';
import { hammingDistance } from '../src/pdq/hash256.js';
import type { HashResult } from '../src/protocol.js';
import { VECTORS } from '../test/helpers/vectors.js';

const T = 31;
const engine = await Engine.create({ maxPixels: 100_000_000 }, nodeDecoder);
const hash = (bytes: Uint8Array): Promise<HashResult> => engine.hashImage({ kind: 'encoded', bytes: bytes.slice().buffer });
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(join(VECTORS, file)));
const yes = (d: number): string => (d <= T ? 'yes' : '**no**');

/** Distance of the original's hash to the modified image's hash, and the best of its 8 dihedral hashes. */
function compare(orig: HashResult, mod: HashResult): { d: number; d8: number } {
  return { d: hammingDistance(orig.pdq, mod.pdq), d8: Math.min(...mod.dihedral.map((h) => hammingDistance(orig.pdq, h))) };
}

function row(name: string, orig: HashResult, mod: HashResult): string {
  const { d, d8 } = compare(orig, mod);
  return `| ${name} | ${mod.width}×${mod.height} | ${mod.quality} | ${d} | ${yes(d)} | ${d8} | ${yes(d8)} |`;
}

const HEAD = `| image | size | quality | distance | match ≤ ${T} | distance, 8 dihedral | match ≤ ${T}, dihedral |\n|---|---|---|---|---|---|---|`;
const out: string[] = [];

// 1. The reference's modification set: each file against aaa-orig.jpg.
const mods = 'pdq/data/bridge-mods';
const orig = await hash(read(`${mods}/aaa-orig.jpg`));
out.push(`### bridge-mods (ThreatExchange's modification set) vs aaa-orig.jpg\n\n${HEAD}`);
for (const f of readdirSync(join(VECTORS, mods))
  .filter((f) => f !== 'aaa-orig.jpg')
  .sort())
  out.push(row(f, orig, await hash(read(`${mods}/${f}`))));

// 2. Real rotations and flips of another bridge photo.
const dih = 'pdq/data/reg-test-input/dih';
const dihOrig = await hash(read(`${dih}/bridge-1-original.jpg`));
out.push(`\n### Real rotations and flips (reg-test-input/dih) vs bridge-1-original.jpg\n\n${HEAD}`);
for (const f of readdirSync(join(VECTORS, dih))
  .filter((f) => f !== 'bridge-1-original.jpg')
  .sort())
  out.push(row(f, dihOrig, await hash(read(`${dih}/${f}`))));

// 3. Edits made here from aaa-orig.jpg (1600×1004 photo of a bridge).
const src = read(`${mods}/aaa-orig.jpg`);
const { width: W = 0, height: H = 0 } = await sharp(src).metadata();
const jpeg = (img: Sharp) =>
  img
    .jpeg({ quality: 90 })
    .toBuffer()
    .then((b: Buffer) => new Uint8Array(b));
const crop = (f: number, left = (1 - f) / 2, top = (1 - f) / 2) =>
  sharp(src).extract({ left: Math.round(W * left), top: Math.round(H * top), width: Math.round(W * f), height: Math.round(H * f) });
const box = (fw: number, fh: number) =>
  sharp(src).composite([
    { input: { create: { width: Math.round(W * fw), height: Math.round(H * fh), channels: 3, background: '#808080' } }, gravity: 'southeast' },
  ]);
const edits: [string, () => Promise<Uint8Array>][] = [
  [
    'JPEG quality 10',
    () =>
      sharp(src)
        .jpeg({ quality: 10 })
        .toBuffer()
        .then((b) => new Uint8Array(b)),
  ],
  [
    'PNG re-encode',
    () =>
      sharp(src)
        .png()
        .toBuffer()
        .then((b) => new Uint8Array(b)),
  ],
  ['resize to 25 %', () => jpeg(sharp(src).resize(Math.round(W / 4)))],
  ['resize to 100 px wide', () => jpeg(sharp(src).resize(100))],
  ['greyscale', () => jpeg(sharp(src).greyscale())],
  ['brightness +30 %', () => jpeg(sharp(src).modulate({ brightness: 1.3 }))],
  ['gamma 2.2', () => jpeg(sharp(src).gamma(2.2))],
  ['Gaussian blur σ 4', () => jpeg(sharp(src).blur(4))],
  ['mirror (left–right)', () => jpeg(sharp(src).flop())],
  ['rotate 90° (pixels)', () => jpeg(sharp(src).rotate(90))],
  ['rotate 3°', () => jpeg(sharp(src).rotate(3, { background: '#000' }))],
  ['rotate 10°', () => jpeg(sharp(src).rotate(10, { background: '#000' }))],
  [
    'border 10 % (black)',
    () =>
      jpeg(
        sharp(src).extend({
          top: Math.round(H / 10),
          bottom: Math.round(H / 10),
          left: Math.round(W / 10),
          right: Math.round(W / 10),
          background: '#000',
        }),
      ),
  ],
  ['grey box over 10 % of the area', () => jpeg(box(Math.sqrt(0.1), Math.sqrt(0.1)))],
  ['grey box over 25 % of the area', () => jpeg(box(0.5, 0.5))],
  ['centre crop 95 %', () => jpeg(crop(0.95))],
  ['centre crop 90 %', () => jpeg(crop(0.9))],
  ['centre crop 80 %', () => jpeg(crop(0.8))],
  ['centre crop 50 %', () => jpeg(crop(0.5))],
  ['corner crop 80 % (top left)', () => jpeg(crop(0.8, 0, 0))],
  ['aspect change (squash to 1:1)', () => jpeg(sharp(src).resize(800, 800, { fit: 'fill' }))],
];
const letterboxed = 'python-threatexchange/threatexchange/tests/hashing/resources/letterboxed_sample-b.jpg';
out.push(row('letterboxed_sample-b.jpg (python-threatexchange)', orig, await hash(read(letterboxed))));
out.push(`\n### Edits made by scripts/eval-pdq.ts (sharp) from aaa-orig.jpg\n\n${HEAD}`);
for (const [name, make] of edits) out.push(row(name, orig, await hash(await make())));

// 4. False matches among distinct images: one representative per family of near-duplicates.
// dih/bridge-1-original.jpg, modes/original.jpg and python-threatexchange's sample-b.jpg are
// byte-identical copies of aaa-orig.jpg (same SHA-256 in MANIFEST.tsv), so only aaa-orig.jpg is used.
const distinct = [
  `${mods}/aaa-orig.jpg`,
  'pdq/data/misc-images/wee.jpg',
  'pdq/data/misc-images/c.png',
  'pdq/data/reg-test-input/pen-and-coaster.png',
  'pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg',
  ...readdirSync(join(VECTORS, 'pdq/data/reg-test-input/labelme-subset')).map((f) => `pdq/data/reg-test-input/labelme-subset/${f}`),
  ...['LA.png', 'rgb.jpeg', 'random_image_base64_from_test_pdq_hasher.png'].map(
    (f) => `python-threatexchange/threatexchange/tests/hashing/resources/${f}`,
  ),
];
const hashes: { name: string; h: HashResult }[] = [];
for (const f of distinct) hashes.push({ name: f.split('/').pop()!, h: await hash(read(f)) });
const extra = process.env.EVAL_EXTRA_DIR;
if (extra) {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [relative(extra, join(dir, e.name))]));
  for (const f of walk(extra)
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort()) {
    try {
      hashes.push({ name: f, h: await hash(new Uint8Array(readFileSync(join(extra, f)))) });
    } catch {
      // not an image safeseal decodes: left out
    }
  }
}
const usable = hashes.filter((x) => x.h.quality >= 50);
const pairs: { a: string; b: string; d: number; d8: number }[] = [];
for (let i = 0; i < usable.length; i++) {
  for (let j = i + 1; j < usable.length; j++) {
    const { d, d8 } = compare(usable[i].h, usable[j].h);
    pairs.push({ a: usable[i].name, b: usable[j].name, d, d8 });
  }
}
pairs.sort((p, q) => p.d8 - q.d8 || p.d - q.d);
const fm = pairs.filter((p) => p.d <= T).length;
const fm8 = pairs.filter((p) => p.d8 <= T).length;
out.push(
  `\n### False matches among distinct images\n\n${usable.length} distinct images with quality ≥ 50 (${hashes.length - usable.length} more were below 50 and are never PDQ-matched), ${pairs.length} pairs:` +
    ` **${fm}** pairs within ${T} bits, **${fm8}** with 8 dihedral hashes. Closest pairs:\n\n| image | image | distance | distance, 8 dihedral |\n|---|---|---|---|`,
);
for (const p of pairs.slice(0, Math.max(5, fm8 + 3))) out.push(`| ${p.a} | ${p.b} | ${p.d} | ${p.d8} |`);
const ds = pairs.map((p) => p.d).sort((a, b) => a - b);
out.push(`\nDistance between distinct images: min ${ds[0]}, median ${ds[Math.floor(ds.length / 2)]}, max ${ds[ds.length - 1]} bits.`);

process.stdout.write(out.join('\n') + '\n');
