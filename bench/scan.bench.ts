// bench:scan — the whole scan a messenger makes, in headless Chromium on the built bundle, against
// nsfwjs's classification alone, 1 thread each, both from the same bytes: safeseal's
// scanImage(blob) of the 1600×1004 bridge JPEG (decode + PDQ + classifier as docs/policy.md ships
// it + matching against a signed 1,000,000-entry list + policy), then nsfwjs@4.4.0 (tfjs-wasm)
// as createImageBitmap(blob) → model.classify(bitmap). A PerformanceObserver records main-thread
// long tasks during safeseal's scans. Last line: {"bench":"scan",…}.

import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import playwrightConfig from '../playwright.config.js';
import { toHex } from '../src/bytes.js';
import { loadEd25519 } from '../src/crypto/ed25519.js';
import { buildList, signList, type ListEntryInput } from '../src/lists/build.js';
import { keyIdOf } from '../src/lists/digests.js';
import { seededRandom } from '../test/helpers/prng.js';
import { VECTORS } from '../test/helpers/vectors.js';
import { round, summarise } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const root = resolve(fileURLToPath(import.meta.url), '../..');
const IMAGE = join(VECTORS, 'pdq/data/bridge-mods/aaa-orig.jpg');

/** A signed list of `n` random PDQ hashes (category test), and the trust set that accepts it. */
async function signedList(n: number): Promise<{ bytes: Uint8Array; trust: object }> {
  const ed = await loadEd25519();
  const next = seededRandom(20261201);
  const entries: ListEntryInput[] = Array.from({ length: n }, () => ({
    type: 'pdq',
    hash: Uint8Array.from({ length: 32 }, () => next() & 255),
    category: 'test',
  }));
  const keys = [ed.generateKeyPair(), ed.generateKeyPair()];
  let bytes = await buildList({ id: 'bench-scan', sequence: 1, createdAt: Date.now(), notAfter: Date.now() + 86_400_000, entries });
  for (const k of keys) bytes = await signList(bytes, k.seed, ed);
  const signers = await Promise.all(keys.map(async (k) => ({ id: toHex(await keyIdOf(k.publicKey)), publicKey: toHex(k.publicKey) })));
  return { bytes, trust: { threshold: 2, signers } };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.map': 'application/json',
};

function serve(mounts: Record<string, string>, extra: Record<string, Uint8Array>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (extra[path]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(extra[path].length) }).end(extra[path]);
      return;
    }
    const prefix = Object.keys(mounts).find((m) => path.startsWith(m));
    const file = prefix ? normalize(join(mounts[prefix], path.slice(prefix.length) || 'index.html')) : '';
    if (!prefix || !file.startsWith(mounts[prefix] + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const worker = path.endsWith('/worker.js') ? { 'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'" } : {};
    res
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...worker })
      .end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const out = await mkdtemp(join(tmpdir(), 'safeseal-bench-scan-'));
try {
  await build({
    entryPoints: [join(root, 'bench/scan/nsfwjs-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(out, 'nsfwjs-page.js'),
    logLevel: 'error',
  });
  for (const f of ['safeseal-page.js', 'index.html'])
    await import('node:fs/promises').then((fs) => fs.copyFile(join(root, 'bench/scan', f), join(out, f)));
  const list = await signedList(ENTRIES);
  const server = await serve(
    { '/dist/': join(root, 'dist'), '/bench/': out, '/tfjs/': join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') },
    { '/image.jpg': readFileSync(IMAGE), '/list.ssl': list.bytes },
  );
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // The browser tests' launch options: Debian's Chromium and the flags this closed network needs.
  const browser = await chromium.launch({ ...playwrightConfig.use?.launchOptions, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/bench/index.html`);
    const ours = (await page.evaluate(
      ([l, t, r, w]) => (window as unknown as { runSafeseal: (...a: unknown[]) => Promise<unknown> }).runSafeseal('/image.jpg', l, t, r, w),
      ['/list.ssl', list.trust, RUNS, WARMUP] as const,
    )) as { times: number[]; maxLongTask: number; entries: number; action: string };
    await page.close();
    const peerPage = await browser.newPage();
    await peerPage.goto(`${base}/bench/index.html`);
    const theirs = (await peerPage.evaluate(([r, w]) => window.runNsfwjs('/image.jpg', r, w), [RUNS, WARMUP] as const)) as number[];
    const a = summarise(ours.times);
    const b = summarise(theirs);
    console.log(
      `safeseal scanImage: median ${round(a.median)} ms (min ${round(a.min)}, p99 ${round(a.p99)}, ${a.runs} runs), verdict ${ours.action}, list ${ours.entries} entries`,
    );
    console.log(`nsfwjs classify:    median ${round(b.median)} ms (min ${round(b.min)}, p99 ${round(b.p99)}, ${b.runs} runs)`);
    console.log(
      JSON.stringify({
        bench: 'scan',
        median_ms: round(a.median),
        nsfwjs_median_ms: round(b.median),
        ratio: round(b.median / a.median),
        max_long_task_ms: round(ours.maxLongTask),
        list_entries: ours.entries,
      }),
    );
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
