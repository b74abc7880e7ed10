// The built CLI (dist/node/cli.js) as a user runs it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, runCli } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { badInputs } from '../helpers/bad-inputs.js';
import { cppRows, VECTORS } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args);

const wee = join(VECTORS, 'pdq/data/misc-images/wee.jpg');
const bridge = join(VECTORS, 'pdq/data/bridge-mods/aaa-orig.jpg');

describe('safeseal hash', () => {
  it('--json prints one object per file with the reference hashes, exit 0', async () => {
    const { code, stdout, stderr } = await run(['hash', '--json', wee, bridge]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ['file', 'pdq', 'quality', 'dihedral', 'sha256', 'width', 'height'],
      ['file', 'pdq', 'quality', 'dihedral', 'sha256', 'width', 'height'],
    ]);
    const row = cppRows().find((r) => r.mode === 'fullres' && r.file === 'pdq/data/misc-images/wee.jpg')!;
    expect(lines[0]).toMatchObject({ file: wee, pdq: row.hash, quality: 100, dihedral: row.dihedral, width: 34, height: 42 });
    expect(lines[1].pdq).toBe(cppRows().find((r) => r.mode === 'fullres' && r.file === 'pdq/data/bridge-mods/aaa-orig.jpg')!.hash);
  });

  it('reports each bad file as a typed error, runs the others, exits 1, prints no stack', async () => {
    const files = badInputs().map((bad) => {
      const path = join(dir, bad.name);
      writeFileSync(path, bad.bytes);
      return { path, code: bad.code };
    });
    const missing = join(dir, 'missing.jpg');
    const { code, stdout, stderr } = await run(['hash', '--json', ...files.map((f) => f.path), missing, wee]);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(files.length + 2);
    files.forEach((f, i) => expect(lines[i]).toMatchObject({ file: f.path, error: { code: f.code } }));
    expect(lines[files.length]).toMatchObject({ file: missing, error: { code: 'INVALID_ARGUMENT' } });
    expect(lines[files.length + 1].pdq).toMatch(/^6227401f/);
  });

  it('plain output is one readable line per file; errors go to stderr', async () => {
    const { code, stdout, stderr } = await run(['hash', wee, join(dir, 'nope.png')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^6227401f[0-9a-f]{56} {2}q=100 {2}34x42 {2}.*wee\.jpg\n$/);
    expect(stderr).toMatch(/nope\.png: INVALID_ARGUMENT/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('the bin file runs on its own (npx executes it directly, not through node)', async () => {
    const { stdout } = await promisify(execFile)(CLI, ['--help']);
    expect(stdout).toMatch(/usage: safeseal/);
  });

  it('usage errors exit 2; --help exits 0', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['hash', '--bogus'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/safeseal hash|hash <files/);
    const none = await run(['hash', '--json']);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});
