// bench:match — a 1,000,000-entry signed PDQ list: verification, index build, bytes per entry,
// query time at distance 31 (one hash, and 8 dihedral hashes per image) against a brute-force
// linear scan of the same entries in the same run. Once with uniformly random hashes, once with
// balanced ones (exactly 128 ones, like real PDQ). Indexed and linear results are compared too.
// `--entries N` (e.g. 20000000) runs the 1 M list first and then N, and prints N's query median
// against the 1 M one of the same run.

import { cpus } from 'node:os';
import { loadEd25519 } from '../src/crypto/ed25519.js';
import { buildList, signList, type ListEntryInput } from '../src/lists/build.js';
import { keyIdOf } from '../src/lists/digests.js';
import { indexEntries } from '../src/lists/loaded-list.js';
import { hashWords } from '../src/lists/pdq-index.js';
import { verifyList } from '../src/lists/verify.js';
import { toHex } from '../src/bytes.js';
import { ms, round, summarise } from './stats.js';

const BASELINE = 1_000_000;
const flagAt = process.argv.indexOf('--entries');
const ENTRIES = Number(flagAt >= 0 ? process.argv[flagAt + 1] : (process.env.BENCH_ENTRIES ?? BASELINE));
if (!Number.isSafeInteger(ENTRIES) || ENTRIES < 1) throw new Error('--entries must be a positive integer');
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const LINEAR_QUERIES = Number(process.env.BENCH_LINEAR_QUERIES ?? 40);
const THRESHOLD = 31;

let x = 0x9e3779b9;
const rnd = (): number => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
};

function uniform(h = new Uint8Array(32)): Uint8Array {
  for (let i = 0; i < 32; i += 4) {
    const v = rnd();
    h[i] = v >>> 24;
    h[i + 1] = v >>> 16;
    h[i + 2] = v >>> 8;
    h[i + 3] = v;
  }
  return h;
}

const positions = Array.from({ length: 256 }, (_, i) => i);
/** Flips `k` distinct random bits of a copy of `h`. */
function flip(h: Uint8Array, k: number): Uint8Array {
  const out = h.slice();
  for (let i = 0; i < k; i++) {
    const j = i + (rnd() % (256 - i));
    [positions[i], positions[j]] = [positions[j], positions[i]];
    out[positions[i] >> 3] ^= 1 << (positions[i] & 7);
  }
  return out;
}

function balanced(h = new Uint8Array(32)): Uint8Array {
  h.fill(0);
  for (let i = 0; i < 128; i++) {
    const j = i + (rnd() % (256 - i));
    [positions[i], positions[j]] = [positions[j], positions[i]];
    h[positions[i] >> 3] |= 1 << (positions[i] & 7);
  }
  return h;
}

