// Makes the demo-only list fixtures the tests and the demo use: three demo signing keys (made once,
// then kept: their public keys are pinned in src/lists/demo-keys.ts), a 2-of-3 demo trust set, and
// a `test`-category list holding the PDQ and SHA-256 of a benign photo (the "test card").
// Run: npx tsx scripts/make-list-fixtures.ts   (the list bytes are deterministic)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, toHex } from '../src/bytes.js';
import { loadEd25519 } from '../src/crypto/ed25519.js';
import { Engine } from '../src/engine/engine.js';
import { buildList, signList } from '../src/lists/build.js';
import { keyIdOf } from '../src/lists/digests.js';
import { nodeDecoder } from '../src/node/decode.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const DEMO_KEY_NAMES = ['demo-a', 'demo-b', 'demo-c'] as const;
/** The benign image on the demo list, relative to ../shared/pdq-vectors. */
export const TEST_CARD = 'pdq/data/bridge-mods/aaa-orig.jpg';
export const DEMO_LIST_OPTIONS = {
  id: 'safeseal-demo-test',
  sequence: 1,
  createdAt: Date.UTC(2026, 0, 1) / 1000,
  notAfter: Date.UTC(2100, 0, 1) / 1000,
};

/** Builds the demo list, signed by demo-a and demo-b, from the test card's bytes. */
export async function makeDemoList(image: Uint8Array, seeds: readonly Uint8Array[]): Promise<Uint8Array> {
  const engine = await Engine.create({ maxPixels: 50_000_000, exposeDetails: true }, nodeDecoder);
  const { pdq, sha256 } = await engine.hashImage({ kind: 'encoded', bytes: image.slice().buffer });
  const ed25519 = await loadEd25519();
  let bytes = buildList({
    ...DEMO_LIST_OPTIONS,
    entries: [
      { type: 'pdq', hash: pdq, category: 'test' },
      { type: 'sha256', hash: sha256!, category: 'test' },
    ],
  });
  for (const seed of seeds) bytes = await signList(bytes, seed, ed25519);
  return bytes;
}

export function readDemoSeed(name: string): Uint8Array {
  const key = JSON.parse(readFileSync(join(FIXTURES, 'keys', `${name}.key.json`), 'utf8')) as { secretKey: string };
  return fromHex(key.secretKey)!;
}

async function main(): Promise<void> {
  const ed25519 = await loadEd25519();
  const pubs = [];
  for (const name of DEMO_KEY_NAMES) {
    const keyFile = join(FIXTURES, 'keys', `${name}.key.json`);
    if (!existsSync(keyFile)) {
      const { publicKey, seed } = ed25519.generateKeyPair();
      const pub = { id: toHex(await keyIdOf(publicKey)), publicKey: toHex(publicKey), demoOnly: true };
      writeFileSync(keyFile, JSON.stringify({ ...pub, secretKey: toHex(seed) }, null, 2) + '\n');
      writeFileSync(join(FIXTURES, 'keys', `${name}.pub.json`), JSON.stringify(pub, null, 2) + '\n');
    }
    pubs.push(JSON.parse(readFileSync(join(FIXTURES, 'keys', `${name}.pub.json`), 'utf8')) as { id: string; publicKey: string });
  }
  const trust = { threshold: 2, signers: pubs.map((p) => ({ id: p.id, publicKey: p.publicKey, demoOnly: true })) };
  writeFileSync(join(FIXTURES, 'lists', 'demo-trust.json'), JSON.stringify(trust, null, 2) + '\n');
  const image = new Uint8Array(readFileSync(join(ROOT, '../shared/pdq-vectors', TEST_CARD)));
  const list = await makeDemoList(image, [readDemoSeed('demo-a'), readDemoSeed('demo-b')]);
  writeFileSync(join(FIXTURES, 'lists', 'demo-test.ssl'), list);
  process.stdout.write(
    `demo keys: ${pubs.map((p) => p.publicKey).join(' ')}\nwrote test/fixtures/lists/demo-trust.json, demo-test.ssl (${list.length} bytes)\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
