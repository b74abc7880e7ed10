// createScanner's contract (issue 8 item 2): it rejects only with INVALID_ARGUMENT, SELF_TEST or
// WORKER_CRASHED — a start past startTimeoutMs, a worker that cannot be constructed or dies while
// starting, and any other failure of the start are WORKER_CRASHED naming what happened — while
// later calls keep their own codes (a restart past startTimeoutMs is TIMEOUT). And the model never
// fails nor delays the start: the classifier loads afterwards, `loading` meanwhile, and a model that
// cannot be fetched, verified or loaded leaves it `failed`, which scanImage hands to onError.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ORT_WASM_FILE } from '../../src/classify/pins.js';
import { SafesealError } from '../../src/errors.js';
import type { ClassifierStatus } from '../../src/protocol.js';
import { Scanner, type ScannerOptions, type WorkerFactory } from '../../src/scanner/scanner.js';
import { Engine } from '../../src/engine/engine.js';
import { DEFAULT_MAX_PIXELS } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { vector } from '../helpers/bad-inputs.js';
import { fixture, testPattern } from '../helpers/classifier-assets.js';
import { FAKE_HASH, fakeWorkers, READY } from '../helpers/fake-worker.js';
import { realWorkers, startInProcess } from '../helpers/worker-harness.js';

