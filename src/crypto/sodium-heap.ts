// Calling libsodium's raw module: copies in, fresh zeroed outputs, and every heap buffer wiped
// and freed afterwards — the one place both facades (ed25519.ts, box.ts) marshal through.

import type { SodiumModule } from 'libsodium';
import { SafesealError } from '../errors.js';

export interface SodiumHeap {
  /** Runs `fn` with heap copies of `inputs` and zeroed `outputs` (byte counts); all are wiped and freed after. */
  withHeap<T>(inputs: readonly Uint8Array[], outputs: readonly number[], fn: (ptrs: number[]) => T): T;
  /** A copy of `n` heap bytes at `ptr`. */
  read(ptr: number, n: number): Uint8Array;
}

export function sodiumHeap(m: SodiumModule): SodiumHeap {
  return {
    withHeap(inputs, outputs, fn) {
      const sizes = [...inputs.map((b) => b.length), ...outputs];
      const ptrs = sizes.map((n) => m._malloc(Math.max(1, n)));
      try {
        if (ptrs.some((p) => p === 0)) throw new SafesealError('INTERNAL', 'libsodium is out of memory');
        inputs.forEach((b, i) => m.HEAPU8.set(b, ptrs[i]));
        outputs.forEach((n, i) => m.HEAPU8.fill(0, ptrs[inputs.length + i], ptrs[inputs.length + i] + n));
        return fn(ptrs);
      } finally {
        // HEAPU8 is read again: the heap's buffer changes when memory grows.
        ptrs.forEach((p, i) => {
          if (p !== 0) {
            m.HEAPU8.fill(0, p, p + sizes[i]);
            m._free(p);
          }
        });
      }
    },
    read: (ptr, n) => m.HEAPU8.slice(ptr, ptr + n),
  };
}
