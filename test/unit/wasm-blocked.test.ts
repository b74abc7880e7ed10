// The engine with WebAssembly refused, as under a CSP without 'wasm-unsafe-eval' (staged here by
// making every compile / instantiate throw the way Chromium does; the real CSP is the Chromium
// test csp-no-wasm.spec.ts). Hashing compiles no wasm at all; lists (libsodium, loaded with the
// first one) and the classifier fail with typed errors naming 'wasm-unsafe-eval'. Its own file:
// the module-level caches of libsodium and of the wasm probe must start empty.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODEL_SHA256 } from '../../src/classify/pins.js';
import { readModel, readWasm } from '../helpers/classifier-assets.js';
import { vector } from '../helpers/bad-inputs.js';

const refused = () => {
  throw new WebAssembly.CompileError(
    "WebAssembly.compile(): Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source of script",
  );
};
let attempts = 0;

beforeAll(() => {
  for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming'] as const) {
    vi.spyOn(WebAssembly, name).mockImplementation(async () => {
      attempts++;
      return refused();
    });
  }
  vi.spyOn(WebAssembly, 'Module').mockImplementation(() => {
    attempts++;
    return refused();
  });
});
afterAll(() => vi.restoreAllMocks());

describe('engine without WebAssembly', () => {
  it('hashes without compiling any wasm; lists and the classifier fail naming wasm-unsafe-eval', async () => {
    const { Engine } = await import('../../src/engine/engine.js');
    const { nodeDecoder } = await import('../../src/node/decode.js');
    const engine = await Engine.create({ maxPixels: 50_000_000, exposeDetails: true }, nodeDecoder);
    const wee = vector('pdq/data/misc-images/wee.jpg');
    const r = await engine.hashImage({ kind: 'encoded', bytes: wee.slice().buffer });
    expect(r.pdq).toBe('6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d');
    expect(attempts).toBe(0); // start-up and hashing never touched WebAssembly

    const list = engine.loadList(new Uint8Array(64).buffer, { trust: { signers: [] } });
    await expect(list).rejects.toMatchObject({ code: 'SELF_TEST', message: expect.stringContaining("'wasm-unsafe-eval'") });
    expect(attempts).toBeGreaterThan(0);

    const status = await engine.enableClassifier({ model: readModel().slice().buffer, wasm: readWasm().slice().buffer, modelSha256: MODEL_SHA256 });
    expect(status).toMatchObject({ state: 'failed', code: 'MODEL_LOAD', message: expect.stringContaining("'wasm-unsafe-eval'") });
    await expect(engine.classifyImage({ kind: 'encoded', bytes: wee.slice().buffer })).rejects.toMatchObject({ code: 'MODEL_LOAD' });
    expect((await engine.hashImage({ kind: 'encoded', bytes: wee.slice().buffer })).pdq).toBe(r.pdq); // still hashing
  });
});
