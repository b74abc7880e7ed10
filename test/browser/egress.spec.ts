// The worker that cannot phone home, in real Chromium. A test-only hostile module (built apart from
// dist/ by rollup.test.config.ts) is evaluated inside the scanner worker after start-up and tries
// every route out against a sink on another port that counts what arrives:
// - the canary (the same module in an unlocked worker, no CSP) reaches the sink by every route the
//   platform offers, so the routes are real;
// - the lock alone (no CSP) leaves only dynamic import(), which JavaScript cannot remove;
// - lock + the documented worker CSP, on a cross-origin isolated page where onnxruntime runs
//   threaded: nothing reaches the sink and the page hears nothing, with the 1-thread scores; only
//   import() of the app's own origin is still let through by script-src 'self' (a CSP naming the
//   worker's exact URL refuses that too).
// Also: the lock is the first code dist/worker.js runs, and malformed raw messages get INVALID_ARGUMENT.

import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAst } from 'rollup/parseAst';
import type { ClassifyResult } from '../../dist/index.js';
import type { Attempt } from './hostile/routes.js';
import { startSink } from '../helpers/sink.js';

const MODEL = '/models/nsfw-mobilenetv2.onnx';
const WASM = '/ort/ort-wasm-simd-threaded.wasm';
const FILES = ['pdq/data/reg-test-input/pen-and-coaster.png', 'pdq/data/misc-images/c.png', 'pdq/data/bridge-mods/aaa-orig.jpg'];
const WEE = '/vectors/pdq/data/misc-images/wee.jpg';
/** The header the README documents for dist/worker.js (test/browser/server.mjs serves it). */
const WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'";

/** Routes that must reach the sink from the unlocked canary in Chromium (the others are absent there or need what the test cannot give, e.g. HTTP/3). */
const CANARY_MUST_REACH = [
  'fetch',
  'fetch-request',
  'fetch-prototype-call',
  'fetch-every-prototype',
  'fetch-restore',
  'function-constructor',
  'xhr',
  'websocket',
  'websocketstream',
  'eventsource',
  'dynamic-import',
  'caches-add',
  'caches-getter-call',
  'fontface-load',
  'fonts-load',
  'worker-blob',
  'worker-blob-classic-importScripts',
  'worker-data',
  'worker-blob-named-em-pthread',
  'worker-prototype-constructor',
];

type Sink = Awaited<ReturnType<typeof startSink>>;
let sink: Sink;

test.beforeAll(() => {
  execFileSync('npx', ['rollup', '-c', 'rollup.test.config.ts', '--configPlugin', 'esbuild', '--silent'], { stdio: 'inherit' });
});
test.beforeEach(async () => {
  sink = await startSink();
});
test.afterEach(async () => {
  await sink.close();
});

declare global {
  interface Window {
    __workers: Worker[];
    __broadcasts: string[];
    __attack: (worker: Worker, target: string, ws: string) => Promise<Attempt[]>;
  }
}

/**
 * Opens `path` with the page-side helpers: every Worker the page starts is recorded, and the page
 * listens on the hostile BroadcastChannel. Returns the paths requested and the paths answered: a
 * request the CSP blocks is still reported as a request (then fails with "csp"), never answered.
 */
async function openPage(page: Page, path: string): Promise<{ requests: string[]; answered: string[] }> {
  const requests: string[] = [];
  const answered: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('response', (r) => answered.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.addInitScript(() => {
    window.__workers = [];
    window.__broadcasts = [];
    const Real = window.Worker;
    window.Worker = class extends Real {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        window.__workers.push(this);
      }
    };
    new BroadcastChannel('safeseal-hostile').onmessage = (e) => window.__broadcasts.push(String(e.data));
    window.__attack = (worker, target, ws) =>
      new Promise((resolve) => {
        worker.addEventListener('message', (ev) => {
          if (ev.data?.hostileReport) resolve(ev.data.hostileReport);
        });
        worker.postMessage({ hostile: true, target, ws, prefix: '' });
      });
  });
  await page.goto(path);
  await page.waitForFunction(() => window.harnessReady === true);
  return { requests, answered };
}

/** Lets nested workers, event streams and sockets finish trying. */
const quiet = (page: Page) => page.waitForTimeout(3000);

