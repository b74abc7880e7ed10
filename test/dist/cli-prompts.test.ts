// `safeseal prompts` on the built CLI: JSON lines with exactly the descriptor's fields, filters,
// and refused arguments.

import { describe, expect, it } from 'vitest';
import { allPrompts } from '../../src/prompts/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const FIELDS = ['kind', 'audience', 'direction', 'locale', 'title', 'body', 'options', 'safeOption', 'helpResources'];

describe('safeseal prompts', () => {
  it('prints every descriptor, one JSON object per line with exactly its fields', async () => {
    const r = await runCli(['prompts']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toEqual(JSON.parse(JSON.stringify(allPrompts())));
    for (const l of lines) expect(Object.keys(l)).toEqual(FIELDS);
    expect(new Set(lines.map((l) => l.locale))).toEqual(new Set(['en', 'fr']));
  });

  it('filters by audience, direction, locale and region', async () => {
    const r = await runCli(['prompts', '--audience', 'teen', '--direction', 'outgoing', '--locale', 'fr', '--region', 'ca', '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect([l.audience, l.direction, l.locale]).toEqual(['teen', 'outgoing', 'fr']);
      expect((l.helpResources as { name: string }[]).map((h) => h.name)).toEqual(['Kids Help Phone', 'Cybertip.ca']);
    }
  });

  it('refuses unknown values with INVALID_ARGUMENT', async () => {
    for (const args of [
      ['--audience', 'toddler'],
      ['--direction', 'up'],
      ['--region', 'GBR'],
      ['--locale', '<b>'],
    ]) {
      const r = await runCli(['prompts', ...args, '--json']);
      expect(r.code).toBe(1);
      expect((jsonLines(r.stdout)[0].error as { code: string }).code).toBe('INVALID_ARGUMENT');
    }
  });
});
