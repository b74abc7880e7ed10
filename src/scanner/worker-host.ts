// WorkerHost: one worker's lifecycle for the Scanner — started on demand, prepared (init, lists),
// retired after a crash or a timeout (its waiting calls fail at once), terminated on dispose — so
// that no call ever hangs on a dead worker.

import { wrap, type Endpoint, type Remote } from 'comlink';
import { SafesealError } from '../errors.js';
import type { WorkerApi } from '../protocol.js';

/** A started worker, as the platform gives it to the Scanner. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  /** Calls `onExit` once if the worker dies, fails to load or exits on its own. */
  watch(onExit: (reason: string) => void): void;
  terminate(): Promise<void> | void;
}

export type WorkerFactory = () => WorkerHandle;

/** Runs one request against the worker being prepared, under the same death/timeout rules. */
export type Run = <T>(work: Promise<T>) => Promise<T>;

/** Brings a fresh worker to the state the Scanner needs (init, lists); throwing discards it. */
export type Prepare = (api: Remote<WorkerApi>, run: Run) => Promise<void>;

interface Running {
  readonly api: Remote<WorkerApi>;
  readonly handle: WorkerHandle;
  /** Calls waiting on this worker: each is failed with WORKER_CRASHED if it dies. */
  readonly waiting: Set<(e: SafesealError) => void>;
  dead: boolean;
}

export class WorkerHost {
  readonly #factory: WorkerFactory;
  readonly #timeoutMs: number;
  readonly #prepare: Prepare;
  #running: Promise<Running> | null = null;
  #current: Running | null = null;
  #disposed = false;
  /** Every call in flight, on any worker: failed with DISPOSED by dispose(). */
  readonly #inFlight = new Set<(e: SafesealError) => void>();

  /** `timeoutMs`: a call taking longer fails with TIMEOUT and its worker is replaced; 0 = never. */
  constructor(factory: WorkerFactory, timeoutMs: number, prepare: Prepare) {
    this.#factory = factory;
    this.#timeoutMs = timeoutMs;
    this.#prepare = prepare;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Starts (or waits for) a prepared worker. @throws what preparing it throws */
  async start(): Promise<void> {
    await this.#worker();
  }

  /**
   * Runs `fn` against the worker, starting a fresh one if needed.
   * @throws SafesealError DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED, or what `fn` rejects with
   */
  async call<T>(fn: (api: Remote<WorkerApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.#checkAlive();
    if (signal?.aborted) throw new SafesealError('ABORTED', 'the call was aborted');
    const running = await this.#worker();
    return this.#race(running, fn(running.api), signal);
  }

  /** Terminates the worker and fails calls in flight with DISPOSED. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const error = new SafesealError('DISPOSED', 'the scanner was disposed');
    for (const fail of this.#inFlight) fail(error);
    const running = this.#running;
    this.#running = null;
    this.#current = null;
    if (running) await running.then((r) => this.#stop(r), () => undefined);
  }

  #checkAlive(): void {
    if (this.#disposed) throw new SafesealError('DISPOSED', 'the scanner was disposed');
  }

  async #stop(running: Running): Promise<void> {
    running.dead = true;
    await running.handle.terminate();
  }

  /** Takes a dead or stuck worker out of service; its waiting calls fail with WORKER_CRASHED. */
  #retire(running: Running, reason: string): void {
    if (this.#current === running) {
      this.#current = null;
      this.#running = null;
    }
    const error = new SafesealError('WORKER_CRASHED', `the scanner worker stopped: ${reason}`);
    for (const fail of running.waiting) fail(error);
    if (!running.dead) void this.#stop(running);
  }

  /** The running worker, (re)started on demand: a crash costs the calls in flight, not the scanner. */
  #worker(): Promise<Running> {
    if (!this.#running) {
      const starting = this.#spawn();
      this.#running = starting;
      starting.then(
        (r) => {
          if (this.#running === starting) this.#current = r;
        },
        () => {
          if (this.#running === starting) this.#running = null;
        },
      );
    }
    return this.#running;
  }

  async #spawn(): Promise<Running> {
    const handle = this.#factory();
    const running: Running = { api: wrap<WorkerApi>(handle.endpoint), handle, waiting: new Set(), dead: false };
    handle.watch((reason) => {
      if (!running.dead) this.#retire(running, reason);
    });
    try {
      await this.#prepare(running.api, (work) => this.#race(running, work));
    } catch (e) {
      await this.#stop(running);
      throw e;
    }
    return running;
  }

  /** Settles with `work`, or with the first of: worker death, timeout, abort, dispose. */
  #race<T>(running: Running, work: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (running.dead) return Promise.reject(new SafesealError('WORKER_CRASHED', 'the scanner worker stopped'));
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#inFlight.delete(fail);
        running.waiting.delete(fail);
      };
      const fail = (e: unknown): void => {
        cleanup();
        reject(e);
      };
      const onAbort = (): void => fail(new SafesealError('ABORTED', 'the call was aborted'));
      this.#inFlight.add(fail);
      running.waiting.add(fail);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.#timeoutMs > 0) {
        timer = setTimeout(() => {
          fail(new SafesealError('TIMEOUT', `the worker did not answer within ${this.#timeoutMs} ms; it was restarted`));
          // A stuck worker cannot be interrupted, only replaced.
          this.#retire(running, `a call timed out after ${this.#timeoutMs} ms`);
        }, this.#timeoutMs);
      }
      work.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        fail,
      );
    });
  }
}
