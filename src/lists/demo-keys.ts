// Public keys of the demo-only signing keys whose secret halves are committed in this repository
// (test/fixtures/keys). Anyone can sign with them, so they never count unless the app sets
// `allowDemoKeys`, even in a trust set that forgot to mark them demo-only.

/** Hex Ed25519 public keys of safeseal's published demo keys. */
export const KNOWN_DEMO_PUBLIC_KEYS: readonly string[] = Object.freeze([]);
