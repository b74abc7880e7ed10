// Small named boundary checks (noble's abytes/anumber style), used by every public method on both
// sides of the worker. Each names the argument it checks and throws INVALID_ARGUMENT; none ever
// puts the value itself into a message (it may be an image, a key or a hash).

import { SafesealError } from './errors.js';

/** A short description of a value for error messages: its type, never its contents. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v !== 'object') return typeof v;
  const name = (v as object).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

function invalid(message: string): SafesealError {
  return new SafesealError('INVALID_ARGUMENT', message);
}

/**
 * A plain options object with only `allowed` keys, or `{}` for undefined. Refuses null, arrays,
 * functions and unknown keys (a misspelt option must not silently fall back to a default).
 * @throws SafesealError INVALID_ARGUMENT naming `name` and the unknown key
 */
export function checkOptions(value: unknown, name: string, allowed: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`"${name}" must be an object, got ${describeValue(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalid(`"${name}" has an unknown key "${key.slice(0, 40)}"; allowed: ${allowed.join(', ') || '(none)'}`);
    }
  }
  return value as Record<string, unknown>;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is an object (not null or an array) */
export function checkObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`"${name}" must be an object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is an integer in [min, max] */
export function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`"${name}" must be an integer from ${min} to ${max}, got ${typeof value === 'number' ? value : describeValue(value)}`);
  }
  return value;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is a finite number in [min, max] */
export function checkNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`"${name}" must be a number from ${min} to ${max}, got ${typeof value === 'number' ? value : describeValue(value)}`);
  }
  return value;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is a boolean */
export function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`"${name}" must be a boolean, got ${describeValue(value)}`);
  return value;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is a string of `min`..`max` UTF-16 units */
export function checkString(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw invalid(`"${name}" must be a string of ${min} to ${max} characters, got ${describeValue(value)}`);
  }
  return value;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is one of `choices` */
export function checkOneOf<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw invalid(`"${name}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is a function */
export function checkFunction<T extends (...args: never[]) => unknown>(value: unknown, name: string): T {
  if (typeof value !== 'function') throw invalid(`"${name}" must be a function, got ${describeValue(value)}`);
  return value as T;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is an AbortSignal (or undefined) */
export function checkSignal(value: unknown, name = 'signal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof AbortSignal === 'undefined' || !(value instanceof AbortSignal)) {
    throw invalid(`"${name}" must be an AbortSignal, got ${describeValue(value)}`);
  }
  return value;
}

/** @throws SafesealError INVALID_ARGUMENT unless `value` is `len` bytes (hex digits: 2 per byte) */
export function checkHex(value: unknown, name: string, bytes: number): string {
  if (typeof value !== 'string' || value.length !== 2 * bytes || !/^[0-9a-f]*$/.test(value)) {
    throw invalid(`"${name}" must be ${2 * bytes} lowercase hex digits, got ${describeValue(value)}`);
  }
  return value;
}

/** True if `buffer` was transferred away (detached): its bytes are gone. */
export function isDetached(buffer: ArrayBufferLike): boolean {
  if ('detached' in buffer && typeof (buffer as { detached?: unknown }).detached === 'boolean') return (buffer as { detached: boolean }).detached;
  // Node 20 has no `detached`; a detached buffer has length 0 and cannot be sliced into a view.
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/**
 * A Uint8Array or ArrayBuffer whose bytes are still there.
 * @throws SafesealError INVALID_ARGUMENT for other types and for detached (transferred) buffers
 */
export function checkBytes(value: unknown, name: string): Uint8Array {
  if (!(value instanceof Uint8Array) && !(value instanceof ArrayBuffer))
    throw invalid(`"${name}" must be an ArrayBuffer or Uint8Array, got ${describeValue(value)}`);
  // Checked before any view is made: constructing one over a detached buffer throws a TypeError.
  if (isDetached(value instanceof ArrayBuffer ? value : value.buffer))
    throw invalid(`"${name}" is a detached buffer (it was transferred elsewhere): its bytes are gone`);
  return value instanceof ArrayBuffer ? new Uint8Array(value) : value;
}
