// The main-thread FIFO in front of the worker: calls wait here and run one at a time, so a call's
// timeout counts from when the worker starts it, not while it queues. A queued call can be
// aborted (it is removed and rejects with ABORTED); beyond `maxQueue` waiting calls, a new one
// rejects with BUSY at once. A running call that is aborted or times out rejects at once, but the
// next call starts only when the worker has let go of it.

import { SafesealError } from '../errors.js';

/** Default number of calls that may wait. */
export const DEFAULT_MAX_QUEUE = 1000;

interface Waiting {
  readonly start: () => Promise<unknown>;
  readonly reject: (e: SafesealError) => void;
  readonly detach: () => void;
}

export class CallQueue {
  readonly #maxQueue: number;
  readonly #waiting: Waiting[] = [];
  #busy = false;

  constructor(maxQueue = DEFAULT_MAX_QUEUE) {
    this.#maxQueue = maxQueue;
  }

  /** Calls waiting (not counting the running one). */
  get length(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `run` when every earlier call has finished. `run` returns the caller's promise and the
   * work the worker is doing (`settled`: when the worker is free again).
   * @throws SafesealError BUSY (queue full), ABORTED (aborted while waiting)
   */
  enqueue<T>(run: () => { result: Promise<T>; settled: Promise<unknown> }, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new SafesealError('ABORTED', 'the call was aborted'));
    try {
      this.checkRoom();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(entry);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(new SafesealError('ABORTED', 'the call was aborted while it waited'));
      };
      const entry: Waiting = {
        start: () => {
          const { result, settled } = run();
          result.then(resolve, reject);
          return settled;
        },
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
      this.#next();
    });
  }

  /**
   * Whether one more call may wait, counting `elsewhere` calls that wait outside this queue (for
   * the classifier to load) as waiting here.
   * @throws SafesealError BUSY
   */
  checkRoom(elsewhere = 0): void {
    if (this.#waiting.length + elsewhere >= this.#maxQueue) {
      throw new SafesealError('BUSY', `${this.#maxQueue} calls are already waiting for the scanner; try again later`);
    }
  }

  /** Rejects every waiting call with `error` (dispose). The running call is the host's to fail. */
  rejectWaiting(error: SafesealError): void {
    for (const w of this.#waiting.splice(0)) {
      w.detach();
      w.reject(error);
    }
  }

  #next(): void {
    if (this.#busy) return;
    const entry = this.#waiting.shift();
    if (!entry) return;
    entry.detach();
    this.#busy = true;
    let settled: Promise<unknown>;
    try {
      settled = entry.start();
    } catch (e) {
      settled = Promise.resolve();
      entry.reject(e instanceof SafesealError ? e : new SafesealError('INTERNAL', String(e)));
    }
    settled.then(
      () => this.#done(),
      () => this.#done(),
    );
  }

  #done(): void {
    this.#busy = false;
    this.#next();
  }
}
