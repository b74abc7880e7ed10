// SHA-256 as lowercase hex, with WebCrypto (browsers, workers, and Node ≥ 19 as globalThis.crypto):
// image digests and the model / wasm integrity pins share it.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** SHA-256 of `bytes`, 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let s = '';
  for (const b of digest) s += HEX[b];
  return s;
}
