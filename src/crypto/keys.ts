// Key pairs: checking a secret key file against its public key, and generating key pairs of each
// kind. Needs libsodium (Ed25519 seeds, X25519): worker, CLI, franking and authority only.

import { fromHex, toHex } from '../bytes.js';
import { checkObject, describeValue } from '../check.js';
import { SafesealError } from '../errors.js';
import { boxPublicKeyOf, generateBoxKeyPair } from './box.js';
import { loadEd25519 } from './ed25519.js';
import { keyIdOf } from './key-id.js';
import { checkPublicKey, type KeyKind, type KeyPair } from './key-files.js';

export * from './key-files.js';

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);

function keyBytes(value: unknown, name: string): Uint8Array {
  const bytes = typeof value === 'string' && value.length === 64 ? fromHex(value) : null;
  if (!bytes) throw bad(`"${name}" must be 64 hex digits, got ${describeValue(value)}`);
  return bytes;
}

/**
 * Checks a parsed `NAME.key.json` of kind `kind`: its public key must belong to its secret key.
 * @throws SafesealError INVALID_ARGUMENT
 */
export async function checkKeyPair(value: unknown, name: string, kind: KeyKind): Promise<KeyPair> {
  const pub = await checkPublicKey(value, name, kind);
  const secretKey = keyBytes(checkObject(value, name).secretKey, `${name}.secretKey`);
  const derived = kind === 'authority' ? await boxPublicKeyOf(secretKey) : (await loadEd25519()).publicKeyOf(secretKey);
  if (toHex(derived) !== toHex(pub.publicKey)) {
    secretKey.fill(0);
    throw bad(`"${name}.publicKey" does not belong to its secret key`);
  }
  return { ...pub, secretKey };
}

/** A fresh key pair of `kind`, as the files `safeseal keygen` writes. Zero `secretKey` after use. */
export async function generateKeyPair(kind: KeyKind): Promise<KeyPair> {
  let publicKey: Uint8Array;
  let secretKey: Uint8Array;
  if (kind === 'authority') {
    ({ publicKey, secretKey } = await generateBoxKeyPair());
  } else {
    const pair = (await loadEd25519()).generateKeyPair();
    publicKey = pair.publicKey;
    secretKey = pair.seed;
  }
  return { kind, id: await keyIdOf(publicKey), publicKey, secretKey };
}
