// The package as an app gets it: `npm pack` (which runs `prepare`, i.e. the build), a fresh project
// that installs the tarball, then with zero asset configuration (a) a Node ESM script and (b) a
// Vite 8 production build in Chromium hash and classify an image; types check under "bundler" and
// "node16" resolution, Node without the DOM lib; Vite 8's dev server works, Vite 7's fails with an
// error naming the URL and the one-line fix, and works with it. Prints the sizes it measures.

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, MODEL_SHA256, ORT_WASM_FILE } from '../../src/classify/pins.js';
import { cppRows, VECTORS } from '../helpers/vectors.js';
import { NODE_SCRIPT, PAGE_HTML, PAGE_SCRIPT, TYPED_BROWSER_SCRIPT, TYPED_NODE_SCRIPT, typeTestConfig, VITE7_CONFIG } from './app-sources.js';
import { NPM_INSTALL_FLAGS, pageResult, REPO, run, serveStatic, startViteDev, stop, treeBytes } from './fresh-project.js';

const IMAGE = 'pdq/data/bridge-mods/aaa-orig.jpg'; // the ThreatExchange bridge photo: benign
const IMAGE_PATH = join(VECTORS, IMAGE);
const EXPECTED_PDQ = cppRows().find((r) => r.file === IMAGE && r.mode === 'fullres')?.hash;
const VITE8 = join(REPO, 'node_modules/vite/bin/vite.js');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
/** Vite 7 is installed only inside the temporary project (from the npm cache, or the registry). */
const VITE7_VERSION = '7.3.8';
/** The target for a fresh Node project's node_modules, sharp included. */
const NODE_MODULES_TARGET_BYTES = 40_000_000;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

interface ScanOutput {
  classifier: { state: string; model?: string; threads?: number };
  hash: { pdq: string; sha256: string | null; width: number; height: number };
  classified: { scores: Record<string, number>; model: string };
}

/** What both the Node script and the browser page must report for the bridge photo. */
function expectScanned(out: ScanOutput | { error: unknown }, where: string): void {
  expect(out, where).not.toHaveProperty('error');
  const { classifier, hash, classified } = out as ScanOutput;
  // The fresh project has no onnxruntime-node (an optional peer): the wasm runtime, on 1 thread here.
  expect(classifier, where).toEqual({ state: 'ready', model: MODEL_SHA256, threads: 1, runtime: 'onnxruntime-web' });
  expect(hash.pdq, where).toBe(EXPECTED_PDQ);
  expect(hash.sha256, where).toBe(createHash('sha256').update(readFileSync(IMAGE_PATH)).digest('hex'));
  expect([hash.width, hash.height], where).toEqual([1600, 1004]);
  expect(classified.model, where).toBe(MODEL_SHA256);
  expect(Object.keys(classified.scores).sort(), where).toEqual([...LABELS].sort());
  const sum = Object.values(classified.scores).reduce((a, b) => a + b, 0);
  expect(Math.abs(sum - 1), where).toBeLessThan(1e-4);
  const top = Object.entries(classified.scores).sort((a, b) => b[1] - a[1])[0][0];
  expect(['neutral', 'drawing'], where).toContain(top); // what nsfwjs itself says of this photo
}

let work: string;
let app: string;
let tarball: string;
const started = Date.now();

beforeAll(async () => {
  expect(EXPECTED_PDQ, 'reference row for the test image').toMatch(/^[0-9a-f]{64}$/);
  work = mkdtempSync(join(tmpdir(), 'safeseal-pack-'));
  // dist/ is current (the dist project's global setup refuses a stale build), so no second build here.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO, 600_000);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; size: number; unpackedSize: number }[];
  tarball = join(work, info.filename);
  console.log(`tarball: ${mb(statSync(tarball).size)} download, ${mb(info.unpackedSize)} unpacked`);

  app = join(work, 'app');
  mkdirSync(join(app, 'public'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }, null, 2));
  await run('npm', ['install', tarball, ...NPM_INSTALL_FLAGS], app, 600_000);
  writeFileSync(join(app, 'scan.mjs'), NODE_SCRIPT);
  writeFileSync(join(app, 'index.html'), PAGE_HTML);
  writeFileSync(join(app, 'main.js'), PAGE_SCRIPT);
  copyFileSync(IMAGE_PATH, join(app, 'public/test.jpg'));
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`pack-and-install test: ${((Date.now() - started) / 1000).toFixed(0)} s`);
});

