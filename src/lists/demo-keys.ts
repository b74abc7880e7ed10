// Public keys of the demo-only signing keys whose secret halves are committed in this repository
// (test/fixtures/keys). Anyone can sign with them, so they never count unless the app sets
// `allowDemoKeys`, even in a trust set that forgot to mark them demo-only.

/** Hex Ed25519 public keys of safeseal's published demo keys. */
export const KNOWN_DEMO_PUBLIC_KEYS: readonly string[] = Object.freeze([
  '76da0db03a6f7e17611a163fe3e0645cddc0f66fde656ae6789a1ff570fbdfe8', // test/fixtures/keys/demo-a
  '75fd985ecfeeb18acbeccdb12f09b65699ec25d57d31d3ccdfc2959b4debcf52', // demo-b
  'e51ef04b36996f12fe0ef9a2658a62368e15f6dd211d226ef88e9b13e1d99a05', // demo-c
]);
