// bench:match-regress — the PDQ index of this checkout against the one at a git ref (default
// ef01dcd, before the size-dependent layout), on the same 1,000,000 sorted hashes, queries
// interleaved (old, new, old, new …) so both see the same machine load. Prints build time, bytes
// per entry and query medians at distance 31; last line JSON. Queries run in blocks of 50, the two
// indexes taking turns to go first, so neither profits from the other having warmed the cache.
// Usage: npm run bench:match-regress [-- --ref REF --entries N]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashWords, PdqIndex } from '../src/lists/pdq-index.js';
import { ms, round, summarise } from './stats.js';

const arg = (name: string, fallback: string): string => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const REF = arg('--ref', 'ef01dcd');
const ENTRIES = Number(arg('--entries', '1000000'));
const QUERIES = 2_000;
const src = resolve(import.meta.dirname, '../src');

// The old index file, with its relative imports pointed back at this checkout's src/.
const old = execFileSync('git', ['show', `${REF}:src/lists/pdq-index.ts`], { encoding: 'utf8' })
  .replaceAll("'../", `'${pathToFileURL(src).href}/`)
  .replace("from './format.js'", `from '${pathToFileURL(join(src, 'lists/format.js')).href}'`);
const tmp = mkdtempSync(join(tmpdir(), 'safeseal-regress-'));
writeFileSync(join(tmp, 'pdq-index-old.ts'), old);
const Old = ((await import(pathToFileURL(join(tmp, 'pdq-index-old.ts')).href)) as { PdqIndex: typeof PdqIndex }).PdqIndex;

let x = 0x9e3779b9;
const rnd = (): number => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
};
function balanced(): Uint8Array {
  const h = new Uint8Array(32);
  const bits = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0; i < 128; i++) {
    const j = i + (rnd() % (256 - i));
    [bits[i], bits[j]] = [bits[j], bits[i]];
    h[bits[i] >> 3] |= 1 << (bits[i] & 7);
  }
  return h;
}
function flip(h: Uint8Array, k: number): Uint8Array {
  const out = h.slice();
  for (let i = 0; i < k; i++) out[rnd() % 32] ^= 1 << (rnd() % 8);
  return out;
}

const hashes = Array.from({ length: ENTRIES }, balanced).sort((a, b) => Buffer.compare(a, b));
const words = new Uint32Array(ENTRIES * 8);
hashes.forEach((h, i) => hashWords(h, words, i * 8));
const queries = Array.from({ length: QUERIES }, (_, i) => hashWords(i % 2 === 0 ? flip(hashes[rnd() % ENTRIES], rnd() % 32) : balanced()));

const builds: Record<string, number[]> = { old: [], new: [] };
let oldIndex!: PdqIndex;
let newIndex!: PdqIndex;
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now();
  oldIndex = Old.build(words);
  builds.old.push(performance.now() - t);
  t = performance.now();
  newIndex = PdqIndex.build(words);
  builds.new.push(performance.now() - t);
}
const times: Record<string, number[]> = { old: [], new: [] };
let differ = 0;
const BLOCK = 50;
for (let rep = 0; rep < 2; rep++) {
  times.old.length = 0;
  times.new.length = 0;
  const results: Record<string, string[]> = { old: [], new: [] };
  for (let b = 0; b < QUERIES; b += BLOCK) {
    const block = queries.slice(b, b + BLOCK);
    const order: [string, PdqIndex][] =
      (b / BLOCK) % 2 === 0
        ? [
            ['old', oldIndex],
            ['new', newIndex],
          ]
        : [
            ['new', newIndex],
            ['old', oldIndex],
          ];
    for (const [name, index] of order) {
      for (const q of block) {
        const hits: number[] = [];
        const t = performance.now();
        index.search(q, 31, (i) => hits.push(i));
        times[name].push(performance.now() - t);
        results[name].push(hits.sort().join());
      }
    }
  }
  differ = results.old.filter((r, i) => r !== results.new[i]).length;
}
const o = summarise(times.old);
const n = summarise(times.new);
const ob = summarise(builds.old).median;
const nb = summarise(builds.new).median;
console.log(`${ENTRIES} balanced entries; old = ${REF}, new = this checkout (${newIndex.widths.length} chunks)`);
console.log(`  build median of 3: old ${ms(ob)}, new ${ms(nb)} (${((nb / ob - 1) * 100).toFixed(1)} %)`);
console.log(`  bytes/entry: old ${(oldIndex.bytes / ENTRIES).toFixed(2)}, new ${(newIndex.bytes / ENTRIES).toFixed(2)}`);
console.log(
  `  query median, interleaved: old ${ms(o.median)}, new ${ms(n.median)} (${((n.median / o.median - 1) * 100).toFixed(1)} %); p99 old ${ms(o.p99)}, new ${ms(n.p99)}`,
);
console.log(`  results differing: ${differ} of ${QUERIES}`);
console.log(
  JSON.stringify({
    bench: 'match-regress',
    ref: REF,
    entries: ENTRIES,
    old_build_ms: round(ob, 1),
    new_build_ms: round(nb, 1),
    old_query_median_ms: round(o.median),
    new_query_median_ms: round(n.median),
    query_change: round(n.median / o.median - 1, 3),
    build_change: round(nb / ob - 1, 3),
    old_bytes_per_entry: round(oldIndex.bytes / ENTRIES, 2),
    new_bytes_per_entry: round(newIndex.bytes / ENTRIES, 2),
    differing: differ,
  }),
);
