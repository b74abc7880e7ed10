// Prompt descriptors: every kind, option set and locale; the wording and readability rules of
// issue 8 item 7; help resources by region and the app's own.

import { describe, expect, it } from 'vitest';
import { SafesealError } from '../../src/errors.js';
import { AUDIENCES, DIRECTIONS, PROMPT_KINDS, type PromptDescriptor } from '../../src/policy/types.js';
import { LOCALES, allPrompts, buildPrompt, resolveLocale, type Messages } from '../../src/prompts/index.js';
import { countSyllables, fleschKincaidGrade, sentences, words } from '../helpers/readability.js';

const FIELDS = ['kind', 'audience', 'direction', 'locale', 'title', 'body', 'options', 'safeOption', 'helpResources'];
const all = allPrompts();
const joined = (d: { title: string; body: string }) => `${d.title.replace(/[^.!?]$/, '$&.')} ${d.body}`;

/** Every title/body pair of a locale, with where it is. */
function texts(m: Messages): { where: string; title: string; body: string }[] {
  const out: { where: string; title: string; body: string }[] = [];
  const walk = (v: unknown, where: string) => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.title === 'string' && typeof o.body === 'string') out.push({ where, title: o.title, body: o.body });
      else for (const [k, x] of Object.entries(o)) walk(x, `${where}.${k}`);
    }
  };
  for (const key of ['sensitive', 'knownMatch', 'test', 'error', 'confirm'] as const) walk(m[key], `${m.locale}.${key}`);
  return out;
}

function keysOf(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object') return [prefix];
  return Object.entries(v as object).flatMap(([k, x]) => keysOf(x, `${prefix}.${k}`));
}

describe('descriptors', () => {
  it('have exactly the fields of the issue, and every option is labelled', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const d of all) {
      expect(Object.keys(d)).toEqual(FIELDS);
      expect(d.options.map((o) => o.id)).toContain(d.safeOption);
      for (const o of d.options) expect(o.label.trim()).not.toBe('');
      expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    }
  });

  it('cover every kind, audience, direction and locale', () => {
    for (const kind of PROMPT_KINDS)
      for (const audience of AUDIENCES)
        for (const direction of DIRECTIONS)
          for (const locale of Object.keys(LOCALES))
            expect(all.some((d) => d.kind === kind && d.audience === audience && d.direction === direction && d.locale === locale)).toBe(true);
  });

  const ids = (d: PromptDescriptor) => d.options.map((o) => o.id);
  it('incoming blur/warn: dont-view, view, get-help, report, block-sender; not-sensitive only once viewed', () => {
    for (const action of ['blur', 'warn'] as const) {
      for (const kind of PROMPT_KINDS.filter((k) => k !== 'test')) {
        const d = buildPrompt({ kind, action, audience: 'child', direction: 'incoming' });
        expect(ids(d)).toEqual(['dont-view', 'view', 'get-help', 'report', 'block-sender']);
        expect(d.safeOption).toBe('dont-view');
      }
      const viewed = buildPrompt({ kind: 'sensitive', action, audience: 'teen', direction: 'incoming', viewed: true });
      expect(ids(viewed)).toEqual(['dont-view', 'not-sensitive', 'get-help', 'report', 'block-sender']);
    }
    expect(all.filter((d) => ids(d).includes('not-sensitive')).every((d) => d.kind === 'sensitive' && d.direction === 'incoming')).toBe(true);
  });

  it('outgoing blur/warn: dont-send, send-anyway, get-help', () => {
    for (const action of ['blur', 'warn'] as const) {
      const d = buildPrompt({ kind: 'sensitive', action, audience: 'adult', direction: 'outgoing' });
      expect(ids(d)).toEqual(['dont-send', 'send-anyway', 'get-help']);
      expect(d.safeOption).toBe('dont-send');
    }
  });

  it('block: get-help, report, block-sender, never view or send-anyway', () => {
    for (const d of all.filter((x) => x.kind === 'test' || ids(x)[0] === 'get-help')) {
      expect(ids(d)).toEqual(['get-help', 'report', 'block-sender']);
      expect(d.safeOption).toBe('get-help');
    }
    for (const direction of DIRECTIONS) {
      const d = buildPrompt({ kind: 'known-match', action: 'block', audience: 'child', direction });
      expect(ids(d)).not.toContain('view');
      expect(ids(d)).not.toContain('send-anyway');
    }
    expect(buildPrompt({ kind: 'test', action: 'block', audience: 'child', direction: 'outgoing' }).options[2].label).toBe('Block contact');
  });

  it('the protective option comes first wherever view or send is offered', () => {
    for (const d of all) {
      if (ids(d).includes('view') || ids(d).includes('not-sensitive')) expect(ids(d)[0]).toBe('dont-view');
      if (ids(d).includes('send-anyway')) expect(ids(d)[0]).toBe('dont-send');
    }
  });

  it('refuses a viewed state outside incoming sensitive prompts, and bad arguments', () => {
    const bad = (f: () => unknown) => expect(f).toThrow(SafesealError);
    bad(() => buildPrompt({ kind: 'known-match', action: 'warn', audience: 'child', direction: 'incoming', viewed: true }));
    bad(() => buildPrompt({ kind: 'sensitive', action: 'warn', audience: 'child', direction: 'outgoing', viewed: true }));
    bad(() => buildPrompt({ kind: 'sensitive', action: 'allow' as never, audience: 'child', direction: 'outgoing' }));
    bad(() => buildPrompt({ kind: 'nudity' as never, action: 'warn', audience: 'child', direction: 'outgoing' }));
  });
});

