// The list formats of the field, end to end through the built CLI: fixtures in every import format
// (made from the reference images by scripts/make-import-fixtures.ts) build the same list as the
// JSONL path (`safeseal hash --json` on those images); pdq-photo-hasher's own 512-resized output
// matches the same images; malformed input leaves no file; export round-trips; --state refuses a
// rollback.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { VECTORS } from '../helpers/vectors.js';
import { IMPORT_IMAGES } from '../../scripts/make-import-fixtures.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const IMPORTS = join(FIXTURES, 'lists/import');
const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(args, { cwd: dir });
const images = IMPORT_IMAGES.map((f) => join(VECTORS, f));
let n = 0;
/** Builds a list (JSON output) and returns its inspect object and stderr. */
async function build(files: string[], extra: string[] = ['--category', 'test'], id = 'interop') {
  const out = join(dir, `l${n++}.ssl`);
  const r = await run('list', 'build', '--id', id, '--seq', '1', ...files.flatMap((f) => ['--pdq', f]), ...extra, '--out', out, '--json');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return { out, info: jsonLines(r.stdout)[0] as { root: string; entries: number; pdq: number }, stderr: r.stderr };
}
const sign = async (file: string) => expect((await run('list', 'sign', file, '--key', join(FIXTURES, 'keys/demo-a.key.json'))).code).toBe(0);
async function matches(list: string, extra: string[] = []) {
  const r = await run('match', ...images, '--list', list, '--trust', join(dir, 'trust1.json'), '--allow-demo-keys', '--json', ...extra);
  return { ...r, json: jsonLines(r.stdout) as { file: string; matches?: { index: number; distance: number }[]; error?: { code: string } }[] };
}

let reference: Awaited<ReturnType<typeof build>>;
beforeAll(async () => {
  const hashes = await run('hash', '--json', ...images);
  expect(hashes.code, hashes.stderr).toBe(0);
  writeFileSync(join(dir, 'hashes.jsonl'), hashes.stdout);
  reference = await build([join(dir, 'hashes.jsonl')]);
  expect((await run('trust', '--threshold', '1', join(FIXTURES, 'keys/demo-a.pub.json'), '--out', join(dir, 'trust1.json'))).code).toBe(0);
}, 120_000);

