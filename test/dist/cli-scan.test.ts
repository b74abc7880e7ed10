// `safeseal scan` on the built CLI: one JSON line per file with exactly the verdict's fields; the
// test card on the demo list is blocked with the test prompt, a benign photo allowed, a file that
// cannot be checked is an error line (onError: throw) and the exit status is 1.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/classifier-assets.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { VECTORS } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'safeseal-cli-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safeseal scan', () => {
  it('prints verdicts, with errors as error lines and exit 1', async () => {
    const card = join(VECTORS, 'pdq/data/bridge-mods/aaa-orig.jpg');
    const benign = join(VECTORS, 'pdq/data/misc-images/wee.jpg');
    const truncated = join(dir, 'truncated.jpg');
    const bytes = readFileSync(card);
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const list = join(FIXTURES, 'lists/demo-test.ssl');
    const trust = join(FIXTURES, 'lists/demo-trust.json');
    const r = await runCli(['scan', card, benign, truncated, '--list', list, '--trust', trust, '--allow-demo-keys', '--region', 'GB', '--json']);
    expect(r.code).toBe(1);
    const [c, b, t] = jsonLines(r.stdout);
    expect(Object.keys(c).sort()).toEqual(['action', 'categories', 'file', 'prompt', 'reasons']);
    expect(c).toMatchObject({
      file: card,
      action: 'block',
      categories: ['test'],
      reasons: ['known-match'],
      prompt: { kind: 'test', audience: 'child' },
    });
    expect(b).toEqual({ file: benign, action: 'allow', categories: [], reasons: [] });
    expect(t).toMatchObject({ file: truncated, error: { code: 'CORRUPT_IMAGE' } });

    const d = await runCli(['scan', benign, '--audience', 'adult', '--direction', 'outgoing', '--details', '--json']);
    expect(d.code).toBe(0);
    const [line] = jsonLines(d.stdout);
    expect(line).toMatchObject({ action: 'allow', matches: [] });
    expect(Object.keys(line.scores as object).sort()).toEqual(['drawing', 'hentai', 'neutral', 'porn', 'sexy']);
    const bad = await runCli(['scan', benign, '--audience', 'toddler']);
    expect(bad.code).toBe(2);
  });
});
