// DEMO ONLY. `npx tsx scripts/make-demo-content.ts` (after `npm run build`): makes the demo's committed
// content with the built CLI, the way a list operator would — demo keys (kept once made), a benign
// generated test card, a 2-of-2 demo list holding its PDQ and SHA-256 under category `test`, the
// magenta/green test pattern the fixture model flags, and that fixture model with its sha256.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { testPattern } from '../test/helpers/classifier-assets.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/node/cli.js');
const KEYS = join(ROOT, 'demo/keys');
const CONTENT = join(ROOT, 'demo/content');
export const DEMO_LIST_ID = 'safeseal-demo-test';
export const SIGNERS = ['signer-1', 'signer-2'] as const;

const cli = (...args: string[]): string => execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Demo keys are made once and then kept: the list's signatures and the pages depend on them. */
function makeKeys(): void {
  mkdirSync(KEYS, { recursive: true });
  for (const name of SIGNERS) if (!existsSync(join(KEYS, `${name}.key.json`))) cli('keygen', '--kind', 'signer', '--demo', '--out', join(KEYS, name));
  if (!existsSync(join(KEYS, 'platform.key.json'))) cli('keygen', '--kind', 'platform', '--out', join(KEYS, 'platform'));
  if (!existsSync(join(KEYS, 'authority.key.json')))
    cli(
      'keygen',
      '--kind',
      'authority',
      '--name',
      'DEMO ONLY safeseal demo authority',
      '--url',
      'http://127.0.0.1/',
      '--out',
      join(KEYS, 'authority'),
    );
}

/** A benign 640×480 test card: colour bars, a grey ramp, a grid, a circle and a caption. */
async function testCardPng(): Promise<Buffer> {
  const bars = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
  const parts: string[] = [];
  bars.forEach((c, i) => parts.push(`<rect x="${(i * 640) / 7}" y="0" width="${640 / 7 + 1}" height="300" fill="${c}"/>`));
  for (let i = 0; i < 16; i++) {
    const v = Math.round((i * 255) / 15);
    parts.push(`<rect x="${i * 40}" y="300" width="40" height="80" fill="rgb(${v},${v},${v})"/>`);
  }
  for (let x = 0; x <= 640; x += 40) parts.push(`<line x1="${x}" y1="0" x2="${x}" y2="380" stroke="#ffffff" stroke-width="1"/>`);
  for (let y = 0; y <= 380; y += 40) parts.push(`<line x1="0" y1="${y}" x2="640" y2="${y}" stroke="#ffffff" stroke-width="1"/>`);
  parts.push('<circle cx="320" cy="190" r="150" fill="none" stroke="#ffffff" stroke-width="6"/>');
  parts.push('<rect x="0" y="380" width="640" height="100" fill="#101010"/>');
  parts.push(
    '<text x="320" y="425" font-family="DejaVu Sans, sans-serif" font-size="30" fill="#ffffff" text-anchor="middle">safeseal demo test card</text>',
    '<text x="320" y="462" font-family="DejaVu Sans, sans-serif" font-size="18" fill="#ffcc00" text-anchor="middle">DEMO ONLY · benign · category test</text>',
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

async function testPatternPng(): Promise<Buffer> {
  const p = testPattern(256, 256, 16);
  return sharp(Buffer.from(p.data), { raw: { width: p.width, height: p.height, channels: 4 } })
    .png()
    .toBuffer();
}

/** The demo list (2 of 2 demo signers) with the test card's PDQ and SHA-256, and its trust file. */
function makeList(card: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'safeseal-demo-'));
  try {
    const hashes = join(tmp, 'card.jsonl');
    writeFileSync(hashes, cli('hash', '--json', card));
    const digest = join(tmp, 'card.sha256');
    writeFileSync(digest, sha256(readFileSync(card)) + '\n');
    const list = join(CONTENT, 'demo-test.ssl');
    const trust = join(CONTENT, 'demo-trust.json');
    rmSync(list, { force: true });
    rmSync(trust, { force: true });
    const build = ['list', 'build', '--id', DEMO_LIST_ID, '--seq', '1', '--category', 'test'];
    cli(...build, '--pdq', hashes, '--sha256', digest, '--not-after', '2100-01-01T00:00:00Z', '--out', list);
    for (const name of SIGNERS) cli('list', 'sign', list, '--key', join(KEYS, `${name}.key.json`));
    cli('trust', '--threshold', '2', ...SIGNERS.map((n) => join(KEYS, `${n}.pub.json`)), '--out', trust);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first: this script uses dist/node/cli.js');
  makeKeys();
  mkdirSync(CONTENT, { recursive: true });
  const card = join(CONTENT, 'test-card.png');
  writeFileSync(card, await testCardPng());
  writeFileSync(join(CONTENT, 'test-pattern.png'), await testPatternPng());
  makeList(card);
  const model = join(CONTENT, 'fixture-model.onnx');
  copyFileSync(join(ROOT, 'test/fixtures/checker.onnx'), model);
  const file = (name: string) => ({ sha256: sha256(readFileSync(join(CONTENT, name))), bytes: readFileSync(join(CONTENT, name)).length });
  const manifest = {
    demoOnly: 'DEMO ONLY: benign demo content for npm run demo; see demo/README.md',
    'fixture-model.onnx': {
      ...file('fixture-model.onnx'),
      purpose: 'test/fixtures/checker.onnx: porn ≈ 1 for the magenta/green test pattern, neutral ≈ 1 otherwise',
    },
    'test-card.png': { ...file('test-card.png'), purpose: 'benign generated test card; its PDQ and SHA-256 are on demo-test.ssl (category test)' },
    'test-pattern.png': { ...file('test-pattern.png'), purpose: 'magenta/green checkerboard the fixture model flags' },
    'demo-test.ssl': { ...file('demo-test.ssl'), id: DEMO_LIST_ID, purpose: 'demo list signed by demo/keys/signer-1 and signer-2' },
    'demo-trust.json': { ...file('demo-trust.json'), purpose: '2-of-2 trust in the demo signers (demoOnly: needs allowDemoKeys)' },
  };
  writeFileSync(join(CONTENT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(cli('list', 'inspect', join(CONTENT, 'demo-test.ssl')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