function summary(report: Attempt[]): string {
  return report.map((a) => `${a.route}: ${a.outcome}${a.detail ? ` (${a.detail.slice(0, 70)})` : ''}`).join('\n');
}

test('the lock is the first code dist/worker.js runs, and no test code is in it', () => {
  for (const file of ['dist/worker.js', 'dist/node/worker.js']) {
    const code = readFileSync(file, 'utf8');
    const body = (
      parseAst(code) as unknown as { body: { type: string; start: number; end: number; declarations?: { init: { type: string } | null }[] }[] }
    ).body;
    const at = body.findIndex((s) => s.type === 'ExpressionStatement' && code.slice(s.start, s.end) === 'lockEgress(globalThis, import.meta.url);');
    expect(at, file).toBeGreaterThan(0);
    // Before it: the externals' imports (Node: sharp and built-ins, evaluated first; browsers: none)
    // and egress.ts's own declarations — functions and constant tables, nothing that runs code.
    for (const s of body.slice(0, at)) {
      const text = code.slice(s.start, s.end);
      if (s.type === 'ImportDeclaration') {
        expect(file, text).toBe('dist/node/worker.js');
        continue;
      }
      expect(['FunctionDeclaration', 'VariableDeclaration'], text.slice(0, 80)).toContain(s.type);
      for (const d of s.declarations ?? []) expect(['ArrayExpression', 'NewExpression'], text.slice(0, 80)).toContain(d.init?.type);
      if (s.type === 'VariableDeclaration' && s.declarations?.[0]?.init?.type === 'NewExpression') expect(text).toMatch(/new WeakSet\(\);$/);
    }
    const lock = body[at].start;
    for (const marker of ['Comlink.proxy', 'cannot register backend', 'sodium_init']) {
      const where = code.indexOf(marker);
      if (where >= 0) expect(where, `${file}: ${marker}`).toBeGreaterThan(lock);
    }
    expect(code, file).not.toContain('installHostile');
    expect(code, file).not.toContain('safeseal-hostile');
  }
});

test('canary: without the lock and the CSP, the hostile routes reach the sink and the page', async ({ page }) => {
  await openPage(page, '/index.html');
  const report = await page.evaluate(
    async ({ target, ws }) => window.__attack(new Worker('/nocsp/test-build/canary-worker.js', { type: 'module' }), target, ws),
    { target: sink.url, ws: sink.ws },
  );
  await quiet(page);
  const broadcasts = await page.evaluate(() => window.__broadcasts);
  const reached = new Set(sink.hits);
  console.log(`canary reached the sink by ${reached.size} routes: ${[...reached].sort().join(', ')}`);
  console.log(
    `canary could not reach it by: ${report
      .filter((a) => !reached.has(a.route))
      .map((a) => `${a.route} (${a.outcome})`)
      .join(', ')}`,
  );
  for (const route of CANARY_MUST_REACH) expect(reached.has(route), `${route}\n${summary(report)}`).toBe(true);
  // The em-pthread thread it started (its own URL: allowed even by the lock) is unlocked here too.
  expect(reached.has('pthread-fetch')).toBe(true);
  expect(broadcasts.length).toBeGreaterThan(0);
  // Routes to the page and to storage the page reads: no request, but open when unlocked.
  for (const route of ['broadcastchannel', 'indexedDB', 'navigator.storage', 'navigator.locks', 'webkitRequestFileSystem']) {
    expect(report.find((a) => a.route === route)?.outcome, route).toBe('sent');
  }
});

let singleThread: Record<string, ClassifyResult> | null = null;

