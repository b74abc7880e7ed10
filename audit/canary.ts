// The canary: a page on the relay's origin that leaks on purpose — a message text base64url-encoded
// at offset 2 in a URL, a report of the wrong size, a header of its own — through the same proxy,
// accounting and leak search as the scenarios. Each leak must be caught, or the checks prove nothing.

import type { Browser } from '@playwright/test';
import { accountFor, type AccountingContext } from './accounting.js';
import type { Assertion } from './cross-checks.js';
import { openPerson, outgoing, type Person } from './harness.js';
import type { LeakSearch } from './leaks.js';

/** Runs the canary page in its own context and proxy; `leaked` is a scenario's message text. */
export async function runCanary(
  browser: Browser,
  origin: string,
  leaked: string,
  leakSearch: LeakSearch,
  ctx: AccountingContext,
): Promise<{ person: Person; assertions: Assertion[] }> {
  const canary = await openPerson(browser, 'canary', `${origin}/`, 'canary page');
  await canary.page.waitForLoadState('networkidle');
  await canary.proxy.settle(300);
  canary.proxy.tag = 'canary';
  await canary.page.evaluate(async (text) => {
    const b64url2 = btoa(String.fromCharCode(0xfb, 0xff, ...new TextEncoder().encode(text)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    await fetch(`/app/app.js?c=${b64url2}`).catch(() => undefined);
    await fetch('/reports', { method: 'POST', body: new Uint8Array(1000), headers: { 'content-type': 'application/octet-stream' } }).catch(
      () => undefined,
    );
    await fetch('/sdk/index.js', { headers: { 'x-verdict': 'warn' } }).catch(() => undefined);
  }, leaked);
  await canary.proxy.settle(300);
  const canaryItems = outgoing(canary, 'canary');
  const canaryResult = await accountFor(canaryItems, ctx);
  const canaryHits = canaryItems.flatMap((i) => leakSearch.search(Buffer.concat([i.head ?? Buffer.alloc(0), i.body]), i.url));
  const assertions: Assertion[] = [
    {
      what: `canary: a page that leaks on purpose is caught — its ${canaryItems.length} leaking requests (a GET with a query, a 1,000-byte POST /reports, a GET with an app header) are all unaccounted`,
      passed: canaryItems.length === 3 && canaryResult.verdicts.every((v) => !v.ok),
      detail: canaryResult.verdicts.map((v) => `${v.item.url}: ${v.kind}`).join('; '),
    },
    {
      what: 'canary: the message text hidden base64url-encoded at offset 2 in a URL is found by the leak search',
      passed: canaryHits.some((h) => h.form.startsWith('base64') && h.form.endsWith('@2') && h.what === `message text "${leaked}"`),
      detail: JSON.stringify(canaryHits.slice(0, 3)),
    },
  ];
  await canary.context.close();
  return { person: canary, assertions };
}
