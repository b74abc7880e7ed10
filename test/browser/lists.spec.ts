// Lists in real Chromium on the built bundle, under the test page's strict CSP: the worker
// verifies the signed demo `test` list (Ed25519 via libsodium's WebAssembly), refuses it without
// allowDemoKeys, matches the benign test card, and the page fetches nothing but its own assets.

import { expect, test } from '@playwright/test';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
  }
}

test('loads the signed demo list in the worker and matches the test card', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/index.html');
  await page.waitForFunction(() => window.harnessReady === true);
  const result = await page.evaluate(async () => {
    const scanner = await window.safeseal.createScanner({ model: false, exposeDetails: true });
    const get = async (path: string) => (await fetch(path)).arrayBuffer();
    const list = await get('/fixtures/lists/demo-test.ssl');
    const trust = JSON.parse(new TextDecoder().decode(await get('/fixtures/lists/demo-trust.json')));
    const refused = await scanner.loadList(list, { trust }).then(
      () => 'accepted',
      (e: { code?: string }) => e.code,
    );
    const info = await scanner.loadList(new Blob([list]), { trust, allowDemoKeys: true });
    const card = await scanner.matchImage(await get('/vectors/pdq/data/bridge-mods/aaa-orig.jpg'));
    const blurred = await scanner.matchImage(new Blob([await get('/vectors/pdq/data/bridge-mods/blur-a-lot.jpg')]));
    const other = await scanner.matchImage(await get('/vectors/pdq/data/misc-images/wee.jpg'));
    const status = await scanner.status();
    await scanner.dispose();
    return { refused, info, card, blurred, other, status, listIntact: list.byteLength };
  });
  expect(result.refused).toBe('LIST_SIGNATURE');
  expect(result.info).toMatchObject({ id: 'safeseal-demo-test', sequence: 1, entries: 2, categories: ['test'] });
  expect(result.info.signers).toHaveLength(2);
  expect(result.card.matches).toEqual([
    { list: 'safeseal-demo-test', index: 0, category: 'test', distance: 0, kind: 'pdq' },
    { list: 'safeseal-demo-test', index: 1, category: 'test', distance: 0, kind: 'sha256' },
  ]);
  expect(result.blurred.matches).toEqual([{ list: 'safeseal-demo-test', index: 0, category: 'test', distance: 4, kind: 'pdq' }]);
  expect(result.other.matches).toEqual([]);
  expect(result.status).toEqual({ model: null, lists: [result.info] });
  expect(result.listIntact).toBeGreaterThan(0); // the page's buffer was copied, not detached
  for (const url of requests) expect(url.startsWith(baseURL!)).toBe(true);
});
