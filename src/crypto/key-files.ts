// Key files of the three kinds (public halves here: no libsodium, so the main thread may check them) — `authority` (X25519: reports are sealed to it), `platform`
// (Ed25519: stamps franking commitments) and `signer` (Ed25519: signs hash lists; files without a
// `kind` are signers, as wave 1 wrote them) — checked where they enter, so that a key of the
// wrong kind is refused everywhere with INVALID_ARGUMENT.

import { fromHex, toHex } from '../bytes.js';
import { checkObject, checkOneOf, checkString, describeValue } from '../check.js';
import { SafesealError } from '../errors.js';
import { keyIdOf } from './key-id.js';

export const KEY_KINDS = ['authority', 'platform', 'signer'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** `NAME.pub.json`. */
export interface PublicKeyFile {
  readonly kind: KeyKind;
  /** Key id: 32 hex digits. */
  readonly id: string;
  /** 64 hex digits: X25519 for authorities, Ed25519 otherwise. */
  readonly publicKey: string;
  /** Shown to users in the report notice (authorities). */
  readonly name?: string;
  readonly url?: string;
}

/** `NAME.key.json` (mode 600): `secretKey` is the X25519 secret or the 32-byte Ed25519 seed. */
export interface SecretKeyFile {
  readonly kind: KeyKind;
  readonly id: string;
  readonly publicKey: string;
  readonly secretKey: string;
}

/** A checked public key. */
export interface PublicKey {
  readonly kind: KeyKind;
  readonly id: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly name?: string;
  readonly url?: string;
}

/** A checked key pair; zero `secretKey` when done. */
export interface KeyPair extends PublicKey {
  readonly secretKey: Uint8Array;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);

function keyBytes(value: unknown, name: string): Uint8Array {
  const bytes = typeof value === 'string' && value.length === 64 ? fromHex(value) : null;
  if (!bytes) throw bad(`"${name}" must be 64 hex digits, got ${describeValue(value)}`);
  return bytes;
}

function checkKind(o: Record<string, unknown>, name: string, kind: KeyKind): void {
  const got = o.kind === undefined ? 'signer' : checkOneOf(o.kind, `${name}.kind`, KEY_KINDS);
  if (got !== kind) throw bad(`"${name}" is a ${got} key; a ${kind} key is needed here`);
}

async function checkId(o: Record<string, unknown>, name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const id = await keyIdOf(publicKey);
  if (o.id !== undefined && o.id !== toHex(id)) throw bad(`"${name}.id" is not the id of its public key`);
  return id;
}

/**
 * Checks a parsed `NAME.pub.json` (or the public half of a key file) of kind `kind`.
 * @throws SafesealError INVALID_ARGUMENT (wrong kind, malformed key, id that does not match)
 */
export async function checkPublicKey(value: unknown, name: string, kind: KeyKind): Promise<PublicKey> {
  const o = checkObject(value, name);
  checkKind(o, name, kind);
  const publicKey = keyBytes(o.publicKey, `${name}.publicKey`);
  const id = await checkId(o, name, publicKey);
  const label = o.name === undefined ? {} : { name: checkString(o.name, `${name}.name`, 1, 200) };
  const url = o.url === undefined ? {} : { url: checkString(o.url, `${name}.url`, 1, 2000) };
  return { kind, id, publicKey, ...label, ...url };
}
