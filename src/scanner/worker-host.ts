// WorkerHost: one worker's lifecycle for the Scanner — started on demand under its own start-up
// timeout, prepared (init, lists), retired after a crash or a timeout (its waiting calls fail at
// once), terminated on dispose, whatever state it is in — so that no call ever hangs on a dead
// worker and no worker outlives its scanner. In Node it also keeps the process alive exactly while
// there is something to wait for (start-up, a call in flight) and lets it exit when idle.

import { wrap, type Endpoint, type Remote } from 'comlink';
import { SafesealError } from '../errors.js';
import { PROGRESS_MESSAGE, type WorkerApi, type WorkerStage } from '../protocol.js';
import { CallQueue, DEFAULT_MAX_QUEUE } from './call-queue.js';

/** A started worker, as the platform gives it to the Scanner. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  /** Calls `onExit` once if the worker dies, fails to load or exits on its own. */
  watch(onExit: (reason: string) => void): void;
  terminate(): Promise<void> | void;
  /**
   * Node: keep the process alive for this worker (`worker.ref()`) while `busy`, let it exit when
   * not (`worker.unref()`). Browsers have nothing to do.
   */
  keepAlive?(busy: boolean): void;
}

export type WorkerFactory = () => WorkerHandle;

/**
 * Runs one request against the worker being prepared, under the same death/timeout rules.
 * `stage` says what it is doing, for the message of a start that takes too long.
 */
export type Run = <T>(work: Promise<T>, stage: string) => Promise<T>;

/** Brings a fresh worker to the state the Scanner needs (init, lists); throwing discards it. */
export type Prepare = (api: Remote<WorkerApi>, run: Run) => Promise<void>;

export interface HostTimeouts {
  /** A call taking longer fails with TIMEOUT and its worker is replaced; 0 = never. */
  readonly callMs: number;
  /**
   * Starting and preparing a worker (self-test, model, lists) taking longer fails with TIMEOUT,
   * its message naming startTimeoutMs and the stage; 0 = never.
   */
  readonly startMs: number;
}

interface Running {
  readonly api: Remote<WorkerApi>;
  readonly handle: WorkerHandle;
  /** Calls waiting on this worker: each is failed with WORKER_CRASHED if it dies. */
  readonly waiting: Set<(e: SafesealError) => void>;
  dead: boolean;
  /** What the worker is doing while it is prepared; null once it is in service. */
  stage: string | null;
}

export class WorkerHost {
  readonly #factory: WorkerFactory;
  readonly #timeouts: HostTimeouts;
  readonly #prepare: Prepare;
  readonly #onStage: (stage: WorkerStage) => void;
  #running: Promise<Running> | null = null;
  #current: Running | null = null;
  /** Every worker started and not yet stopped (at most one, and a retiring one): dispose stops them all. */
  readonly #alive = new Set<Running>();
  #disposed = false;
  /** Every call in flight, on any worker: failed with DISPOSED by dispose(). */
  readonly #inFlight = new Set<(e: SafesealError) => void>();
  /** Start-ups and calls under way: the Node worker is ref()ed while this is above 0. */
  #busy = 0;
  /** Calls wait here and run one at a time: a call's timeout counts from when the worker starts it. */
  readonly #queue: CallQueue;

