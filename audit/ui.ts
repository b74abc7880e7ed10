// Driving the demo messenger as a person would: by accessible names (labels, button names, roles),
// with window.safesealDemo used only to read state (verdicts, messages, ledger, keys).

import { expect, type Locator, type Page } from '@playwright/test';
import type { AccountKeys } from './e2ee.js';

export type Picture = 'test card' | 'test pattern' | { name: string; mimeType: string; buffer: Buffer } | null;

/** Types `text`, attaches `picture` the way the page offers, and presses Send. */
export async function composeAndSend(page: Page, text: string, picture: Picture): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  if (picture === 'test card') await page.getByRole('button', { name: 'Attach the test card' }).click();
  else if (picture === 'test pattern') await page.getByRole('button', { name: 'Attach the test pattern' }).click();
  else if (picture !== null) await page.getByLabel('Attach a picture from this device').setInputFiles(picture);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The modal prompt an outgoing scan opened. */
export const outgoingPrompt = (page: Page): Locator => page.locator('#outgoing-prompt safeseal-prompt');

/** The newest received message's list item. */
export const lastIncoming = (page: Page): Locator => page.locator('#messages li.message.in').last();

/** Verdicts so far (direction and action, as the page recorded them). */
export const verdicts = (page: Page): Promise<{ direction: string; action: string }[]> =>
  page.evaluate(() => window.safesealDemo.lastVerdicts() as unknown as { direction: string; action: string }[]);

/** Waits until `page` holds a message with `text` and returns it (as the page shows it). */
export async function waitForMessage(
  page: Page,
  text: string,
  direction: 'in' | 'out',
): Promise<{ id: string; state: string; action: string | null; hasImage: boolean }> {
  await expect
    .poll(
      () => page.evaluate(([t, d]) => window.safesealDemo.messages().some((m) => m.text === t && m.direction === d), [text, direction] as const),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
  return page.evaluate(([t, d]) => window.safesealDemo.messages().find((m) => m.text === t && m.direction === d)!, [text, direction] as const);
}

/** Waits until the page has recorded `count` verdicts. */
export async function waitForVerdicts(page: Page, count: number): Promise<{ direction: string; action: string }[]> {
  await expect.poll(async () => (await verdicts(page)).length, { timeout: 45_000 }).toBeGreaterThanOrEqual(count);
  return verdicts(page);
}

/** The page's keys (auditSecrets(): every key lowercase hex), as the audit decrypts with them. */
export async function accountKeys(page: Page): Promise<AccountKeys & { signSk: Uint8Array; raw: Record<string, unknown> }> {
  const raw = (await page.evaluate(() => window.safesealDemo.auditSecrets())) as Record<string, string>;
  const hex = (name: string): Uint8Array => new Uint8Array(Buffer.from(raw[name], 'hex'));
  return { user: raw.user, signPk: hex('signPk'), kxPk: hex('kxPk'), kxSk: hex('kxSk'), signSk: hex('signSk'), raw };
}
