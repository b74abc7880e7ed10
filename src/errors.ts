// One error class with a stable `code`, and the comlink transfer handler that keeps the code when
// an error crosses the worker boundary (comlink alone would keep only name, message and stack).

import { transferHandlers, type TransferHandler } from 'comlink';

/** Stable error codes: part of the API. Codes are added, never renamed or reused. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNSUPPORTED_FORMAT',
  'CORRUPT_IMAGE',
  'IMAGE_TOO_LARGE',
  'MODEL_INTEGRITY',
  'MODEL_LOAD',
  'LIST_FORMAT',
  'LIST_SIGNATURE',
  'LIST_ROLLBACK',
  'LIST_EXPIRED',
  'NOT_READY',
  'DISPOSED',
  'ABORTED',
  'TIMEOUT',
  'WORKER_CRASHED',
  'SEAL',
  'UNKNOWN_SCAN',
  'SELF_TEST',
  'INTERNAL',
  /** A detail call (hashImage, classifyImage, matchImage) on a scanner made without `exposeDetails`. */
  'DETAILS_DISABLED',
  /** More than `maxQueue` calls are waiting. */
  'BUSY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** The only error type safeseal throws. Identify errors by `code`, never by message text. */
export class SafesealError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SafesealError';
    this.code = code;
  }
}

/** True for a SafesealError, also one from another copy of the library. */
export function isSafesealError(e: unknown): e is SafesealError {
  return e instanceof SafesealError || (e instanceof Error && e.name === 'SafesealError' && CODE_SET.has((e as SafesealError).code));
}

/** Wraps anything thrown into a SafesealError; unexpected errors become `fallback`. */
export function toSafesealError(e: unknown, fallback: ErrorCode = 'INTERNAL'): SafesealError {
  if (isSafesealError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SafesealError(fallback, message, { cause: e });
}

interface WireError {
  readonly safeseal: true;
  readonly code: ErrorCode;
  readonly message: string;
}

type ThrownValue = { value: unknown };

let installed = false;

/**
 * Makes comlink carry SafesealError codes across postMessage, in both directions. Idempotent.
 * Comlink wraps every thrown value and routes it through its "throw" handler; ours serialises a
 * SafesealError as {code, message} (no stack: it would leak worker internals and is not API) and
 * rebuilds it on the other side. Anything else thrown in the worker arrives as INTERNAL.
 */
export function installErrorTransfer(): void {
  if (installed) return;
  const base = transferHandlers.get('throw') as TransferHandler<ThrownValue, unknown> | undefined;
  if (!base) throw new Error('comlink has no "throw" transfer handler');
  const handler: TransferHandler<ThrownValue, unknown> = {
    canHandle: (v): v is ThrownValue => base.canHandle(v),
    serialize: ({ value }) => {
      const err = toSafesealError(value);
      const wire: WireError = { safeseal: true, code: err.code, message: err.message };
      return [wire, []];
    },
    deserialize: (wire) => {
      const w = wire as Partial<WireError>;
      if (w && w.safeseal === true && typeof w.code === 'string' && CODE_SET.has(w.code)) {
        throw new SafesealError(w.code, String(w.message));
      }
      return base.deserialize(wire);
    },
  };
  transferHandlers.set('throw', handler);
  installed = true;
}
