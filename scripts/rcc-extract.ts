// Unpacks the raster pictures (JPEG, PNG, WebP) of Qt resource files (.rcc) into a directory, for
// the false-positive corpus (scripts/fp-corpus.sh --round 3): GCompris ships its activities'
// pictures only inside .rcc files. Written from Qt's documented binary layout (rcc's output format,
// versions 1-3), not from Qt's code.
//   usage: tsx scripts/rcc-extract.ts OUT_DIR FILE.rcc...
// Each picture lands at OUT_DIR/<rcc name>/<path inside the resource>. Other files are skipped.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const RASTER = /\.(jpe?g|png|webp)$/i;
const FLAG_COMPRESSED = 0x01; // zlib, behind a 4-byte big-endian uncompressed size
const FLAG_DIRECTORY = 0x02;
const FLAG_ZSTD = 0x04;
/** A resource file cannot hold more nodes than this: guards against a malformed tree that loops. */
const MAX_NODES = 1_000_000;

interface Layout {
  buf: Buffer;
  tree: number;
  data: number;
  names: number;
  nodeSize: number;
}

function header(buf: Buffer, file: string): Layout {
  if (buf.length < 20 || buf.toString('latin1', 0, 4) !== 'qres') throw new Error(`${file}: not a Qt resource file`);
  const version = buf.readUInt32BE(4);
  if (version < 1 || version > 3) throw new Error(`${file}: rcc version ${version} not supported`);
  // Version 2 added a 64-bit modification time to each node (14 -> 22 bytes).
  return { buf, tree: buf.readUInt32BE(8), data: buf.readUInt32BE(12), names: buf.readUInt32BE(16), nodeSize: version >= 2 ? 22 : 14 };
}

function nameAt(l: Layout, offset: number): string {
  const at = l.names + offset;
  const len = l.buf.readUInt16BE(at); // UTF-16 code units, after a 4-byte hash
  const units = l.buf.subarray(at + 6, at + 6 + 2 * len);
  let s = '';
  for (let i = 0; i < units.length; i += 2) s += String.fromCharCode(units.readUInt16BE(i));
  return s;
}

function payload(l: Layout, offset: number, flags: number): Buffer {
  const at = l.data + offset;
  const size = l.buf.readUInt32BE(at);
  const raw = l.buf.subarray(at + 4, at + 4 + size);
  if (flags & FLAG_COMPRESSED) return inflateSync(raw.subarray(4));
  if (flags & FLAG_ZSTD) return execFileSync('zstd', ['-d', '-c', '-q'], { input: raw, maxBuffer: 1 << 30 });
  return Buffer.from(raw);
}

/** Writes every raster file of `file`'s resource tree under `outDir`; returns how many. */
function extract(file: string, outDir: string): number {
  const l = header(readFileSync(file), file);
  let written = 0;
  let visited = 0;
  const walk = (index: number, path: string): void => {
    if (++visited > MAX_NODES) throw new Error(`${file}: resource tree too large or cyclic`);
    const at = l.tree + index * l.nodeSize;
    const name = index === 0 ? '' : nameAt(l, l.buf.readUInt32BE(at));
    const flags = l.buf.readUInt16BE(at + 4);
    const here = path ? `${path}/${name}` : name;
    if (flags & FLAG_DIRECTORY) {
      const count = l.buf.readUInt32BE(at + 6);
      const first = l.buf.readUInt32BE(at + 10);
      for (let i = 0; i < count; i++) walk(first + i, here);
    } else if (RASTER.test(name)) {
      const target = join(outDir, here);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, payload(l, l.buf.readUInt32BE(at + 10), flags));
      written++;
    }
  };
  walk(0, '');
  return written;
}

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: tsx scripts/rcc-extract.ts OUT_DIR FILE.rcc...');
  process.exit(2);
}
for (const f of files) {
  const n = extract(f, join(outDir, basename(f, '.rcc')));
  if (n) console.log(`${basename(f)}: ${n} raster files`);
}
