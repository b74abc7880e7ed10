// One way for tests to get a worker, an engine or a scanner from src/ (the built package's
// scanner is in test/dist/dist-harness.ts, for test/dist/ only):
// - channelWorkers: a WorkerFactory whose "workers" are WorkerApi objects exposed in-process over
//   a real MessageChannel (structured clone, transfers and comlink as in a real worker), each of
//   which a test can crash or inspect;
// - realWorkers / startInProcess: the same with the real worker API and engine (Node decoder);
// - connectWorkerApi: a raw comlink Remote of the real worker API behind its message guard;
// - nodeEngine / ownBuffer: the engine itself, without any worker.

import { expose, wrap, type Remote } from 'comlink';
import { readFile } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import { Engine } from '../../src/engine/engine.js';
import { installErrorTransfer } from '../../src/errors.js';
import { DEFAULT_MAX_PIXELS } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { nodeEndpoint } from '../../src/node/endpoint.js';
import type { WorkerApi } from '../../src/protocol.js';
import type { LocalReader } from '../../src/scanner/assets.js';
import { Scanner, type ScannerOptions, type WorkerFactory } from '../../src/scanner/scanner.js';
import { createWorkerApi, guardEndpoint } from '../../src/worker/expose.js';

/** One in-process worker as the test sees it, plus whatever the test records on it (`X`). */
export type StagedWorker<X extends object = object> = X & {
  /** Kills the worker as a real crash would: its port closes and the Scanner hears it exit. */
  crash(): void;
  /** Whether the Scanner has terminated it. */
  terminated: boolean;
};

/**
 * A WorkerFactory of in-process workers: the n-th worker started (from 0) exposes `makeApi(n, worker)`
 * over a fresh MessageChannel. `extra()` makes the record a test keeps per worker (e.g. what it received).
 */
export function channelWorkers<X extends object = object>(
  makeApi: (n: number, worker: StagedWorker<X>) => WorkerApi,
  extra: () => X = () => ({}) as X,
): { factory: WorkerFactory; spawned: StagedWorker<X>[] } {
  installErrorTransfer();
  const spawned: StagedWorker<X>[] = [];
  const factory: WorkerFactory = () => {
    const { port1, port2 } = new MessageChannel();
    let onExit: (reason: string) => void = () => undefined;
    const worker: StagedWorker<X> = Object.assign(extra(), {
      crash: () => {
        port2.close();
        onExit('simulated crash');
      },
      terminated: false,
    });
    const n = spawned.length;
    spawned.push(worker);
    expose(makeApi(n, worker), nodeEndpoint(port2));
    return {
      endpoint: nodeEndpoint(port1),
      watch: (cb) => (onExit = cb),
      terminate: () => {
        worker.terminated = true;
        port1.close();
        port2.close();
      },
    };
  };
  return { factory, spawned };
}

/** The real worker API (engine with the Node decoder; egress lock skipped: Node has no lock to apply). */
export const realWorkerApi = (): WorkerApi => createWorkerApi(nodeDecoder, () => undefined);

/** In-process workers running the real worker API; `wrapApi` may alter the n-th worker's API. */
export function realWorkers(wrapApi: (api: WorkerApi, n: number) => WorkerApi = (api) => api): { factory: WorkerFactory; spawned: StagedWorker[] } {
  return channelWorkers((n) => wrapApi(realWorkerApi(), n));
}

/** Reads file: URLs for the Scanner's asset loading, as the Node entry does. */
export const readLocal: LocalReader = async (url) => new Uint8Array(await readFile(url));

/**
 * A Scanner from src/ with the real engine in-process: what the Node entry builds, minus the worker
 * thread, so a test can crash its workers (`spawned`). Model and wasm may be file: URLs or bytes.
 * @throws SafesealError as Scanner.start does.
 */
export async function startInProcess(
  options?: ScannerOptions,
  wrapApi?: (api: WorkerApi, n: number) => WorkerApi,
): Promise<{ scanner: Scanner; spawned: StagedWorker[] }> {
  const { factory, spawned } = realWorkers(wrapApi);
  return { scanner: await Scanner.start(factory, { exposeDetails: true, ...options }, { readLocal }), spawned };
}

const openChannels: MessageChannel[] = [];

/**
 * A comlink Remote of the real worker API behind its message guard, as the page would drive it.
 * `allowed` lists the methods the guard lets through. Close with `closeWorkerApis()` (afterEach).
 */
export function connectWorkerApi(allowed: readonly (keyof WorkerApi)[] = ['init', 'hashImage']): Remote<WorkerApi> {
  installErrorTransfer();
  const channel = new MessageChannel();
  openChannels.push(channel);
  expose(realWorkerApi(), guardEndpoint(nodeEndpoint(channel.port2), allowed));
  return wrap<WorkerApi>(nodeEndpoint(channel.port1));
}

/** Closes every channel connectWorkerApi opened. */
export function closeWorkerApis(): void {
  for (const c of openChannels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
}

/** An Engine with the Node decoder, built in-process (no worker) for tests of the pipeline itself. */
export function nodeEngine(maxPixels = DEFAULT_MAX_PIXELS): Promise<Engine> {
  return Engine.create({ maxPixels, exposeDetails: true }, nodeDecoder);
}

/** The bytes as an ArrayBuffer of their own, as the worker receives them. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