test('the lock alone (no CSP) leaves only dynamic import(), the CSP’s job', async ({ page }) => {
  await openPage(page, '/index.html');
  const { report, scores, status } = await page.evaluate(
    async ({ target, ws, files, model, wasm }) => {
      const scanner = await window.safeseal.createScanner({ exposeDetails: true, workerUrl: '/nocsp/test-build/locked-worker.js', model, wasm });
      const scores: Record<string, unknown> = {};
      for (const file of files) scores[file] = await scanner.classifyImage(await (await fetch(`/vectors/${file}`)).blob());
      const report = await window.__attack(window.__workers.at(-1)!, target, ws);
      return { report, scores, status: scanner.classifier };
    },
    { target: sink.url, ws: sink.ws, files: FILES, model: MODEL, wasm: WASM },
  );
  await quiet(page);
  expect(status).toMatchObject({ state: 'ready', threads: 1 });
  singleThread = scores as Record<string, ClassifyResult>;
  console.log(`lock alone, hits: ${sink.hits.join(', ') || 'none'}`);
  // From the worker and from the em-pthread thread it may start (locked too): import() only.
  expect(new Set(sink.hits)).toEqual(new Set(['dynamic-import', 'pthread-dynamic-import']));
  expect(await page.evaluate(() => window.__broadcasts)).toEqual([]);
  for (const a of report)
    if (!/dynamic-import$|^worker-own-url-em-pthread$/.test(a.route)) expect(a.outcome, `${a.route}: ${a.detail}`).not.toBe('sent');
});

test('lock + worker CSP, threaded on an isolated page: the hostile module reaches nothing, scores as 1 thread', async ({ page }) => {
  const { requests, answered } = await openPage(page, '/isolated/index.html');
  const headers: Record<string, string | undefined> = {};
  page.on('response', (r) => {
    if (r.url().endsWith('/locked-worker.js')) headers.csp = r.headers()['content-security-policy'];
  });
  const { report, scores, status, isolated } = await page.evaluate(
    async ({ target, ws, files, model, wasm }) => {
      const scanner = await window.safeseal.createScanner({
        exposeDetails: true,
        workerUrl: '/isolated/test-build/locked-worker.js',
        model,
        wasm,
        threads: 2,
      });
      const scores: Record<string, unknown> = {};
      for (const file of files) scores[file] = await scanner.classifyImage(await (await fetch(`/vectors/${file}`)).blob());
      const report = await window.__attack(window.__workers.at(-1)!, target, ws);
      const again = await scanner.hashImage(await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer());
      return { report, scores, status: scanner.classifier, isolated: crossOriginIsolated, again: again.pdq };
    },
    { target: sink.url, ws: sink.ws, files: FILES, model: MODEL, wasm: WASM },
  );
  await quiet(page);
  console.log(`hostile module in the locked worker:\n${summary(report)}`);
  expect(isolated).toBe(true);
  expect(headers.csp).toBe(WORKER_CSP);
  // Threads forced by the isolated page; onnxruntime started them through the Worker wrapper.
  expect(status.state === 'ready' && status.threads, 'onnxruntime must run threaded here').toBeGreaterThan(1);
  expect(requests.filter((p) => p === '/isolated/test-build/locked-worker.js').length).toBeGreaterThan(1);
  expect(sink.hits).toEqual([]);
  expect(await page.evaluate(() => window.__broadcasts)).toEqual([]);
  // The limit of script-src 'self' the README states: import() can still ask the app's own origin.
  expect(answered).toContain('/same-origin-import/leak.mjs'); // the test server answered it (404)
  // The one Worker the lock allows: its own URL as an em-pthread thread, which locked itself first
  // and then attacked too (its attempts are the pthread-… rows), reaching nothing either.
  expect(report.find((a) => a.route === 'worker-own-url-em-pthread')?.outcome).toBe('sent');
  expect(report.filter((a) => a.route.startsWith('pthread-')).length).toBeGreaterThan(20);
  for (const a of report) if (a.route !== 'worker-own-url-em-pthread') expect(a.outcome, `${a.route}: ${a.detail}`).not.toBe('sent');
  expect(singleThread, 'runs after the 1-thread test').not.toBeNull();
  let worst = 0;
  for (const file of FILES) {
    for (const [k, v] of Object.entries((scores as Record<string, ClassifyResult>)[file].scores)) {
      worst = Math.max(worst, Math.abs(v - singleThread![file].scores[k as keyof ClassifyResult['scores']]));
    }
  }
  console.log(
    `threaded (${status.state === 'ready' ? status.threads : 0}) vs 1-thread browser scores, locked worker: max |Δp| = ${worst.toExponential(2)}`,
  );
  expect(worst).toBeLessThanOrEqual(1e-4);
});

