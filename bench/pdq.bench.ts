// bench:pdq — PDQ (luma + hash + 8 dihedral) on the decoded 1600×1004 bridge photo, decode + hash
// of its JPEG, and blockhash-core (the perceptual hash most npm users pick) on the same pixels.

import { bmvbhash } from 'blockhash-core';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { dct16 } from '../src/pdq/dct.js';
import { dihedralBlocks } from '../src/pdq/dihedral.js';
import { downsampleLuma64 } from '../src/pdq/downsample.js';
import { thresholdAtMedian } from '../src/pdq/hash256.js';
import { hashToHex, pdqHash } from '../src/pdq/index.js';
import { pdqQuality } from '../src/pdq/quality.js';
import { nodeEngine } from '../test/helpers/node-engine.js';
import { readPpm, VECTORS } from '../test/helpers/vectors.js';
import { ms, round, time } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const pixels = readPpm(join(VECTORS, 'derived/decoded-ppm/bridge-1-original.fullres.ppm'));
const jpeg = new Uint8Array(readFileSync(join(VECTORS, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg')));
const rgba = new Uint8ClampedArray(pixels.width * pixels.height * 4); // blockhash-core wants RGBA
for (let i = 0, j = 0; i < pixels.data.length; i += 3, j += 4) {
  rgba[j] = pixels.data[i];
  rgba[j + 1] = pixels.data[i + 1];
  rgba[j + 2] = pixels.data[i + 2];
  rgba[j + 3] = 255;
}

console.log(`bench:pdq on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, ${RUNS} runs each`);
console.log(`image: bridge-1-original, ${pixels.width}×${pixels.height} RGB (the reference decoder's pixels)`);

console.log(`pdq: ${hashToHex(pdqHash(pixels).hash)}`);

const hash = await time(() => pdqHash(pixels), RUNS);
console.log(`PDQ luma + hash + 8 dihedral:   median ${ms(hash.median)}  p99 ${ms(hash.p99)}  min ${ms(hash.min)}`);

// Where the time goes (same work, split by stage).
const a = downsampleLuma64(pixels);
const b = dct16(a);
const stages = {
  'luma + Jarosz + 64×64 decimation': await time(() => downsampleLuma64(pixels), RUNS),
  quality: await time(() => pdqQuality(a), RUNS),
  '16×16 DCT': await time(() => dct16(a), RUNS),
  'median + bits (orig)': await time(() => thresholdAtMedian(b), RUNS),
  '7 more dihedral hashes': await time(() => {
    const blocks = Array.from({ length: 7 }, () => new Float64Array(256));
    dihedralBlocks(b, blocks);
    for (const blk of blocks) thresholdAtMedian(blk);
  }, RUNS),
};
for (const [stage, s] of Object.entries(stages)) console.log(`  ${stage.padEnd(34)} median ${ms(s.median)}`);

const engine = await nodeEngine();
const decodeHash = await time(() => engine.hashImage({ kind: 'encoded', bytes: jpeg.slice().buffer }), Math.max(20, RUNS / 4));
console.log(`JPEG sniff + SHA-256 + decode (sharp) + PDQ: median ${ms(decodeHash.median)}  p99 ${ms(decodeHash.p99)}`);

const blockhash = await time(() => bmvbhash({ width: pixels.width, height: pixels.height, data: rgba }, 16), Math.max(20, RUNS / 4));
console.log(`blockhash-core bmvbhash (256 bits), same pixels: median ${ms(blockhash.median)}`);
console.log(`ratio blockhash / PDQ: ${(blockhash.median / hash.median).toFixed(1)}×`);
console.log(`reference C++ (-O3) on this machine class, from the issue: 13.3 ms → ratio ${(13.3 / hash.median).toFixed(1)}×`);

console.log(
  JSON.stringify({
    bench: 'pdq',
    hash_median_ms: round(hash.median),
    decode_hash_median_ms: round(decodeHash.median),
    blockhash_median_ms: round(blockhash.median),
  }),
);