describe('locales', () => {
  it('every locale has the same strings as English', () => {
    const en = keysOf(LOCALES.en).sort();
    for (const m of Object.values(LOCALES)) expect(keysOf(m).sort()).toEqual(en);
    expect(Object.keys(LOCALES).length).toBeGreaterThanOrEqual(2);
  });
  it('falls back to the language, then English', () => {
    expect(resolveLocale('fr-CA').locale).toBe('fr');
    expect(resolveLocale('FR').locale).toBe('fr');
    expect(resolveLocale('de-DE').locale).toBe('en');
    expect(buildPrompt({ kind: 'error', action: 'blur', audience: 'teen', direction: 'incoming', locale: 'pt' }).locale).toBe('en');
  });
  for (const m of Object.values(LOCALES)) {
    it(`${m.locale}: every text at most 40 words, 12 words a sentence`, () => {
      for (const t of texts(m)) {
        expect(words(`${t.title} ${t.body}`).length, t.where).toBeLessThanOrEqual(40);
        for (const s of sentences(joined(t))) expect(words(s).length, `${t.where}: ${s}`).toBeLessThanOrEqual(12);
      }
    });
  }
});

describe('wording', () => {
  const en = LOCALES.en;
  it('English for children: at most 40 words at Flesch-Kincaid grade 5 or below', () => {
    for (const d of all.filter((x) => x.locale === 'en' && x.audience === 'child')) {
      expect(words(`${d.title} ${d.body}`).length).toBeLessThanOrEqual(40);
      expect(fleschKincaidGrade(joined(d)), joined(d)).toBeLessThanOrEqual(5);
    }
  });
  it('English for teens: grade 8 or below', () => {
    for (const d of all.filter((x) => x.locale === 'en' && x.audience === 'teen'))
      expect(fleschKincaidGrade(joined(d)), joined(d)).toBeLessThanOrEqual(8);
  });
  it('child incoming: may show private parts, OK not to look, a grown-up you trust', () => {
    for (const t of [en.sensitive.child.incoming.short, en.sensitive.child.incoming.full]) {
      expect(t.body).toMatch(/may show private parts of the body/);
      expect(t.body).toMatch(/OK not to look/);
      expect(t.body).toMatch(/grown-up you trust/);
    }
  });
  it("child outgoing: you don't have to, nobody should push you, no trouble for asking for help", () => {
    for (const t of [en.sensitive.child.outgoing.short, en.sensitive.child.outgoing.full]) {
      expect(t.body).toMatch(/don't have to send/);
      expect(t.body).toMatch(/Nobody should/);
      expect(t.body).toMatch(/won't be in trouble for asking for help/);
    }
  });
  it('teen: the same points, with "someone you trust"', () => {
    const inc = en.sensitive.teen.incoming.full.body;
    expect(inc).toMatch(/may show private parts/);
    expect(inc).toMatch(/OK not to look/);
    expect(inc).toMatch(/someone you trust/);
    const out = en.sensitive.teen.outgoing.full.body;
    expect(out).toMatch(/don't have to send/);
    expect(out).toMatch(/nobody should pressure you/);
    expect(out).toMatch(/won't get you in trouble/);
  });
  it('no text says the image is nude, or that the user did wrong', () => {
    for (const m of Object.values(LOCALES)) {
      for (const t of texts(m)) {
        const s = `${t.title} ${t.body}`;
        expect(s, t.where).not.toMatch(/\b(is|are|contains|shows)\s+(a\s+)?(nude|naked|nudity|porn|explicit|sexual)/i);
        expect(s, t.where).not.toMatch(/\b(est|sont|contient|montre)\s+(une?\s+)?(nue?s?|nudité|porno)/i);
        expect(s, t.where).not.toMatch(
          /you (did|have done|were) (something )?wrong|shame|ashamed|naughty|dirty|tu as (mal fait|fait quelque chose de mal)|honte/i,
        );
      }
    }
  });
});

describe('help resources', () => {
  const names = (region?: string) =>
    buildPrompt({ kind: 'sensitive', action: 'warn', audience: 'child', direction: 'incoming', ...(region ? { region } : {}) })
      .helpResources.map((r) => r.name)
      .join(' | ');
  it('by region, INHOPE elsewhere', () => {
    expect(names('GB')).toMatch(/Childline.*Report Remove.*CEOP/);
    expect(names('us')).toMatch(/Take It Down.*CyberTipline/);
    expect(names('CA')).toMatch(/Kids Help Phone.*Cybertip\.ca/);
    expect(names('AU')).toMatch(/eSafety/);
    expect(names('FR')).toBe('INHOPE');
    expect(names()).toBe('INHOPE');
  });
  it('every resource has a description and a way to reach it, links are https', () => {
    for (const region of ['GB', 'US', 'CA', 'AU', 'DE']) {
      for (const locale of Object.keys(LOCALES)) {
        for (const r of buildPrompt({ kind: 'error', action: 'blur', audience: 'teen', direction: 'incoming', region, locale }).helpResources) {
          expect(r.description.length).toBeGreaterThan(10);
          expect(r.url ?? r.phone ?? r.text).toBeDefined();
          if (r.url) expect(r.url).toMatch(/^https:\/\//);
        }
      }
    }
  });
  it('the app can replace them; malformed ones are refused', () => {
    const own = [{ name: 'Our support team', url: 'https://example.org/help', description: 'We read every message.' }];
    expect(
      buildPrompt({ kind: 'sensitive', action: 'warn', audience: 'adult', direction: 'incoming', region: 'GB', helpResources: own }).helpResources,
    ).toEqual(own);
    for (const bad of [
      [{ name: 'x', url: 'javascript:alert(1)', description: 'y' }],
      [{ name: 'x', description: 'no contact' }],
      [{ name: 'x', phone: '1', description: 'y', extra: 1 }],
      'nope',
    ]) {
      expect(() => buildPrompt({ kind: 'sensitive', action: 'warn', audience: 'adult', direction: 'incoming', helpResources: bad as never })).toThrow(
        SafesealError,
      );
    }
  });
});

describe('readability helper', () => {
  it('counts syllables of common words as dictionaries do', () => {
    const expected: Record<string, number> = {
      picture: 2,
      private: 2,
      body: 2,
      trouble: 2,
      grown: 1,
      trust: 1,
      nobody: 3,
      pressure: 2,
      someone: 2,
      image: 2,
      wanted: 2,
      looked: 1,
      sensitive: 3,
      "don't": 1,
      the: 1,
      little: 2,
      images: 3,
      nudity: 3,
    };
    for (const [w, n] of Object.entries(expected)) expect(countSyllables(w), w).toBe(n);
  });
  it('scores plain and hard text apart', () => {
    expect(fleschKincaidGrade('The cat sat on the mat. It was fun.')).toBeLessThan(2);
    expect(fleschKincaidGrade('Institutional considerations necessitate comprehensive organisational restructuring immediately.')).toBeGreaterThan(
      12,
    );
  });
});

describe('promptForDecision', () => {
  it('maps a decision to its prompt: none for allow, the test card, a known match, an unchecked image', async () => {
    const { decide } = await import('../../src/policy/index.js');
    const { promptForDecision } = await import('../../src/prompts/index.js');
    const ctx = { audience: 'child', direction: 'incoming', region: 'US' } as const;
    expect(promptForDecision(decide({ direction: 'incoming', scores: { sexual: 0, suggestive: 0 } }), ctx)).toBeUndefined();
    expect(promptForDecision(decide({ direction: 'incoming', matches: [{ category: 'test' }] }), ctx)?.kind).toBe('test');
    const known = promptForDecision(decide({ direction: 'incoming', matches: [{ category: 'known-abuse' }] }), ctx);
    expect([known?.kind, known?.options.map((o) => o.id)]).toEqual(['known-match', ['get-help', 'report', 'block-sender']]);
    const err = promptForDecision(decide({ direction: 'outgoing', error: 'CORRUPT_IMAGE' }), { ...ctx, direction: 'outgoing' });
    expect([err?.kind, err?.title, err?.safeOption]).toEqual(['error', "We couldn't check this picture", 'dont-send']);
    const flagged = promptForDecision(decide({ direction: 'incoming', scores: { sexual: 0.99, suggestive: 0 } }), ctx);
    expect([flagged?.kind, flagged?.body]).toEqual(['sensitive', LOCALES.en.sensitive.child.incoming.full.body]);
  });
});