async function run(kind: 'uniform' | 'balanced', ENTRIES: number): Promise<Record<string, unknown>> {
  const make = kind === 'uniform' ? uniform : balanced;
  // One flat buffer, not an object per hash: at 20 M entries the objects alone would be gigabytes.
  const flat = new Uint8Array(ENTRIES * 32);
  for (let i = 0; i < ENTRIES; i++) make(flat.subarray(i * 32, i * 32 + 32));
  const hashes = { at: (i: number): Uint8Array => flat.subarray(i * 32, i * 32 + 32) };
  // Planted near-duplicates: half of the queries are list entries with 0..31 bits flipped (kept
  // balanced by flipping pairs), the other half fresh hashes that match nothing, as most images do.
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    if (i % 2 === 1) return make();
    const base = hashes.at(rnd() % ENTRIES);
    return flip(base, rnd() % (THRESHOLD + 1));
  });
  function* entries(): Iterable<ListEntryInput> {
    for (let i = 0; i < ENTRIES; i++) yield { type: 'pdq', hash: hashes.at(i), category: 'test' };
  }
  const ed = await loadEd25519();
  const seeds = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
  let t = performance.now();
  let bytes = buildList({ id: `bench-${kind}`, sequence: 1, createdAt: 0, notAfter: 4_000_000_000, entries: entries() });
  const listBuildMs = performance.now() - t;
  for (const seed of seeds) bytes = await signList(bytes, seed, ed);
  const trust = {
    signers: await Promise.all(seeds.map(async (s) => ({ publicKey: toHex(ed.publicKeyOf(s)), id: toHex(await keyIdOf(ed.publicKeyOf(s))) }))),
  };

  t = performance.now();
  const verified = await verifyList(bytes, ed, { trust });
  const verifyMs = performance.now() - t;
  t = performance.now();
  const { pdq } = indexEntries(verified.list);
  const buildMs = performance.now() - t;
  const fileBytes = bytes.length;
  bytes = new Uint8Array(0); // only the index is kept, as in the SDK

  const words = queries.map((q) => hashWords(q));
  const dihedral = words.map((w, i) => [w, ...Array.from({ length: 7 }, (_, k) => hashWords(i % 2 === 0 && k === 0 ? flip(queries[i], 5) : make()))]);
  let matches = 0;
  const single: number[] = [];
  const eight: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    // first pass warms the JIT; only the second is kept
    single.length = 0;
    eight.length = 0;
    matches = 0;
    for (let i = 0; i < words.length; i++) {
      let s = performance.now();
      pdq.search(words[i], THRESHOLD, () => matches++);
      single.push(performance.now() - s);
      s = performance.now();
      for (const w of dihedral[i]) pdq.search(w, THRESHOLD, () => undefined);
      eight.push(performance.now() - s);
    }
  }
  const linear: number[] = [];
  let disagreements = 0;
  for (let i = 0; i < LINEAR_QUERIES; i++) {
    const a: number[] = [];
    const b: number[] = [];
    const s = performance.now();
    pdq.scan(words[i], THRESHOLD, (j, d) => a.push(j * 256 + d));
    linear.push(performance.now() - s);
    pdq.search(words[i], THRESHOLD, (j, d) => b.push(j * 256 + d));
    if (a.sort().join() !== b.sort().join()) disagreements++;
  }
  const q = summarise(single);
  const d8 = summarise(eight);
  const lin = summarise(linear);
  const bytesPerEntry = pdq.bytes / ENTRIES;
  console.log(
    `\n${kind} hashes: ${ENTRIES} entries, list file ${(fileBytes / 1e6).toFixed(1)} MB; chunks ${pdq.widths.length} × ${[...new Set(pdq.widths)].join('/')} bits`,
  );
  console.log(`  list build (sort, dedupe): ${ms(listBuildMs)}; verify (layout + root + 2 signatures): ${ms(verifyMs)}; index build: ${ms(buildMs)}`);
  console.log(`  hashes + index: ${(pdq.bytes / 1e6).toFixed(1)} MB = ${bytesPerEntry.toFixed(1)} bytes/entry (+1 byte/entry of categories)`);
  console.log(`  MIH query, d ≤ ${THRESHOLD}: median ${ms(q.median)}  p99 ${ms(q.p99)}  (${q.runs} queries, half planted; ${matches} matches)`);
  console.log(`  MIH 8 dihedral hashes per image: median ${ms(d8.median)}  p99 ${ms(d8.p99)}`);
  console.log(`  linear scan, same entries: median ${ms(lin.median)}  p99 ${ms(lin.p99)}  (${lin.runs} queries)`);
  console.log(`  ratio linear / MIH: ${(lin.median / q.median).toFixed(1)}×; results differing from the scan: ${disagreements} of ${LINEAR_QUERIES}`);
  if (disagreements > 0) process.exitCode = 1;
  return {
    bench: 'match',
    hashes: kind,
    entries: ENTRIES,
    chunks: pdq.widths.length,
    list_build_ms: round(listBuildMs, 1),
    build_ms: round(buildMs, 1),
    verify_ms: round(verifyMs, 1),
    bytes_per_entry: round(bytesPerEntry, 2),
    query_median_ms: round(q.median),
    query_p99_ms: round(q.p99),
    dihedral_median_ms: round(d8.median),
    dihedral_p99_ms: round(d8.p99),
    linear_median_ms: round(lin.median),
    ratio: round(lin.median / q.median, 1),
  };
}

console.log(`bench:match on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`);
const sizes = ENTRIES === BASELINE ? [BASELINE] : [BASELINE, ENTRIES];
const results: Record<string, unknown>[] = [];
for (const kind of ['uniform', 'balanced'] as const) {
  for (const n of sizes) results.push(await run(kind, n));
}
if (sizes.length > 1) {
  console.log('');
  for (let k = 0; k < results.length; k += 2) {
    const [small, large] = [results[k], results[k + 1]];
    const ratio = (large.query_median_ms as number) / (small.query_median_ms as number);
    large.query_median_vs_1m = round(ratio, 2);
    console.log(`${large.hashes as string}: query median at ${ENTRIES} entries = ${ratio.toFixed(2)}× the 1 M median of this run`);
  }
}
console.log('');
for (const r of results) console.log(JSON.stringify(r));
