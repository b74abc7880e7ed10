// scanImage in real Chromium on the built bundle, the worker under the documented CSP: an outgoing
// image the fixture model flags gets `warn` with the child prompt, rendered by <safeseal-prompt>
// and operated by keyboard alone; a benign photo is allowed; the benign test card on the demo list
// (2-of-2 demo signers) is blocked with the test prompt; a truncated JPEG is blurred with reason
// `error`; nothing is fetched during the scans; and a scanner made without exposeDetails answers
// no detail call, not even a raw postMessage to its worker.

import { expect, test, type Page } from '@playwright/test';
import type { PromptDescriptor, Verdict } from '../../src/policy/types.js';
import { fixture } from '../helpers/classifier-assets.js';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
    workers: Worker[];
    choices: { option: string; kind: string; direction: string }[];
    showPrompt(d: PromptDescriptor): boolean;
    testPatternPng(): Promise<Blob>;
  }
}

const WASM = '/ort/ort-wasm-simd-threaded.wasm';

async function open(page: Page): Promise<string[]> {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto('/verdicts.html');
  await page.waitForFunction(() => window.harnessReady === true);
  return requests;
}

/** What has focus through shadow roots: a button's option id, or its confirm role. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const e = a as HTMLElement | null;
    return e?.dataset.option ?? (e?.dataset.confirm ? `confirm-${e.dataset.confirm}` : `${e?.tagName.toLowerCase()}`);
  });

test('verdicts for a flagged, a benign, a known and a broken image, with no request during the scans', async ({ page }) => {
  const requests = await open(page);
  const checker = fixture('checker.onnx');
  await page.evaluate(
    async ({ sha256, wasm }) => {
      const get = async (path: string) => (await fetch(path)).arrayBuffer();
      const scanner = await window.safeseal.createScanner({ model: '/fixtures/checker.onnx', modelSha256: sha256, wasm });
      const list = await get('/fixtures/lists/demo-test.ssl');
      const trust = JSON.parse(new TextDecoder().decode(await get('/fixtures/lists/demo-trust.json')));
      await scanner.loadList(list, { trust, allowDemoKeys: true });
      const jpeg = new Uint8Array(await get('/vectors/pdq/data/bridge-mods/aaa-orig.jpg'));
      const inputs = {
        pattern: await window.testPatternPng(),
        benign: new Blob([await get('/vectors/pdq/data/misc-images/wee.jpg')]),
        card: new Blob([jpeg]),
        truncated: new Blob([jpeg.subarray(0, jpeg.length >> 1)]),
      };
      (window as unknown as { ctx: unknown }).ctx = { scanner, inputs };
    },
    { sha256: checker.sha256, wasm: WASM },
  );
  const before = requests.length;
  const r = await page.evaluate(async () => {
    const { scanner, inputs } = (
      window as unknown as { ctx: { scanner: Awaited<ReturnType<typeof window.safeseal.createScanner>>; inputs: Record<string, Blob> } }
    ).ctx;
    const verdicts = {
      flagged: await scanner.scanImage(inputs.pattern, { direction: 'outgoing' }),
      benign: await scanner.scanImage(inputs.benign, { direction: 'incoming' }),
      card: await scanner.scanImage(inputs.card, { direction: 'incoming' }),
      truncated: await scanner.scanImage(inputs.truncated, { direction: 'incoming' }),
    };
    const details = await scanner.hashImage(inputs.benign).then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    );
    const classifier = scanner.classifier.state;
    await scanner.dispose();
    return { verdicts, details, classifier };
  });
  const during = requests.slice(before);
  const v = r.verdicts as Record<string, Verdict>;
  expect(r.classifier).toBe('ready');
  expect(v.flagged).toMatchObject({ action: 'warn', categories: ['sexual'], reasons: ['classifier'] });
  expect(v.flagged.prompt).toMatchObject({ kind: 'sensitive', audience: 'child', direction: 'outgoing', safeOption: 'dont-send' });
  expect(v.flagged.prompt!.options.map((o) => o.id)).toEqual(['dont-send', 'send-anyway', 'get-help']);
  expect(v.benign).toEqual({ scanId: expect.stringMatching(/^[0-9a-f]{32}$/), action: 'allow', categories: [], reasons: [] });
  expect(v.card).toMatchObject({ action: 'block', categories: ['test'], reasons: ['known-match'], prompt: { kind: 'test' } });
  expect(v.card.prompt!.options.map((o) => o.id)).not.toContain('view');
  expect(v.truncated).toMatchObject({ action: 'blur', categories: [], reasons: ['error'], error: 'CORRUPT_IMAGE', prompt: { kind: 'error' } });
  for (const verdict of Object.values(v)) {
    // Labels only: no score, hash, distance or list entry in any verdict.
    expect(Object.keys(verdict).every((k) => ['scanId', 'action', 'categories', 'reasons', 'error', 'prompt'].includes(k))).toBe(true);
    expect(JSON.stringify(verdict)).not.toMatch(/[0-9a-f]{64}|distance|score/);
  }
  expect(r.details).toBe('DETAILS_DISABLED');
  // The page and its worker fetched nothing while scanning; before, only same-origin assets.
  expect(during).toEqual([]);
  expect(requests.every((u) => new URL(u).origin === new URL(page.url()).origin)).toBe(true);

  // The child's outgoing prompt, rendered by <safeseal-prompt>, operated by keyboard alone.
  await page.evaluate((d) => window.showPrompt(d), v.flagged.prompt!);
  const dialog = page.locator('safeseal-prompt [role="alertdialog"]');
  await expect(dialog).toBeVisible();
  expect(await focused(page)).toBe('dont-send'); // the protective option first, with the focus
  while ((await focused(page)) !== 'send-anyway') await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // asks for one confirmation
  expect(await focused(page)).toBe('confirm-no');
  await page.keyboard.press('Enter'); // "go back"
  while ((await focused(page)) !== 'dont-send') await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => window.choices)).toEqual([{ option: 'dont-send', kind: 'sensitive', direction: 'outgoing' }]);
});

test('a scanner made without exposeDetails answers no detail call, even a raw postMessage to its worker', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const scanner = await window.safeseal.createScanner({ model: false });
    const worker = window.workers.at(-1)!;
    const bytes = await (await fetch('/vectors/pdq/data/misc-images/wee.jpg')).arrayBuffer();
    const ask = (id: string, method: string) =>
      new Promise<unknown>((resolve) => {
        const onMessage = (e: MessageEvent) => {
          if ((e.data as { id?: string })?.id !== id) return;
          worker.removeEventListener('message', onMessage);
          resolve(e.data);
        };
        worker.addEventListener('message', onMessage);
        worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: [{ type: 'RAW', value: { kind: 'encoded', bytes: bytes.slice(0) } }] });
      });
    const raw = {
      hash: await ask('raw-hash', 'hashImage'),
      classify: await ask('raw-classify', 'classifyImage'),
      match: await ask('raw-match', 'matchImage'),
    };
    const api = await scanner.hashImage(bytes).then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    );
    const verdict = await scanner.scanImage(bytes, { direction: 'incoming' });
    await scanner.dispose();
    return { raw, api, verdict };
  });
  for (const reply of Object.values(r.raw) as { type: string; value: { code: string } }[]) {
    expect(reply).toMatchObject({ type: 'HANDLER', value: { code: 'DETAILS_DISABLED' } });
  }
  expect(r.api).toBe('DETAILS_DISABLED');
  // model: false: the classifier cannot run for a child's image, so onError (blur) applies with NOT_READY, visibly.
  expect(r.verdict).toMatchObject({ action: 'blur', reasons: ['error'], error: 'NOT_READY' });
});
