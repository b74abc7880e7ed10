// Bounds-checked big/little-endian reads for header parsing; a read past the end is a truncation.

import { SafesealError } from '../errors.js';

export function truncated(what: string): SafesealError {
  return new SafesealError('CORRUPT_IMAGE', `truncated ${what}`);
}

export function u16be(b: Uint8Array, p: number, what: string): number {
  if (p + 2 > b.length) throw truncated(what);
  return (b[p] << 8) | b[p + 1];
}

export function u16le(b: Uint8Array, p: number, what: string): number {
  if (p + 2 > b.length) throw truncated(what);
  return b[p] | (b[p + 1] << 8);
}

export function u24le(b: Uint8Array, p: number, what: string): number {
  if (p + 3 > b.length) throw truncated(what);
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
}

export function u32be(b: Uint8Array, p: number, what: string): number {
  if (p + 4 > b.length) throw truncated(what);
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

export function u32le(b: Uint8Array, p: number, what: string): number {
  if (p + 4 > b.length) throw truncated(what);
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

/** The 4 bytes at `p` as latin-1 text (chunk types, FourCCs). */
export function fourcc(b: Uint8Array, p: number, what: string): string {
  if (p + 4 > b.length) throw truncated(what);
  return String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
}

export function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}