describe('list build --pdq in the formats of the field', () => {
  const formats = [
    'hex.txt',
    'pdq-photo-hasher.txt',
    'pdq-photo-hasher-d.txt',
    'te-local-file.txt',
    'te-dataset.csv',
    'msc4113.jsonl',
    'msc4113.json',
  ];

  it('every fixture builds the same entries (the same root) as the JSONL path', async () => {
    expect(reference.info.entries).toBe(9); // 12 images, 3 below quality 50
    expect(reference.stderr).toMatch(
      /^imported 9 entries: 9 from safeseal-json \(.*hashes\.jsonl\); skipped 3 \(3 quality < 50\); 0 duplicates merged\n$/,
    );
    for (const f of formats) {
      const { info, stderr } = await build([join(IMPORTS, f)]);
      expect(info.root, f).toBe(reference.info.root);
      expect(stderr, f).toMatch(/^imported \d+ entries: \d+ from [a-z0-9-]+ \(.*\); skipped \d+ \(.*\); \d+ duplicates merged\n$/);
    }
    const all = await build(formats.map((f) => join(IMPORTS, f)));
    expect(all.info.root).toBe(reference.info.root);
    expect(all.stderr).toMatch(
      /skipped 14 \(12 quality < 50, 1 local_file type video_md5, 1 te-csv category INVESTIGATION_SEED\); 54 duplicates merged/,
    );
  }, 120_000);

  it("pdq-photo-hasher's own output (512 pre-resize) matches the same images as the JSONL list", async () => {
    const ref512 = await build([join(IMPORTS, 'pdq-photo-hasher-ref512.txt')]);
    expect(ref512.info.entries).toBe(9);
    await sign(reference.out);
    await sign(ref512.out);
    const a = await matches(reference.out);
    const b = await matches(ref512.out);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const matched = (r: typeof a) => r.json.map((l) => (l.matches ?? []).length > 0);
    expect(matched(b)).toEqual(matched(a));
    expect(matched(a).filter(Boolean).length).toBe(9); // every quality ≥ 50 image matches its own hash
    for (const l of a.json) for (const m of l.matches ?? []) expect(m.distance).toBe(0); // the SDK hash is the C++ fullres hash
  }, 120_000);

  it('refuses a malformed line with its line number and writes no file', async () => {
    const lines = readFileSync(join(IMPORTS, 'pdq-photo-hasher.txt'), 'utf8').split('\n');
    lines[4] = lines[4].replace(',100,', ',hundred,');
    writeFileSync(join(dir, 'broken.txt'), lines.join('\n'));
    const out = join(dir, 'broken.ssl');
    const r = await run(
      'list',
      'build',
      '--id',
      'x',
      '--seq',
      '1',
      '--category',
      'test',
      '--pdq',
      join(IMPORTS, 'hex.txt'),
      '--pdq',
      join(dir, 'broken.txt'),
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout)[0]).toMatchObject({
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/broken\.txt:5: quality must be an integer/) },
    });
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('list export', () => {
  it('jsonl round-trips a list of two categories and both entry types to the same root', async () => {
    const mixed = join(dir, 'mixed.jsonl');
    const hex = readFileSync(join(IMPORTS, 'hex.txt'), 'utf8').trim().split('\n');
    writeFileSync(
      mixed,
      hex
        .map((h, i) => JSON.stringify({ type: i % 3 === 0 ? 'sha256' : 'pdq', hash: h, category: i % 2 === 0 ? 'test' : 'known-abuse' }))
        .join('\n') + '\n',
    );
    const built = await build([mixed], []);
    await sign(built.out);
    const exported = await run('list', 'export', built.out, '--trust', join(dir, 'trust1.json'), '--allow-demo-keys', '--format', 'jsonl');
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    writeFileSync(join(dir, 'mixed-export.jsonl'), exported.stdout);
    expect((await build([join(dir, 'mixed-export.jsonl')], [])).info.root).toBe(built.info.root);
    const local = await run('list', 'export', built.out, '--trust', join(dir, 'trust1.json'), '--allow-demo-keys', '--format', 'local-file');
    expect(local.stderr).toMatch(/3 SHA-256 entries left out .*categories known-abuse, test not carried/);
    expect(local.stdout.trim().split('\n')).toHaveLength(6);
  }, 120_000);

  it('local-file and te-csv round-trip a single-category PDQ-only list; export verifies first', async () => {
    const unsigned = await run(
      'list',
      'export',
      reference.out.replace(/\.ssl$/, '-none.ssl'),
      '--trust',
      join(dir, 'trust1.json'),
      '--format',
      'jsonl',
    );
    expect(unsigned.code).toBe(1);
    for (const format of ['local-file', 'te-csv']) {
      const r = await run('list', 'export', reference.out, '--trust', join(dir, 'trust1.json'), '--allow-demo-keys', '--format', format);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const file = join(dir, `export.${format}`);
      writeFileSync(file, r.stdout);
      expect((await build([file])).info.root, format).toBe(reference.info.root);
    }
    const demo = await run('list', 'export', reference.out, '--trust', join(dir, 'trust1.json'), '--format', 'jsonl', '--json');
    expect(jsonLines(demo.stdout)[0]).toMatchObject({ error: { code: 'LIST_SIGNATURE' } }); // demo keys count only with --allow-demo-keys
  }, 120_000);
});

describe('match --state', () => {
  it('records {sequence, root} and refuses a rollback with LIST_ROLLBACK, leaving the state as it was', async () => {
    const hex = join(IMPORTS, 'hex.txt');
    const older = join(dir, 'seq1.ssl');
    const newer = join(dir, 'seq2.ssl');
    expect((await run('list', 'build', '--id', 'rolling', '--seq', '1', '--category', 'test', '--pdq', hex, '--out', older)).code).toBe(0);
    expect((await run('list', 'build', '--id', 'rolling', '--seq', '2', '--category', 'known-abuse', '--pdq', hex, '--out', newer)).code).toBe(0);
    await sign(older);
    await sign(newer);
    const state = join(dir, 'state.json');
    const first = await matches(newer, ['--state', state]);
    expect(first.code).toBe(0);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as Record<string, { sequence: number; root: string }>;
    expect(saved).toEqual({ rolling: { sequence: 2, root: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const back = await matches(older, ['--state', state]);
    expect(back.code).toBe(1);
    expect(back.json[0]).toMatchObject({ error: { code: 'LIST_ROLLBACK' } });
    expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual(saved);
    expect((await matches(older)).code).toBe(0); // without --state there is nothing to compare with
  }, 120_000);
});