test('a worker CSP naming the exact worker URL also refuses same-origin import(), and threads still start', async ({ page }) => {
  const { answered } = await openPage(page, '/isolated/index.html');
  let csp = '';
  page.on('response', (r) => {
    if (r.url().endsWith('/locked-worker.js')) csp = r.headers()['content-security-policy'] ?? '';
  });
  const { report, status } = await page.evaluate(
    async ({ target, ws, model, wasm, file }) => {
      const scanner = await window.safeseal.createScanner({
        exposeDetails: true,
        workerUrl: '/isolated/exactcsp/test-build/locked-worker.js',
        model,
        wasm,
        threads: 2,
      });
      await scanner.classifyImage(await (await fetch(`/vectors/${file}`)).blob());
      const report = await window.__attack(window.__workers.at(-1)!, target, ws);
      return { report, status: scanner.classifier };
    },
    { target: sink.url, ws: sink.ws, model: MODEL, wasm: WASM, file: FILES[0] },
  );
  await quiet(page);
  expect(csp).toMatch(
    /^default-src 'none'; script-src http:\/\/127\.0\.0\.1:\d+\/isolated\/exactcsp\/test-build\/locked-worker\.js 'wasm-unsafe-eval'$/,
  );
  expect(status.state === 'ready' && status.threads).toBeGreaterThan(1);
  expect(sink.hits).toEqual([]);
  expect(answered.filter((p) => p.startsWith('/same-origin-import/'))).toEqual([]);
  expect(report.find((a) => a.route === 'dynamic-import-same-origin')?.outcome).toBe('threw');
});

test('the shipped worker, under the worker CSP, answers malformed raw messages with INVALID_ARGUMENT and keeps working', async ({ page }) => {
  await openPage(page, '/index.html');
  const csp: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/dist/worker.js') csp.push(r.headers()['content-security-policy'] ?? '');
  });
  const out = await page.evaluate(async (wee) => {
    const worker = new Worker('/dist/worker.js', { type: 'module', name: 'safeseal' });
    const errors: string[] = [];
    worker.addEventListener('error', (e) => errors.push(e.message || 'error'));
    const replies = new Map<string, (v: unknown) => void>();
    worker.addEventListener('message', (ev) => replies.get(ev.data?.id)?.(ev.data));
    const ask = (id: string, message: object): Promise<{ type: string; name?: string; value: { code?: string; message?: string; pdq?: string } }> =>
      new Promise((resolve) => {
        replies.set(id, resolve as (v: unknown) => void);
        worker.postMessage({ id, ...message });
      });
    const raw = (value: unknown) => ({ type: 'RAW', value });
    const malformed: Record<string, object> = {
      'list not an array': { type: 'APPLY', path: ['hashImage'], argumentList: 'x' },
      'null wire value': { type: 'APPLY', path: ['hashImage'], argumentList: [null] },
      'proxy handler': { type: 'APPLY', path: ['hashImage'], argumentList: [{ type: 'HANDLER', name: 'proxy', value: 1 }] },
      'too many': { type: 'APPLY', path: ['init'], argumentList: [raw({}), raw({})] },
      'image a number': { type: 'APPLY', path: ['hashImage'], argumentList: [raw(5)] },
      'list bytes': { type: 'APPLY', path: ['loadList'], argumentList: [raw('x'), raw({})] },
      'walk to Function': { type: 'APPLY', path: ['hashImage', 'constructor'], argumentList: [raw('return 1')] },
      'RELEASE with path': { type: 'RELEASE', path: 'x' },
    };
    const codes: Record<string, string | undefined> = {};
    for (const [name, message] of Object.entries(malformed)) codes[name] = (await ask(name, message)).value.code;
    worker.postMessage({ type: 'APPLY', path: ['init'], argumentList: 'no id' });
    const init = await ask('init', { type: 'APPLY', path: ['init'], argumentList: [raw({ maxPixels: 1_000_000, exposeDetails: true })] });
    const bytes = await (await fetch(wee)).arrayBuffer();
    const hash = await ask('hash', { type: 'APPLY', path: ['hashImage'], argumentList: [raw({ kind: 'encoded', bytes })] });
    worker.terminate();
    return { codes, init: init.type, pdq: hash.value.pdq, errors };
  }, WEE);
  expect(csp).toEqual([WORKER_CSP]);
  for (const [name, code] of Object.entries(out.codes)) expect(code, name).toBe('INVALID_ARGUMENT');
  expect(out.init).toBe('RAW');
  expect(out.pdq).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
  expect(out.errors).toEqual([]);
});