describe('the packed package in a fresh project', () => {
  it('installs only sharp besides itself, ships the assets, and stays under 40 MB of node_modules', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/safeseal/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(['sharp']);
    for (const file of ['nsfw-mobilenetv2.onnx', ORT_WASM_FILE]) {
      expect(statSync(join(app, 'node_modules/safeseal/dist/assets', file)).size, file).toBeGreaterThan(1_000_000);
    }
    const assets = treeBytes(join(app, 'node_modules/safeseal/dist/assets'));
    const safeseal = treeBytes(join(app, 'node_modules/safeseal'));
    const total = treeBytes(join(app, 'node_modules'));
    console.log(
      `fresh Node project node_modules: ${mb(total)} (${total} bytes; safeseal ${mb(safeseal)} of which assets ${mb(assets)}; sharp and its libvips ${mb(total - safeseal)})`,
    );
    expect(total).toBeLessThan(NODE_MODULES_TARGET_BYTES);
  });

  it('(a) a Node ESM script hashes and classifies with createScanner({ model: true })', async () => {
    const { stdout } = await run(process.execPath, ['scan.mjs', IMAGE_PATH], app, 120_000);
    expectScanned(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ScanOutput, 'node');
  }, 180_000);

  it('types check under "bundler" and "node16" resolution, a Node script without the DOM lib and a browser script', async () => {
    writeFileSync(join(app, 'node-script.ts'), TYPED_NODE_SCRIPT);
    writeFileSync(join(app, 'browser-script.ts'), TYPED_BROWSER_SCRIPT);
    const typeRoots = join(REPO, 'node_modules/@types');
    for (const resolution of ['bundler', 'node16'] as const) {
      for (const env of ['node', 'browser'] as const) {
        const config = join(app, `tsconfig.${resolution}.${env}.json`);
        writeFileSync(config, typeTestConfig(resolution, env, `${env}-script.ts`, typeRoots));
        await run(process.execPath, [TSC, '-p', config], app, 120_000); // rejects with tsc's errors
      }
    }
  }, 300_000);

  it('(b) a Vite 8 production build hashes and classifies in Chromium', async () => {
    await run(process.execPath, [VITE8, 'build', '--logLevel', 'warn'], app, 180_000);
    const emitted = readdirSync(join(app, 'dist/assets')).map((file) => {
      const bytes = readFileSync(join(app, 'dist/assets', file));
      return `${file} ${(bytes.length / 1e3).toFixed(1)} kB (gzip ${(gzipSync(bytes).length / 1e3).toFixed(1)} kB)`;
    });
    console.log(`Vite 8 build emits: ${emitted.join(', ')}`);
    expect(emitted.some((e) => e.startsWith('ort-wasm-simd-threaded')) && emitted.some((e) => e.startsWith('nsfw-mobilenetv2'))).toBe(true);
    const server = await serveStatic(join(app, 'dist'));
    try {
      const { result, httpErrors } = await pageResult(server.url);
      expect(httpErrors).toEqual([]);
      expectScanned(result as ScanOutput, 'vite 8 build');
    } finally {
      await server.close();
    }
  }, 300_000);

  it("Vite 8's dev server works as is", async () => {
    const dev = await startViteDev(VITE8, app);
    try {
      const { result } = await pageResult(dev.url);
      expectScanned(result as ScanOutput, 'vite 8 dev');
    } finally {
      await stop(dev.child);
    }
  }, 300_000);

  it("Vite 7's dev server fails with an error naming the worker URL and the one-line fix, and works with it", async () => {
    const app7 = join(work, 'app-vite7');
    mkdirSync(join(app7, 'public'), { recursive: true });
    for (const file of ['package.json', 'index.html', 'main.js', 'public/test.jpg']) copyFileSync(join(app, file), join(app7, file));
    await run('npm', ['install', tarball, `vite@${VITE7_VERSION}`, ...NPM_INSTALL_FLAGS], app7, 600_000);
    const vite7 = join(app7, 'node_modules/vite/bin/vite.js');

    let dev = await startViteDev(vite7, app7);
    try {
      const { result } = await pageResult(dev.url);
      expect(result).toMatchObject({ error: { code: 'WORKER_CRASHED' } });
      const { message } = (result as { error: { message: string } }).error;
      expect(message).toContain(`${dev.url}node_modules/.vite/deps/worker.js`);
      expect(message).toContain("optimizeDeps: { exclude: ['safeseal'] }");
    } finally {
      await stop(dev.child);
    }

    writeFileSync(join(app7, 'vite.config.js'), VITE7_CONFIG);
    dev = await startViteDev(vite7, app7);
    try {
      const { result } = await pageResult(dev.url);
      expectScanned(result as ScanOutput, 'vite 7 dev with the fix');
    } finally {
      await stop(dev.child);
    }
  }, 900_000);
});