  constructor(
    factory: WorkerFactory,
    timeouts: HostTimeouts,
    prepare: Prepare,
    onStage: (stage: WorkerStage) => void = () => undefined,
    maxQueue: number = DEFAULT_MAX_QUEUE,
  ) {
    this.#factory = factory;
    this.#timeouts = timeouts;
    this.#prepare = prepare;
    this.#onStage = onStage;
    this.#queue = new CallQueue(maxQueue);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * For calls that wait before they reach the queue (for the classifier to load): they count
   * against `maxQueue` as if they were in it.
   * @throws SafesealError BUSY when `elsewhere` such calls and the queue leave no room for one more
   */
  checkRoom(elsewhere: number): void {
    this.#queue.checkRoom(elsewhere);
  }

  /**
   * Starts (or waits for) a prepared worker.
   * @throws SafesealError what preparing it throws, WORKER_CRASHED, TIMEOUT (naming the stage), DISPOSED
   */
  async start(): Promise<void> {
    await this.#worker();
  }

  /**
   * Runs `fn` against the worker, starting a fresh one if needed. `signal` must already be checked
   * (an AbortSignal or undefined). `long`: the call loads something (a model) and gets the
   * start-up timeout instead of the call timeout.
   * @throws SafesealError DISPOSED, ABORTED, TIMEOUT, WORKER_CRASHED, or what `fn` rejects with
   */
  async call<T>(fn: (api: Remote<WorkerApi>) => Promise<T>, signal?: AbortSignal, long = false): Promise<T> {
    this.#checkAlive();
    if (signal?.aborted) throw new SafesealError('ABORTED', 'the call was aborted');
    this.#hold(1);
    try {
      return await this.#queue.enqueue(() => {
        // The worker is free again when the call settled — except after an abort, when it is still
        // working on the call: then the next one waits for that work (timeouts and crashes replace
        // the worker, so there is nothing to wait for).
        let work: Promise<unknown> = Promise.resolve();
        const result = (async () => {
          const running = await this.#worker();
          this.#checkAlive();
          const pending = fn(running.api);
          work = pending.then(
            () => undefined,
            () => undefined,
          );
          return long
            ? this.#race(running, pending, this.#timeouts.startMs, 'load', signal)
            : this.#race(running, pending, this.#timeouts.callMs, 'call', signal);
        })();
        const settled = result.then(
          () => undefined,
          (e: unknown) => ((e as { code?: string })?.code === 'ABORTED' ? work : undefined),
        );
        return { result, settled };
      }, signal);
    } finally {
      this.#hold(-1);
    }
  }

  /**
   * Terminates every worker this host started — prepared, still starting or retiring — and fails
   * calls in flight with DISPOSED. Idempotent; never throws.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const error = new SafesealError('DISPOSED', 'the scanner was disposed');
    this.#queue.rejectWaiting(error);
    for (const fail of [...this.#inFlight]) {
      try {
        fail(error);
      } catch {
        // Failing one call must not keep the worker alive.
      }
    }
    this.#inFlight.clear();
    this.#running = null;
    this.#current = null;
    await Promise.all([...this.#alive].map((r) => this.#stop(r)));
  }

  #checkAlive(): void {
    if (this.#disposed) throw new SafesealError('DISPOSED', 'the scanner was disposed');
  }

  /** Counts work under way and refs / unrefs the current worker as the count leaves / reaches 0. */
  #hold(delta: 1 | -1): void {
    const before = this.#busy;
    this.#busy += delta;
    if ((before === 0) !== (this.#busy === 0)) {
      for (const r of this.#alive) r.handle.keepAlive?.(this.#busy > 0);
    }
  }

  async #stop(running: Running): Promise<void> {
    running.dead = true;
    this.#alive.delete(running);
    try {
      await running.handle.terminate();
    } catch {
      // Already gone.
    }
  }

  /** Takes a dead or stuck worker out of service; its waiting calls fail with WORKER_CRASHED. */
  #retire(running: Running, reason: string): void {
    if (this.#current === running) {
      this.#current = null;
      this.#running = null;
    }
    const error = new SafesealError('WORKER_CRASHED', `the scanner worker stopped: ${reason}`);
    for (const fail of [...running.waiting]) fail(error);
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
    const running: Running = { api: wrap<WorkerApi>(handle.endpoint), handle, waiting: new Set(), dead: false, stage: 'loading the worker script' };
    this.#alive.add(running);
    handle.endpoint.addEventListener('message', (ev) => {
      const data = (ev as MessageEvent).data as { type?: unknown; stage?: unknown } | null;
      if (data && typeof data === 'object' && data.type === PROGRESS_MESSAGE && typeof data.stage === 'string') {
        if (running.stage !== null) running.stage = `loading the classifier (stage "${data.stage}")`;
        this.#onStage(data.stage as WorkerStage);
      }
    });
    handle.watch((reason) => {
      if (!running.dead) this.#retire(running, reason);
    });
    const wasIdle = this.#busy === 0;
    this.#hold(1); // refs every live worker, this one included, when the host was idle
    try {
      if (!wasIdle) handle.keepAlive?.(true);
      await this.#prepare(running.api, (work, stage) => {
        running.stage = stage;
        return this.#race(running, work, this.#timeouts.startMs, 'start');
      });
      if (this.#disposed) throw new SafesealError('DISPOSED', 'the scanner was disposed');
      running.stage = null;
    } catch (e) {
      await this.#stop(running);
      throw e;
    } finally {
      this.#hold(-1);
    }
    return running;
  }

  /** Settles with `work`, or with the first of: worker death, timeout, abort, dispose. */
  #race<T>(running: Running, work: Promise<T>, timeoutMs: number, what: 'start' | 'load' | 'call', signal?: AbortSignal): Promise<T> {
    if (running.dead) return Promise.reject(new SafesealError('WORKER_CRASHED', 'the scanner worker stopped'));
    if (this.#disposed) return Promise.reject(new SafesealError('DISPOSED', 'the scanner was disposed'));
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const cleanup = (): void => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#inFlight.delete(fail);
        running.waiting.delete(fail);
      };
      const fail = (e: unknown): void => {
        if (settled) return;
        cleanup();
        reject(e);
      };
      const onAbort = (): void => fail(new SafesealError('ABORTED', 'the call was aborted'));
      // The signal was checked by the caller; registering it cannot throw, so nothing below can
      // leave a stale entry behind.
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#inFlight.add(fail);
      running.waiting.add(fail);
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          const message =
            what === 'start'
              ? `the worker did not start within ${timeoutMs} ms (startTimeoutMs); it was ${running.stage ?? 'starting'}`
              : what === 'load'
                ? `the worker did not load the classifier within ${timeoutMs} ms (startTimeoutMs); it was restarted`
                : `the worker did not answer within ${timeoutMs} ms; it was restarted`;
          fail(new SafesealError('TIMEOUT', message));
          // A stuck worker cannot be interrupted, only replaced.
          this.#retire(running, `it did not answer within ${timeoutMs} ms`);
        }, timeoutMs);
      }
      work.then((v) => {
        if (settled) return;
        cleanup();
        resolve(v);
      }, fail);
    });
  }
}
