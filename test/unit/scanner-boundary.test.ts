// The Scanner's boundary cases (issue 7 item 3) on the in-process fake worker: malformed options
// on every public method are INVALID_ARGUMENT and leave nothing registered (dispose then still
// ends the worker); dispose ends a worker that is still starting; detached buffers are refused;
// start-up has its own timeout; the worker is kept alive exactly while something is under way;
// enableClassifier loads the classifier into the same worker, with stages, and a restart restores it.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ORT_WASM_FILE } from '../../src/classify/pins.js';
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../src/scanner/assets.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { FAKE_HASH, fakeWorkers, READY } from '../helpers/fake-worker.js';

const bytes = () => new Uint8Array([1, 2, 3]);
const never = () => new Promise<never>(() => undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const trust = { signers: [] };

/** Detaches `buffer` as a transfer to another context would. */
function detach(buffer: ArrayBuffer): ArrayBuffer {
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

const BAD_CALL_OPTIONS: [string, unknown][] = [
  ['null', null],
  ['a number', 5],
  ['an array', []],
  ['a fake signal', { signal: {} }],
  ['a signal-like object', { signal: { aborted: false, addEventListener: () => undefined } }],
  ['a non-boolean transfer', { transfer: 'yes' }],
  ['an unknown key', { signl: new AbortController().signal }],
];

describe('Scanner boundary checks', () => {
  it('every public method refuses malformed options with INVALID_ARGUMENT, and dispose still ends the worker', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    const calls: [string, (o: unknown) => Promise<unknown>][] = [
      ['hashImage', (o) => scanner.hashImage(bytes(), o as never)],
      ['classifyImage', (o) => scanner.classifyImage(bytes(), o as never)],
      ['matchImage', (o) => scanner.matchImage(bytes(), o as never)],
      ['status', (o) => scanner.status(o as never)],
      ['loadList', (o) => scanner.loadList(bytes(), (o !== null && typeof o === 'object' && !Array.isArray(o) ? { trust, ...o } : o) as never)],
    ];
    for (const [method, call] of calls) {
      for (const [what, options] of BAD_CALL_OPTIONS) {
        await expect(call(options), `${method} with ${what}`).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
    }
    await expect(scanner.matchImage(bytes(), { dihedral: 'yes' } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(scanner.loadList(bytes(), {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('trust'),
    });
    for (const options of [
      null,
      5,
      {},
      { model: new Uint8Array(1) },
      { model: new Uint8Array(1), wasm: new Uint8Array(1), modelSha256: 'x' },
      { model: new Uint8Array(1), wasm: new Uint8Array(1), extra: 1 },
    ]) {
      await expect(scanner.enableClassifier(options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(scanner.classifier).toEqual({ state: 'off' }); // a refused enable changes nothing
    // The scanner still works, and nothing stale is left to keep the worker alive.
    await expect(scanner.hashImage(bytes())).resolves.toEqual(FAKE_HASH);
    await scanner.dispose();
    expect(w.spawned).toHaveLength(1);
    expect(w.spawned[0].terminated).toBe(true);
  });

  it('createScanner refuses null, unknown keys and bad timeouts', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH) });
    for (const options of [
      null,
      [],
      { maxPixel: 10 },
      { startTimeoutMs: -1 },
      { startTimeoutMs: '5' },
      { timeoutMs: 2 ** 40 },
      { onProgress: 'log' },
    ]) {
      await expect(Scanner.start(w.factory, options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(w.spawned).toHaveLength(0); // refused before any worker was started
  });

  it('refuses detached (transferred) buffers with INVALID_ARGUMENT', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    const gone = () => detach(new Uint8Array([1, 2, 3, 4]).buffer);
    const view = new Uint8Array(4);
    const pixels = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    detach(view.buffer);
    detach(pixels.data.buffer);
    const inputs: [string, unknown][] = [
      ['ArrayBuffer', gone()],
      ['Uint8Array over it', view],
      ['ImageData-like over it', pixels],
    ];
    for (const [what, input] of inputs) {
      const err = await scanner.hashImage(input as never).catch((e: unknown) => e);
      expect(err, what).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('detached') });
    }
    await expect(scanner.loadList(gone(), { trust })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('detached'),
    });
    await expect(Scanner.start(w.factory, { exposeDetails: true, model: gone(), wasm: new Uint8Array(1) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    // After transfer: true the caller's own buffer is detached, and scanning it again is refused.
    const mine = new Uint8Array([5, 6, 7]).buffer;
    await scanner.hashImage(mine, { transfer: true });
    await expect(scanner.hashImage(mine)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(w.spawned[0].received).toHaveLength(1);
    await scanner.dispose();
  });
});

describe('Scanner lifecycle edges', () => {
  it('dispose ends a worker that is still starting (a restart whose init never answers)', async () => {
    let stallInit = false;
    const w = fakeWorkers({ init: () => (stallInit ? never() : Promise.resolve()), hash: () => Promise.resolve(FAKE_HASH) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0, startTimeoutMs: 0 });
    w.spawned[0].crash();
    stallInit = true;
    const waiting = scanner.hashImage(bytes()); // starts worker 2, whose init hangs
    await sleep(20);
    expect(w.spawned).toHaveLength(2);
    const started = Date.now();
    await scanner.dispose();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(waiting).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(w.spawned.map((s) => s.terminated)).toEqual([true, true]);
  });

  it('dispose with several calls in flight rejects them all and ends the worker', async () => {
    const w = fakeWorkers({ hash: never });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    const ctl = new AbortController();
    const calls = [scanner.hashImage(bytes()), scanner.hashImage(bytes(), { signal: ctl.signal }), scanner.matchImage(bytes())];
    await sleep(10);
    await scanner.dispose();
    for (const c of calls) await expect(c).rejects.toMatchObject({ code: 'DISPOSED' });
    ctl.abort(); // the listener is gone: nothing happens
    expect(w.spawned[0].terminated).toBe(true);
  });

  it('start-up has its own timeout, separate from timeoutMs', async () => {
    const slowInit = fakeWorkers({ init: async () => void (await sleep(150)), hash: () => Promise.resolve(FAKE_HASH) });
    // A start-up slower than timeoutMs is fine within startTimeoutMs ...
    const scanner = await Scanner.start(slowInit.factory, { exposeDetails: true, timeoutMs: 20, startTimeoutMs: 5_000 });
    await expect(scanner.hashImage(bytes())).resolves.toEqual(FAKE_HASH);
    await scanner.dispose();
    // ... and one slower than startTimeoutMs fails (WORKER_CRASHED: createScanner's codes, scanner-start.test.ts) naming it, its worker terminated.
    const stuck = fakeWorkers({ init: never, hash: () => Promise.resolve(FAKE_HASH) });
    await expect(Scanner.start(stuck.factory, { exposeDetails: true, timeoutMs: 0, startTimeoutMs: 50 })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('startTimeoutMs'),
    });
    expect(stuck.spawned[0].terminated).toBe(true);
  });

  it('keeps the worker alive while starting and while calls are in flight, and lets go when idle', async () => {
    const pending: (() => void)[] = [];
    const release = () => pending.shift()!();
    const w = fakeWorkers({ hash: () => new Promise((r) => pending.push(() => r(FAKE_HASH))) });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, timeoutMs: 0 });
    const record = w.spawned[0].keepAlive;
    expect(record).toEqual([true, false]); // held for start-up, released when idle
    const a = scanner.hashImage(bytes());
    const b = scanner.hashImage(bytes());
    await sleep(10);
    expect(record.at(-1)).toBe(true);
    release();
    await a;
    await sleep(10);
    expect(record.at(-1)).toBe(true); // b is still in flight
    release();
    await b;
    expect(record.at(-1)).toBe(false);
    expect(record).toEqual([true, false, true, false]);
    await scanner.dispose();
  });
});

/** Assets that pass the main thread's pin checks: the pinned wasm and a model named by its sha256 (the fake worker never runs them). */
function assets() {
  const model = new Uint8Array([1, 2, 3]);
  const wasm = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_WASM_FILE}`)));
  return { model, wasm, modelSha256: createHash('sha256').update(model).digest('hex') };
}

describe('enableClassifier', () => {
  it('loads the classifier into the same worker, reports its stages, and a restarted worker restores it', async () => {
    let finish: () => void = () => undefined;
    const w = fakeWorkers({
      hash: () => Promise.resolve(FAKE_HASH),
      enableClassifier: async (_config, stage) => {
        stage('model');
        stage('compile');
        await new Promise<void>((r) => (finish = r));
        stage('warmup');
        return READY;
      },
    });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    expect(scanner.classifier).toEqual({ state: 'off' });
    await expect(scanner.classifyImage(bytes())).rejects.toMatchObject({ code: 'NOT_READY' });
    const progress: LoadProgress[] = [];
    const enabling = scanner.enableClassifier({ ...assets(), onProgress: (p) => progress.push(p) });
    expect(scanner.classifier).toEqual({ state: 'loading' });
    await expect(scanner.enableClassifier({ model: new Uint8Array([1]), wasm: new Uint8Array([1]) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const classified = scanner.classifyImage(bytes()); // waits for the classifier
    // The worker is inside enableClassifier once it has reported `compile` (the main thread's pin
    // checks of the 14 MB wasm come first and take a while on a busy machine).
    while (!progress.some((p) => p.stage === 'compile')) await sleep(5);
    finish();
    await expect(enabling).resolves.toEqual(READY);
    await expect(classified).resolves.toMatchObject({ model: READY.state === 'ready' ? READY.model : '' });
    expect(scanner.classifier).toEqual(READY);
    expect(progress.map((p) => p.stage)).toEqual(['download', 'download', 'model', 'compile', 'warmup', 'ready']);
    expect(w.spawned).toHaveLength(1); // no second worker
    await expect(scanner.enableClassifier({ model: new Uint8Array([1]), wasm: new Uint8Array([1]) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });

    w.spawned[0].crash();
    await scanner.hashImage(bytes()); // restarts the worker
    expect(w.spawned).toHaveLength(2);
    const restored = w.spawned[1].inits[0].classifier;
    expect(restored && new Uint8Array(restored.model)).toEqual(new Uint8Array([1, 2, 3]));
    expect(scanner.classifier).toEqual(READY);
    expect(progress).toHaveLength(6); // a restart reloads silently
    await scanner.dispose();
  });

  it('a model the worker refuses resolves failed and can be retried; a crash while loading rejects', async () => {
    let outcome: 'integrity' | 'crash' | 'ok' = 'integrity';
    const w = fakeWorkers({
      hash: () => Promise.resolve(FAKE_HASH),
      enableClassifier: async () => {
        if (outcome === 'integrity') return { state: 'failed', code: 'MODEL_INTEGRITY', message: 'the model does not match its pin' };
        if (outcome === 'crash') {
          setTimeout(() => w.spawned.at(-1)!.crash(), 5);
          return never();
        }
        return READY;
      },
    });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true });
    const options = assets();
    await expect(scanner.enableClassifier(options)).resolves.toMatchObject({ state: 'failed', code: 'MODEL_INTEGRITY' });
    await expect(scanner.classifyImage(bytes())).rejects.toMatchObject({ code: 'MODEL_INTEGRITY' });
    outcome = 'crash';
    await expect(scanner.enableClassifier(options)).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(scanner.classifier).toMatchObject({ state: 'failed', code: 'MODEL_LOAD' });
    outcome = 'ok';
    await expect(scanner.enableClassifier(options)).resolves.toEqual(READY);
    await scanner.dispose();
  });
});
