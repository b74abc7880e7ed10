// <safeseal-prompt> from the built bundle (dist/prompt.js) in real Chromium under the test
// server's CSP: roles and focus, the nudge rules on the rendered element, keyboard-only
// operation, one safeseal-choice event, text never parsed as HTML, and an axe check.

import { seriousViolations } from '../helpers/axe.js';
import { expect, test, type Page } from '@playwright/test';
import type { PromptDescriptor } from '../../src/policy/types.js';
import { buildPrompt, type PromptRequest } from '../../src/prompts/index.js';

const prompt = (r: Partial<PromptRequest> & Pick<PromptRequest, 'audience' | 'direction'>): PromptDescriptor =>
  buildPrompt({ kind: 'sensitive', action: 'warn', ...r });

async function open(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto('/prompt.html');
  await page.waitForFunction(() => (window as unknown as { promptReady?: boolean }).promptReady === true);
  expect(errors).toEqual([]);
}

const show = (page: Page, d: PromptDescriptor) => page.evaluate((x) => (window as unknown as { showPrompt(d: unknown): boolean }).showPrompt(x), d);
const choices = (page: Page) => page.evaluate(() => (window as unknown as { choices: unknown[] }).choices);
/** What has focus, looking through shadow roots: a button's option id, its confirm role, or its tag/id. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const e = a as HTMLElement | null;
    return e?.dataset.option ?? (e?.dataset.confirm ? `confirm-${e.dataset.confirm}` : `${e?.tagName.toLowerCase()}#${e?.id}`);
  });

async function noSeriousViolations(page: Page): Promise<void> {
  expect((await seriousViolations(page)).lines).toEqual([]);
}

test('child, incoming: inline group that takes no focus; keyboard alone reaches view through one confirmation', async ({ page }) => {
  await open(page);
  await page.locator('#before').focus();
  const d = prompt({ audience: 'child', direction: 'incoming' });
  await show(page, d);
  const group = page.locator('safeseal-prompt [role="group"]');
  await expect(group).toBeVisible();
  const labelledBy = await group.getAttribute('aria-labelledby');
  await expect(page.locator(`safeseal-prompt #${labelledBy}`)).toHaveText(d.title);
  expect(await focused(page)).toBe('button#before'); // never takes focus on arrival
  await expect(page.locator('safeseal-prompt [role="alertdialog"]')).toHaveCount(0);
  await noSeriousViolations(page);

  await page.keyboard.press('Tab'); // to "More"
  await page.keyboard.press('Enter');
  const dialog = page.locator('safeseal-prompt [role="alertdialog"]');
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((e) => (e as HTMLDialogElement).open && e.matches(':modal'))).toBe(true);
  // protective first and focused
  const ids = await dialog.locator('button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.option));
  expect(ids).toEqual(['dont-view', 'view', 'get-help', 'report', 'block-sender']);
  expect(await focused(page)).toBe('dont-view');
  await noSeriousViolations(page);

  // focus stays inside while modal, both ways
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    expect(ids).toContain(await focused(page));
  }
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(ids).toContain(await focused(page));
  }
  while ((await focused(page)) !== 'view') await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // one confirmation: "go back" first and focused, nothing chosen yet
  await expect(dialog.locator('h2')).toHaveText('Are you sure?');
  expect(await focused(page)).toBe('confirm-no');
  expect(await choices(page)).toEqual([]);
  await noSeriousViolations(page);
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('confirm-yes');
  await page.keyboard.press('Enter');
  expect(await choices(page)).toEqual([{ option: 'view', kind: 'sensitive', direction: 'incoming' }]);
  await expect(page.locator('safeseal-prompt [role="alertdialog"]')).toHaveCount(0);
});

test('child, outgoing: modal at once, dont-send first and focused; Escape chooses it and focus returns', async ({ page }) => {
  await open(page);
  await page.locator('#before').focus();
  await show(page, prompt({ audience: 'child', direction: 'outgoing' }));
  const dialog = page.locator('safeseal-prompt [role="alertdialog"]');
  await expect(dialog).toBeVisible();
  expect(await dialog.locator('button').first().getAttribute('data-option')).toBe('dont-send');
  expect(await focused(page)).toBe('dont-send');
  await noSeriousViolations(page);
  // going back from the confirmation returns to the options, on send-anyway
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('send-anyway');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('confirm-no');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('send-anyway');
  await page.keyboard.press('Escape');
  expect(await choices(page)).toEqual([{ option: 'dont-send', kind: 'sensitive', direction: 'outgoing' }]);
  await expect(dialog).toHaveCount(0);
  expect(await focused(page)).toBe('button#before');
  await page.keyboard.press('Escape'); // nothing left to choose: still one event
  expect((await choices(page)).length).toBe(1);
});

for (const audience of ['teen', 'adult'] as const) {
  for (const direction of ['incoming', 'outgoing'] as const) {
    test(`${audience}, ${direction}: both buttons equally prominent, one step`, async ({ page }) => {
      await open(page);
      await show(page, prompt({ audience, direction }));
      if (direction === 'incoming') await page.locator('safeseal-prompt button.more').click();
      const [safe, other] = direction === 'incoming' ? ['dont-view', 'view'] : ['dont-send', 'send-anyway'];
      const look = (id: string) =>
        page.locator(`safeseal-prompt button[data-option="${id}"]`).evaluate((b) => {
          const s = getComputedStyle(b);
          const r = b.getBoundingClientRect();
          return {
            fontSize: s.fontSize,
            fontWeight: s.fontWeight,
            width: Math.round(r.width),
            height: Math.round(r.height),
            background: s.backgroundColor,
            color: s.color,
          };
        });
      expect(await look(safe)).toEqual(await look(other));
      expect(await focused(page)).toBe(safe); // safeOption has the initial focus
      await noSeriousViolations(page);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await choices(page)).toEqual([{ option: other, kind: 'sensitive', direction }]);
    });
  }
}

test('block: no view or send; Escape chooses get-help, which shows the help resources', async ({ page }) => {
  await open(page);
  await show(page, buildPrompt({ kind: 'test', action: 'block', audience: 'child', direction: 'incoming', region: 'GB' }));
  await page.locator('safeseal-prompt button.more').click();
  const ids = await page.locator('safeseal-prompt [role="alertdialog"] button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.option));
  expect(ids).toEqual(['get-help', 'report', 'block-sender']);
  await page.keyboard.press('Escape');
  expect(await choices(page)).toEqual([{ option: 'get-help', kind: 'test', direction: 'incoming' }]);
  await expect(page.locator('safeseal-prompt .help a')).toHaveText(['Childline', 'Report Remove (Childline and IWF)', 'CEOP Safety Centre']);
  await noSeriousViolations(page);
});

test('strings are text, never markup; a malformed descriptor is refused', async ({ page }) => {
  await open(page);
  const evil = '<img src=x id=injected onerror="window.pwned=1">';
  const d = {
    ...prompt({ audience: 'adult', direction: 'outgoing' }),
    title: evil,
    body: evil,
    options: [
      { id: 'dont-send', label: evil },
      { id: 'send-anyway', label: 'Send' },
    ],
  } as PromptDescriptor;
  await show(page, d);
  await expect(page.locator('safeseal-prompt h2')).toHaveText(evil);
  await expect(page.locator('safeseal-prompt button[data-option="dont-send"]')).toHaveText(evil);
  expect(await page.locator('safeseal-prompt img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  const refused = await page.evaluate(() => {
    const el = document.createElement('safeseal-prompt') as HTMLElement & { descriptor: unknown };
    try {
      el.descriptor = { kind: 'sensitive', options: [] };
      return 'accepted';
    } catch (e) {
      return (e as Error).name;
    }
  });
  expect(refused).toBe('TypeError');
});

test('reduced motion and forced colours', async ({ page }) => {
  await open(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await show(page, prompt({ audience: 'teen', direction: 'outgoing' }));
  expect(await page.locator('safeseal-prompt dialog').evaluate((d) => getComputedStyle(d).animationName)).toBe('none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await show(page, prompt({ audience: 'teen', direction: 'outgoing' }));
  expect(await page.locator('safeseal-prompt dialog').evaluate((d) => getComputedStyle(d).animationName)).toBe('appear');
  await page.emulateMedia({ forcedColors: 'active' });
  await show(page, prompt({ audience: 'child', direction: 'outgoing' }));
  const protective = await page.locator('safeseal-prompt button[data-option="dont-send"]').evaluate((b) => getComputedStyle(b).borderTopStyle);
  expect(protective).toBe('solid');
  await noSeriousViolations(page);
});
