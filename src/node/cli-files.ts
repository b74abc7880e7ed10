// The CLI's file handling: reading inputs, the per-file loop every image command shares, and the
// list operators' formats — key files, public-key files, trust files and hash input files (one
// 64-hex hash per line, or the JSON lines of `safeseal hash --json`).

import { createReadStream } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fromHex, toHex } from '../bytes.js';
import type { Ed25519 } from '../crypto/ed25519.js';
import { SafesealError, toSafesealError } from '../errors.js';
import { keyIdOf } from '../lists/digests.js';
import { PdqImporter, type ImportResult } from '../lists/import.js';
import { PDQ_MIN_QUALITY } from '../pdq/constants.js';
import type { TrustSet } from '../protocol.js';
import type { Scanner } from '../scanner/scanner.js';

/** Where the CLI writes: result lines, and messages for people. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs `each` on every file's bytes, one output line per file; a file that fails is reported as
 * {"file","error":{"code","message"}} (or on stderr) and the rest still run. Disposes `scanner`.
 * Resolves to the exit status: 1 if any file failed.
 */
export async function perFile(
  scanner: Scanner,
  files: string[],
  json: boolean,
  io: Output,
  each: (bytes: Uint8Array, file: string) => Promise<string>,
): Promise<number> {
  let failed = 0;
  try {
    for (const file of files) {
      try {
        io.out(await each(await readBytes(file), file));
      } catch (e) {
        failed++;
        const err = toSafesealError(e);
        if (json) io.out(JSON.stringify({ file, error: { code: err.code, message: err.message } }));
        else io.err(`safeseal: ${file}: ${err.code}: ${err.message}`);
      }
    }
  } finally {
    await scanner.dispose();
  }
  return failed > 0 ? 1 : 0;
}

/** `NAME.key.json`: a signer's key pair. The secret key is the 32-byte Ed25519 seed in hex. */
export interface KeyFile {
  readonly id: string;
  readonly publicKey: string;
  readonly secretKey: string;
  readonly demoOnly?: boolean;
}

const bad = (why: string): SafesealError => new SafesealError('INVALID_ARGUMENT', why);

/** Reads a file, naming it in the error. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw bad(`cannot read ${file}: ${why}`);
  }
}

export async function readJson(file: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(file));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad(`${file} is not valid JSON`);
  }
}

/** Writes a new file; refuses to replace an existing one (keys are never overwritten). */
export async function writeNew(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  try {
    await writeFile(file, data, { flag: 'wx', mode });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : (e as Error).message;
    throw bad(`cannot write ${file}: ${why}`);
  }
}

/**
 * Writes a new file so that it appears whole or not at all: a sibling is written first, then
 * hard-linked to the name (which fails if the name exists, so nothing is overwritten).
 */
export async function writeNewAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await link(tmp, file);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : (e as Error).message;
    throw bad(`cannot write ${file}: ${why}`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Reads a PDQ hash file in any import format (src/lists/import.ts), streaming its lines.
 * @throws SafesealError INVALID_ARGUMENT naming the file and line.
 */
export async function readPdqFile(file: string): Promise<ImportResult> {
  const importer = new PdqImporter(file);
  let stream;
  try {
    stream = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) importer.addLine(line);
  } catch (e) {
    if (e instanceof SafesealError) throw e;
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw bad(`cannot read ${file}: ${why}`);
  } finally {
    stream?.destroy();
  }
  return importer.finish();
}

/** Replaces a file atomically (write a sibling, then rename over it). */
export async function replaceFile(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    throw bad(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/**
 * Reads a key file and checks that its public key and id belong to its secret key. The returned
 * seed is the caller's to zero.
 * @throws SafesealError INVALID_ARGUMENT
 */
export async function readKeyFile(file: string, ed25519: Ed25519): Promise<{ seed: Uint8Array; id: string }> {
  const k = (await readJson(file)) as Partial<KeyFile> | null;
  const kind = (k as { kind?: unknown } | null)?.kind;
  if (kind !== undefined && kind !== 'signer') throw bad(`${file}: a ${String(kind).slice(0, 20)} key cannot sign lists; use a signer key`);
  const seed = typeof k?.secretKey === 'string' ? fromHex(k.secretKey) : null;
  if (!k || !seed || seed.length !== 32) throw bad(`${file}: "secretKey" must be 64 hex digits (an Ed25519 seed)`);
  const publicKey = ed25519.publicKeyOf(seed);
  const id = toHex(await keyIdOf(publicKey));
  if (k.publicKey !== toHex(publicKey) || k.id !== id) {
    ed25519.memzero(seed);
    throw bad(`${file}: "publicKey" or "id" does not belong to "secretKey"`);
  }
  return { seed, id };
}

/** Reads `NAME.pub.json` files into a trust set (checked later by resolveTrust). */
export async function readTrustFiles(files: string[], threshold: number): Promise<TrustSet> {
  const signers = [];
  for (const file of files) {
    const p = (await readJson(file)) as { id?: unknown; publicKey?: unknown; demoOnly?: unknown } | null;
    if (!p || typeof p.publicKey !== 'string' || typeof p.id !== 'string') throw bad(`${file}: must hold "id" and "publicKey"`);
    const kind = (p as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== 'signer') throw bad(`${file}: a ${String(kind).slice(0, 20)} key cannot be a list signer`);
    signers.push({ id: p.id, publicKey: p.publicKey, ...(p.demoOnly === true ? { demoOnly: true } : {}) });
  }
  return { threshold, signers };
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/**
 * SHA-256 hashes from an input file: one 64-hex hash per line, or JSON lines of `safeseal hash
 * --json` (field `sha256`). Blank lines and lines starting with # are skipped. (PDQ files go
 * through readPdqFile, which knows the other tools' formats.)
 * @throws SafesealError INVALID_ARGUMENT naming the file and line.
 */
export async function readHashFile(file: string, field: 'pdq' | 'sha256'): Promise<string[]> {
  const lines = new TextDecoder().decode(await readBytes(file)).split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((raw, n) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${n + 1}`;
    let hash: unknown = line;
    if (line.startsWith('{')) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw bad(`${where}: not valid JSON`);
      }
      if (row.error !== undefined) throw bad(`${where}: the hash line is an error, not a hash`);
      if (field === 'pdq' && typeof row.quality === 'number' && row.quality < PDQ_MIN_QUALITY)
        throw bad(`${where}: PDQ quality ${row.quality} is below ${PDQ_MIN_QUALITY}`);
      hash = row[field];
    }
    if (typeof hash !== 'string' || !HEX64.test(hash)) throw bad(`${where}: expected a 64-hex ${field} hash`);
    out.push(hash.toLowerCase());
  });
  return out;
}