const WEE = 'pdq/data/misc-images/wee.jpg';
const bytes = () => new Uint8Array([1, 2, 3]);
const never = () => new Promise<never>(() => undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const WASM = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_WASM_FILE}`)));

/** Assets that pass the main thread's pin checks (the fake worker never runs them). */
const assets = () => ({ model: bytes(), wasm: WASM, modelSha256: sha(bytes()) });

const started: Scanner[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.dispose()));
});

async function start(factory: WorkerFactory, options: ScannerOptions): Promise<Scanner> {
  const scanner = await Scanner.start(factory, { exposeDetails: true, ...options });
  started.push(scanner);
  return scanner;
}

describe('createScanner rejects only with INVALID_ARGUMENT, SELF_TEST or WORKER_CRASHED', () => {
  it('a start past startTimeoutMs is WORKER_CRASHED naming startTimeoutMs and the stage, its worker terminated', async () => {
    const stuck = fakeWorkers({ init: never, hash: () => Promise.resolve(FAKE_HASH) });
    const err = await Scanner.start(stuck.factory, { startTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafesealError);
    expect(err).toMatchObject({ code: 'WORKER_CRASHED' });
    expect((err as Error).message).toContain('within 50 ms (startTimeoutMs)');
    expect((err as Error).message).toContain('loading its script and running its self-test');
    expect(stuck.spawned[0].terminated).toBe(true);
  });

  it('a worker that cannot be constructed, or dies while starting, is WORKER_CRASHED', async () => {
    const refused: WorkerFactory = () => {
      throw new DOMException('Failed to construct Worker: the script URL is on another origin', 'SecurityError');
    };
    await expect(Scanner.start(refused)).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('Failed to construct Worker'),
    });
    const w = fakeWorkers({
      init: () => {
        setTimeout(() => w.spawned[0].crash(), 5);
        return never();
      },
      hash: () => Promise.resolve(FAKE_HASH),
    });
    await expect(Scanner.start(w.factory, { startTimeoutMs: 0 })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('simulated crash'),
    });
  });

  it('SELF_TEST and INVALID_ARGUMENT from the worker pass through; any other code becomes WORKER_CRASHED naming it', async () => {
    for (const [thrown, expected] of [
      ['SELF_TEST', 'SELF_TEST'],
      ['INVALID_ARGUMENT', 'INVALID_ARGUMENT'],
      ['INTERNAL', 'WORKER_CRASHED'],
      ['DISPOSED', 'WORKER_CRASHED'],
      ['TIMEOUT', 'WORKER_CRASHED'],
    ] as const) {
      const w = fakeWorkers({
        init: () => Promise.reject(new SafesealError(thrown, `init failed with ${thrown}`)),
        hash: () => Promise.resolve(FAKE_HASH),
      });
      const err = (await Scanner.start(w.factory).catch((e: unknown) => e)) as SafesealError;
      expect(err.code, thrown).toBe(expected);
      expect(err.message, thrown).toContain(`init failed with ${thrown}`);
      if (expected === 'WORKER_CRASHED' && thrown !== 'TIMEOUT') expect(err.message).toContain(`${thrown}: `);
    }
  });

  it('a restart past startTimeoutMs fails its call with TIMEOUT naming the stage; the scanner starts again afterwards', async () => {
    let stall: 'no' | 'init' | 'model' = 'no';
    const w = fakeWorkers({
      init: async (config, stage) => {
        if (stall === 'init') return never();
        if (stall === 'model' && config.classifier) {
          stage('model');
          stage('compile');
          return never();
        }
      },
      hash: () => Promise.resolve(FAKE_HASH),
    });
    const scanner = await start(w.factory, { ...assets(), startTimeoutMs: 100, timeoutMs: 0 });
    await expect(scanner.classifyImage(bytes())).resolves.toMatchObject({ model: READY.state === 'ready' ? READY.model : '' });
    stall = 'init';
    w.spawned[0].crash();
    const err = (await scanner.hashImage(bytes()).catch((e: unknown) => e)) as SafesealError;
    expect(err.code).toBe('TIMEOUT'); // a later call keeps its own code
    expect(err.message).toContain('within 100 ms (startTimeoutMs); it was loading its script and running its self-test, then loading the classifier');
    stall = 'model';
    const again = (await scanner.hashImage(bytes()).catch((e: unknown) => e)) as SafesealError;
    expect(again.code).toBe('TIMEOUT');
    expect(again.message).toContain('it was loading the classifier (stage "compile")');
    stall = 'no';
    await expect(scanner.hashImage(bytes())).resolves.toEqual(FAKE_HASH);
    expect(w.spawned.slice(0, 3).map((s) => s.terminated)).toEqual([true, true, true]);
  });
});

describe('the model never fails nor delays createScanner', () => {
  it('createScanner resolves after the self-test; the classifier is `loading` until the worker has it, and calls wait', async () => {
    let finish: ((s: ClassifierStatus) => void) | null = null;
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH), enableClassifier: () => new Promise((r) => (finish = r)) });
    const scanner = await start(w.factory, assets());
    expect(scanner.classifier).toEqual({ state: 'loading' });
    expect(w.spawned[0].inits[0].classifier).toBeUndefined(); // init carried no model: the start did not wait for one
    const classified = scanner.classifyImage(bytes());
    await expect(scanner.enableClassifier(assets())).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('already loading'),
    });
    await expect(scanner.hashImage(bytes())).resolves.toEqual(FAKE_HASH); // hashing does not wait for the model
    while (!finish) await sleep(5); // the worker has been asked for the classifier
    await sleep(20);
    expect(scanner.classifier).toEqual({ state: 'loading' });
    (finish as (s: ClassifierStatus) => void)(READY);
    await expect(classified).resolves.toMatchObject({ sexual: 0 });
    expect(scanner.classifier).toEqual(READY);
    // A restarted worker gets the classifier with its init.
    w.spawned[0].crash();
    await scanner.hashImage(bytes());
    expect(w.spawned[1].inits[0].classifier).toBeDefined();
  });

  it('a classifier load past startTimeoutMs leaves it failed (MODEL_LOAD naming startTimeoutMs), and the scanner goes on', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH), enableClassifier: never });
    const scanner = await start(w.factory, { ...assets(), startTimeoutMs: 80, timeoutMs: 0 });
    await expect(scanner.classifyImage(bytes())).rejects.toMatchObject({ code: 'MODEL_LOAD' });
    expect(scanner.classifier).toMatchObject({
      state: 'failed',
      code: 'MODEL_LOAD',
      message: expect.stringContaining('within 80 ms (startTimeoutMs)'),
    });
    await expect(scanner.hashImage(bytes())).resolves.toEqual(FAKE_HASH);
    expect(w.spawned[0].terminated).toBe(true);
    expect(w.spawned).toHaveLength(2);
    expect(w.spawned[1].inits[0].classifier).toBeUndefined(); // the restarted worker is not made to retry it
  });

  it('calls waiting for the classifier count against maxQueue (BUSY), and can be aborted', async () => {
    let finish: ((s: ClassifierStatus) => void) | null = null;
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH), enableClassifier: () => new Promise((r) => (finish = r)) });
    const scanner = await start(w.factory, { ...assets(), maxQueue: 2 });
    const ctl = new AbortController();
    const first = scanner.classifyImage(bytes(), { signal: ctl.signal });
    const second = scanner.classifyImage(bytes());
    await expect(scanner.classifyImage(bytes())).rejects.toMatchObject({ code: 'BUSY' });
    ctl.abort();
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' });
    const third = scanner.classifyImage(bytes()); // the aborted call's place is free again
    while (!finish) await sleep(5);
    (finish as (s: ClassifierStatus) => void)(READY);
    await expect(Promise.all([second, third])).resolves.toHaveLength(2);
  });

  it('dispose during the download ends the calls waiting for the classifier at once', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH) });
    const stalled = () => never(); // a download that never ends
    const scanner = await Scanner.start(
      w.factory,
      { exposeDetails: true, model: pathToFileURL('/slow/model.onnx'), wasm: WASM, modelSha256: sha(bytes()) },
      { readLocal: stalled },
    );
    expect(scanner.classifier).toEqual({ state: 'loading' });
    const waiting = scanner.classifyImage(bytes());
    await sleep(20);
    const t0 = Date.now();
    await scanner.dispose();
    await expect(waiting).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(w.spawned[0].terminated).toBe(true);
  });

  it('dispose while the classifier loads leaves no call waiting and no worker running', async () => {
    const w = fakeWorkers({ hash: () => Promise.resolve(FAKE_HASH), enableClassifier: never });
    const scanner = await Scanner.start(w.factory, { exposeDetails: true, ...assets(), startTimeoutMs: 0 });
    const classified = scanner.classifyImage(bytes());
    await sleep(20);
    await scanner.dispose();
    await expect(classified).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(w.spawned[0].terminated).toBe(true);
  });
});

describe('scanImage hands the classifier state to onError (real engine, in-process)', () => {
  const scan = (scanner: Scanner, direction: 'incoming' | 'outgoing' = 'incoming') => scanner.scanImage(vector(WEE), { direction });

  it('a model that cannot be fetched → failed MODEL_LOAD naming the URL; the verdict is onError with MODEL_LOAD', async () => {
    const missing = pathToFileURL('/nonexistent/safeseal/model.onnx');
    const { scanner } = await startInProcess({ model: missing, wasm: WASM });
    started.push(scanner);
    await expect(scanner.status()).resolves.toMatchObject({ model: null }); // waits for the classifier
    expect(scanner.classifier).toMatchObject({ state: 'failed', code: 'MODEL_LOAD', message: expect.stringContaining(missing.href) });
    const v = await scan(scanner);
    expect(v).toMatchObject({ action: 'blur', categories: [], reasons: ['error'], error: 'MODEL_LOAD', prompt: { kind: 'error' } });
  });

  it('a model that does not verify → failed MODEL_INTEGRITY naming both sha256; onError block and throw apply it', async () => {
    const model = new Uint8Array([9, 9, 9]);
    const pinned = sha(bytes());
    for (const onError of ['block', 'throw'] as const) {
      const { scanner } = await startInProcess({ model, wasm: WASM, modelSha256: pinned, policy: { onError } });
      started.push(scanner);
      await scanner.status();
      expect(scanner.classifier).toMatchObject({ state: 'failed', code: 'MODEL_INTEGRITY' });
      const message = (scanner.classifier as { message: string }).message;
      expect(message).toContain(`has sha256 ${sha(model)}, expected ${pinned}`);
      expect(message).toContain('bytes passed by the app');
      if (onError === 'block') await expect(scan(scanner)).resolves.toMatchObject({ action: 'block', reasons: ['error'], error: 'MODEL_INTEGRITY' });
      else await expect(scan(scanner)).rejects.toMatchObject({ code: 'MODEL_INTEGRITY' });
    }
  });

  it("a scan waits for a loading classifier, except an adult's outgoing one, which is never classified", async () => {
    const stalled = () => never(); // a model download that never ends
    const model = { model: pathToFileURL('/slow/model.onnx'), wasm: WASM, modelSha256: sha(bytes()) };
    const adult = await Scanner.start(realWorkers().factory, { ...model, policy: { audience: 'adult' } }, { readLocal: stalled });
    started.push(adult);
    expect(adult.classifier).toEqual({ state: 'loading' });
    await expect(scan(adult, 'outgoing')).resolves.toMatchObject({ action: 'allow', reasons: [] });
    const incoming = scan(adult, 'incoming');
    const outcome = await Promise.race([incoming.then(() => 'answered'), sleep(300).then(() => 'waiting')]);
    expect(outcome).toBe('waiting');
    await adult.dispose();
    await expect(incoming).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('no model (model: false at the entries) → NOT_READY through onError', async () => {
    const { scanner } = await startInProcess({ policy: { onError: 'warn' } });
    started.push(scanner);
    expect(scanner.classifier).toEqual({ state: 'off' });
    await expect(scan(scanner)).resolves.toMatchObject({ action: 'warn', reasons: ['error'], error: 'NOT_READY' });
  });

  it("the worker takes the main thread's reason only when it holds no classifier, and checks it", async () => {
    const bare = await Engine.create({ maxPixels: DEFAULT_MAX_PIXELS }, nodeDecoder);
    const image = { kind: 'encoded', bytes: vector(WEE).slice().buffer } as const;
    await expect(bare.scanImage(image, { direction: 'incoming', classifierError: 'MODEL_LOAD' })).resolves.toMatchObject({ error: 'MODEL_LOAD' });
    await expect(bare.scanImage(image, { direction: 'incoming', classifierError: 'NOT_READY' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const checker = fixture('checker.onnx');
    const held = await Engine.create(
      {
        maxPixels: DEFAULT_MAX_PIXELS,
        classifier: { model: checker.bytes.slice().buffer, wasm: WASM.slice().buffer, modelSha256: checker.sha256, threads: 1 },
      },
      nodeDecoder,
    );
    expect(held.classifierStatus.state).toBe('ready');
    const pattern = testPattern();
    const pixels = { kind: 'pixels', width: pattern.width, height: pattern.height, data: pattern.data } as const;
    // A classifier the worker holds runs whatever the message says: the pattern is still flagged.
    await expect(held.scanImage(pixels, { direction: 'outgoing', classifierError: 'MODEL_LOAD' })).resolves.toMatchObject({
      action: 'warn',
      reasons: ['classifier'],
    });
  });
});
