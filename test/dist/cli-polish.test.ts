// The CLI's usage contract (issue 7 item 9) on the built CLI: usage errors exit 2 with a clear
// message, --version, unknown options and options a command does not take are refused, `match`
// says when PDQ was skipped for low quality, AVIF is hashed and HEIC refused by name.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { VECTORS } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-polish-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (f: string) => join(import.meta.dirname, '../fixtures', f);
const wee = join(VECTORS, 'pdq/data/misc-images/wee.jpg');
let avif = '';
let heic = '';
let flat = '';

beforeAll(async () => {
  const w = 320;
  const h = 240;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) raw[(y * w + x) * 3 + c] = Math.round(127 + 120 * Math.sin((x * (c + 2) + y * (4 - c)) / 13));
  const bytes = new Uint8Array(
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .avif({ quality: 70 })
      .toBuffer(),
  );
  avif = join(dir, 'waves.avif');
  writeFileSync(avif, bytes);
  // The same file relabelled as HEIC (brands heic/mif1): refused from its ftyp, before decoding.
  const relabelled = bytes.slice();
  for (let p = 8; p < 32; p += 4)
    if (Buffer.from(relabelled.subarray(p, p + 4)).toString('latin1') === 'avif') relabelled.set(Buffer.from('heic'), p);
  heic = join(dir, 'photo.heic');
  writeFileSync(heic, relabelled);
  flat = join(dir, 'flat.png');
  writeFileSync(
    flat,
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 200, b: 200 } } })
      .png()
      .toBuffer(),
  );
});

describe('CLI usage errors', () => {
  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`safeseal ${pkg.version}`);
    expect((await runCli(['-v', '--json'])).stdout.trim()).toBe(JSON.stringify({ version: pkg.version }));
  });

  it('an unknown option is refused by name with exit 2', async () => {
    const r = await runCli(['hash', '--jsno', wee]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^safeseal: unknown option --jsno \(see safeseal --help\)/);
    expect(r.stdout).toBe('');
  });

  it('an option the command does not take is refused, not ignored', async () => {
    const r = await runCli(['hash', '--dihedral', wee]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hash does not take --dihedral');
    const j = await runCli(['list', 'inspect', 'x.ssl', '--trust', 't.json', '--json']);
    expect(j.code).toBe(2);
    expect(jsonLines(j.stdout)[0]).toMatchObject({
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('list inspect does not take --trust') },
    });
  });

  it('missing files, missing required options and bad values exit 2; run-time failures exit 1', async () => {
    const usage = [
      ['classify'],
      ['match', wee],
      ['match', wee, '--list', 'l.ssl'],
      ['hash', '--max-pixels', '12abc', wee],
      ['match', wee, '--list', 'l.ssl', '--trust', 't.json', '--threshold', '500'],
      ['keygen'],
      ['list'],
      ['list', 'frob'],
      ['list', 'build', '--id', 'x', '--seq', 'one', '--category', 'test', '--out', 'x.ssl'],
      ['hash', '--max-pixels'],
    ];
    for (const args of usage) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    const missing = await runCli(['hash', join(dir, 'nope.jpg')]);
    expect(missing.code).toBe(1);
    const list = await runCli(['list', 'verify', join(dir, 'nope.ssl'), '--trust', 'nope.json'], { cwd: dir });
    expect(list.code).toBe(1);
  });
});

describe('CLI images and matching', () => {
  it('match says when PDQ was skipped for low quality (text and JSON)', async () => {
    const args = ['match', flat, wee, '--list', fixture('lists/demo-test.ssl'), '--trust', fixture('lists/demo-trust.json'), '--allow-demo-keys'];
    const text = await runCli(args);
    expect(text.code).toBe(0);
    const [flatLine, weeLine] = text.stdout.trim().split('\n');
    expect(flatLine).toMatch(/flat\.png: no match \(PDQ skipped: quality \d+ is below 50; SHA-256 only\)$/);
    expect(weeLine).toMatch(/wee\.jpg: no match$/);
    const json = jsonLines((await runCli([...args, '--json'])).stdout);
    expect(json[0]).toMatchObject({ matches: [], pdqUsed: false });
    expect(json[0].quality as number).toBeLessThan(50);
    expect(json[1]).toMatchObject({ matches: [], pdqUsed: true, quality: 100 });
  });

  it('hashes AVIF and refuses HEIC with a message that says so', async () => {
    const r = await runCli(['hash', '--json', avif, heic]);
    expect(r.code).toBe(1);
    const [a, h] = jsonLines(r.stdout);
    expect(a).toMatchObject({ width: 320, height: 240, pdq: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(a.quality as number).toBeGreaterThanOrEqual(50);
    expect(h).toMatchObject({ error: { code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('HEIC images are not supported') } });
  });
});
