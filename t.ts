import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { decodePng } from './src/image/png.ts';
const bytes = new Uint8Array(readFileSync('/work/shared/pdq-vectors/pdq/data/misc-images/modes/RGBA.png'));
let ti = 0;
const zInflate = async (d: Uint8Array, n: number) => { const t = performance.now(); const r = inflateSync(d); ti += performance.now() - t; return new Uint8Array(r.buffer, r.byteOffset, r.length); };
for (let k = 0; k < 20; k++) { ti = 0; const t = performance.now(); await decodePng(bytes, zInflate); if (k > 15) console.log('total', (performance.now() - t).toFixed(1), 'inflate', ti.toFixed(1)); }
