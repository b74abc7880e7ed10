// The one seeded PRNG every test and benchmark uses (xorshift32): deterministic, so a failure
// reproduces from its seed. Never for anything secret.

/** A generator of uint32 values from `seed` (0 is replaced by 1: xorshift has no zero state). */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `n` deterministic pseudo-random bytes. */
export function seededBytes(n: number, seed = 12345): Uint8Array {
  const next = seededRandom(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

/** A deterministic integer in [0, n). */
export function seededInt(next: () => number, n: number): number {
  return next() % n;
}
