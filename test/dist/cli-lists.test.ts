// The list operator's CLI round trip as the README shows it: keygen → trust → build → sign →
// verify → match, with JSON output, and typed JSON errors with exit 1 when a step is refused.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, jsonLines } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { VECTORS } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const r = await runCli(args, { cwd: dir });
  return { ...r, json: args.includes('--json') ? jsonLines(r.stdout) : [] };
}

const image = (f: string) => join(VECTORS, 'pdq/data/bridge-mods', f);

describe('safeseal list operator round trip', () => {
  it('keygen → trust → build → sign → verify → match', async () => {
    const a = await run('keygen', '--out', 'alice', '--json');
    expect(a.code).toBe(0);
    expect(a.json[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), publicKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statSync(join(dir, 'alice.key.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'alice.pub.json'), 'utf8'))).not.toHaveProperty('secretKey');
    expect((await run('keygen', '--out', 'bob')).code).toBe(0);
    expect((await run('keygen', '--out', 'bob', '--json')).json[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } }); // never overwrites

    expect((await run('trust', '--threshold', '2', 'alice.pub.json', 'bob.pub.json', '--out', 'trust.json')).code).toBe(0);

    const hashes = await run('hash', '--json', image('aaa-orig.jpg'));
    writeFileSync(join(dir, 'card.jsonl'), hashes.stdout);
    const built = await run(
      'list',
      'build',
      '--id',
      'my-test-list',
      '--seq',
      '1',
      '--category',
      'test',
      '--pdq',
      'card.jsonl',
      '--sha256',
      'card.jsonl',
      '--out',
      'l.ssl',
      '--json',
    );
    expect(built.json[0]).toMatchObject({ id: 'my-test-list', sequence: 1, entries: 2, categories: ['test'], signers: [] });

    expect((await run('list', 'sign', 'l.ssl', '--key', 'alice.key.json')).code).toBe(0);
    const once = await run('list', 'verify', 'l.ssl', '--trust', 'trust.json', '--json');
    expect(once.code).toBe(1);
    expect(once.json[0]).toMatchObject({ error: { code: 'LIST_SIGNATURE' } });
    expect((await run('list', 'sign', 'l.ssl', '--key', 'bob.key.json')).code).toBe(0);
    const ok = await run('list', 'verify', 'l.ssl', '--trust', 'trust.json', '--json');
    expect(ok.code).toBe(0);
    expect(ok.json[0]).toMatchObject({ ok: true, id: 'my-test-list', root: built.json[0].root });

    const inspect = await run('list', 'inspect', 'l.ssl', '--json');
    expect(Object.keys(inspect.json[0])).toEqual(expect.arrayContaining(['id', 'sequence', 'root', 'entries', 'categories', 'signers']));
    expect((inspect.json[0].signers as string[]).sort()).toEqual(
      [a.json[0].id, JSON.parse(readFileSync(join(dir, 'bob.pub.json'), 'utf8')).id].sort(),
    );

    const match = await run(
      'match',
      image('aaa-orig.jpg'),
      image('blur-a-lot.jpg'),
      join(VECTORS, 'pdq/data/misc-images/wee.jpg'),
      '--list',
      'l.ssl',
      '--trust',
      'trust.json',
      '--json',
    );
    expect(match.code).toBe(0);
    expect(match.json.map((l) => (l.matches as { distance: number; kind: string }[]).map((m) => `${m.kind}:${m.distance}`))).toEqual([
      ['pdq:0', 'sha256:0'],
      ['pdq:4'],
      [],
    ]);
    expect(match.json[0]).toMatchObject({
      file: image('aaa-orig.jpg'),
      matches: [{ list: 'my-test-list', index: 0, category: 'test', distance: 0 }, expect.anything()],
    });

    const tight = await run('match', image('blur-a-lot.jpg'), '--list', 'l.ssl', '--trust', 'trust.json', '--threshold', '3', '--json');
    expect(tight.json[0].matches).toEqual([]);
  });

  it('refuses a tampered list, bad hash files and unknown categories with typed JSON errors', async () => {
    const list = readFileSync(join(dir, 'l.ssl'));
    const tampered = Uint8Array.from(list);
    tampered[tampered.length - 100] ^= 1; // inside an entry hash or the first signature: either way invalid
    writeFileSync(join(dir, 'tampered.ssl'), tampered);
    const v = await run('list', 'verify', 'tampered.ssl', '--trust', 'trust.json', '--json');
    expect(v.code).toBe(1);
    expect(v.json[0]).toMatchObject({ error: { code: 'LIST_SIGNATURE' } });

    const m = await run('match', image('aaa-orig.jpg'), '--list', 'tampered.ssl', '--trust', 'trust.json', '--json');
    expect(m.code).toBe(1);
    expect(m.json[0]).toMatchObject({ error: { code: 'LIST_SIGNATURE', message: expect.any(String) } });

    writeFileSync(join(dir, 'bad.txt'), 'not a hash\n');
    const b = await run('list', 'build', '--id', 'x', '--seq', '1', '--category', 'test', '--pdq', 'bad.txt', '--out', 'x.ssl', '--json');
    expect(b.json[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/bad\.txt:1/) } });
    const c = await run('list', 'build', '--id', 'x', '--seq', '1', '--category', 'sexual', '--out', 'x.ssl', '--json');
    expect(c.json[0]).toMatchObject({ error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/--category/) } });
    const i = await run('list', 'inspect', 'bad.txt', '--json');
    expect(i.json[0]).toMatchObject({ error: { code: 'LIST_FORMAT' } });
    expect(i.code).toBe(1);
  });
});
