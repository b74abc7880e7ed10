// Types for the part of libsodium's raw Emscripten module (the `libsodium` package, which
// libsodium-wrappers is built on) that crypto/ed25519.ts calls. Importing it only defines the
// factory; nothing is compiled until the factory is called.

declare module 'libsodium' {
  /** The instantiated module: C functions over one linear memory (pointers are byte offsets). */
  export interface SodiumModule {
    readonly HEAPU8: Uint8Array;
    _sodium_init(): number;
    _malloc(size: number): number;
    _free(ptr: number): void;
    /** int crypto_sign_seed_keypair(pk[32], sk[64], seed[32]) */
    _crypto_sign_seed_keypair(pk: number, sk: number, seed: number): number;
    /** int crypto_sign_detached(sig[64], siglen_p (nullable), m, mlen (u64 as lo, hi), sk[64]) */
    _crypto_sign_detached(sig: number, siglenP: number, m: number, mlenLo: number, mlenHi: number, sk: number): number;
    /** int crypto_sign_verify_detached(sig[64], m, mlen (u64 as lo, hi), pk[32]): 0 when valid */
    _crypto_sign_verify_detached(sig: number, m: number, mlenLo: number, mlenHi: number, pk: number): number;
    /** crypto/box.ts calls crypto_scalarmult_base, crypto_generichash, crypto_box_easy and crypto_box_seal_open by name. */
    readonly [name: `_crypto_${string}`]: ((...args: number[]) => number) | undefined;
  }
  /** Compiles and instantiates libsodium's embedded wasm. */
  export default function factory(options: { getRandomValue(): number }): Promise<SodiumModule>;
}
