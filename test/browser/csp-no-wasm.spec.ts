// Chromium under a Content-Security-Policy without 'wasm-unsafe-eval' (page and worker, served
// under /nowasm/): WebAssembly cannot be compiled there at all. Hash-only use must still work —
// it needs no wasm — while the classifier and hash lists, which do, fail with typed errors
// (MODEL_LOAD, SELF_TEST) whose messages name the missing 'wasm-unsafe-eval'.

import { expect, test } from '@playwright/test';

declare global {
  interface Window {
    safeseal: typeof import('../../dist/index.js');
    harnessReady: boolean;
  }
}

const WEE_PDQ = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';

test('without wasm-unsafe-eval: hashing works, classifier and lists fail naming it', async ({ page }) => {
  const response = await page.goto('/nowasm/index.html');
  expect(response!.headers()['content-security-policy']).not.toContain('wasm-unsafe-eval');
  await page.waitForFunction(() => window.harnessReady === true);
  const result = await page.evaluate(async () => {
    const get = async (path: string) => (await fetch(path)).arrayBuffer();
    const describe = (e: unknown) => ({ code: (e as { code?: string }).code, message: String((e as Error).message) });
    // Control: the page itself cannot compile wasm.
    const pageWasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
      () => 'compiled',
      (e: Error) => e.name,
    );

    const hashOnly = await window.safeseal.createScanner({ model: false, exposeDetails: true });
    const hash = await hashOnly.hashImage(await get('/vectors/pdq/data/misc-images/wee.jpg'));
    const list = await get('/fixtures/lists/demo-test.ssl');
    const trust = JSON.parse(new TextDecoder().decode(await get('/fixtures/lists/demo-trust.json')));
    const listError = await hashOnly.loadList(list, { trust, allowDemoKeys: true }).then(() => null, describe);
    const hashAfter = (await hashOnly.hashImage(await get('/vectors/pdq/data/misc-images/wee.jpg'))).pdq;
    await hashOnly.dispose();

    const withModel = await window.safeseal.createScanner({
      exposeDetails: true,
      model: '/models/nsfw-mobilenetv2.onnx',
      wasm: '/ort/ort-wasm-simd-threaded.wasm',
    });
    await withModel.status(); // waits for the classifier, which loads after createScanner resolves
    const status = withModel.classifier;
    const classifyError = await withModel.classifyImage(await get('/vectors/pdq/data/misc-images/wee.jpg')).then(() => null, describe);
    const hashWithModel = (await withModel.hashImage(await get('/vectors/pdq/data/misc-images/wee.jpg'))).pdq;
    await withModel.dispose();
    return { pageWasm, hash: hash.pdq, listError, hashAfter, status, classifyError, hashWithModel };
  });
  expect(result.pageWasm).toBe('CompileError');
  expect(result.hash).toBe(WEE_PDQ);
  expect(result.hashAfter).toBe(WEE_PDQ);
  expect(result.listError?.code).toBe('SELF_TEST');
  expect(result.listError?.message).toContain("'wasm-unsafe-eval'");
  expect(result.status).toMatchObject({ state: 'failed', code: 'MODEL_LOAD' });
  expect((result.status as { message: string }).message).toContain("'wasm-unsafe-eval'");
  expect(result.classifyError?.code).toBe('MODEL_LOAD');
  expect(result.classifyError?.message).toContain("'wasm-unsafe-eval'");
  expect(result.hashWithModel).toBe(WEE_PDQ);
});
