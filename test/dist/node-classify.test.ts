// classifyImage through the built Node entry (dist/node, a real worker thread): the shipped model (the default) on
// benign photos, the fixture model on the test pattern, and every way the assets can be wrong —
// each a typed error with the scanner still hashing afterwards.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScanner,
  MODEL_SHA256,
  ORT_WASM_FILE,
  ORT_WASM_SHA256,
  SafesealError,
  type LoadProgress,
  type Scanner,
} from '../../dist/node/index.js';
import { threadsFor } from '../../src/classify/runtime.js';
import { inspectImage } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';
import { badInputs, vector } from '../helpers/bad-inputs.js';
import { fixture, readModel, readWasm, testPattern } from '../helpers/classifier-assets.js';

const WEE = 'pdq/data/misc-images/wee.jpg';
const WEE_PDQ = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';
const top1 = (s: Record<string, number>): string => Object.entries(s).sort((a, b) => b[1] - a[1])[0][0];

async function expectStillHashes(scanner: Scanner): Promise<void> {
  expect((await scanner.hashImage(vector(WEE))).pdq).toBe(WEE_PDQ);
}

describe('Node scanner with the shipped model (the default: no model option)', () => {
  let scanner: Scanner;
  const progress: LoadProgress[] = [];
  let atStart: string;
  beforeAll(async () => {
    scanner = await createScanner({ exposeDetails: true, onProgress: (p) => progress.push(p) });
    atStart = scanner.classifier.state;
    await scanner.status(); // waits for the classifier, which loads after createScanner resolves
  }, 60_000);
  afterAll(() => scanner.dispose());

  it('loads the pinned model on onnxruntime-node (installed here), reporting progress for both assets, then the worker stages', async () => {
    expect(atStart).toBe('loading'); // createScanner did not wait for the model
    expect((await scanner.status()).model).toBe(MODEL_SHA256);
    expect(scanner.classifier).toEqual({
      state: 'ready',
      model: MODEL_SHA256,
      threads: threadsFor(availableParallelism()),
      runtime: 'onnxruntime-node',
    });
    const downloads = progress.flatMap((p) => (p.stage === 'download' ? [p] : []));
    expect(downloads.map((p) => p.asset).sort()).toEqual(['model', 'wasm']);
    for (const p of downloads) expect(p.loadedBytes).toBe(p.totalBytes);
    expect(progress.slice(downloads.length).map((p) => p.stage)).toEqual(['model', 'compile', 'warmup', 'ready']);
  });

  it('scores benign photos as neutral or drawing, for files and pixels alike', async () => {
    for (const file of [
      'pdq/data/reg-test-input/labelme-subset/q0003.jpg',
      'pdq/data/reg-test-input/pen-and-coaster.png',
      'pdq/data/bridge-mods/aaa-orig.jpg',
    ]) {
      const r = await scanner.classifyImage(vector(file));
      expect(['neutral', 'drawing'], file).toContain(top1({ ...r.scores }));
      expect(r.model).toBe(MODEL_SHA256);
      const sum = Object.values(r.scores).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
      expect(r.sexual).toBeCloseTo(r.scores.porn + r.scores.hentai, 12);
    }
    const bytes = vector(WEE);
    const decoded = await nodeDecoder.decode(bytes.slice(), inspectImage(bytes)); // what the worker decodes
    const rgba = new Uint8ClampedArray(decoded.width * decoded.height * 4).fill(255);
    for (let i = 0; i < decoded.width * decoded.height; i++) for (let c = 0; c < 3; c++) rgba[i * 4 + c] = decoded.data[i * decoded.channels + c];
    const fromPixels = await scanner.classifyImage({ width: decoded.width, height: decoded.height, data: rgba });
    const fromFile = await scanner.classifyImage(vector(WEE));
    for (const k of Object.keys(fromFile.scores) as (keyof typeof fromFile.scores)[]) expect(fromPixels.scores[k]).toBeCloseTo(fromFile.scores[k], 6);
  });

  it('scans with it: a benign photo is allowed for a child, in both directions', async () => {
    for (const direction of ['incoming', 'outgoing'] as const) {
      expect(await scanner.scanImage(vector('pdq/data/bridge-mods/aaa-orig.jpg'), { direction }), direction).toMatchObject({
        action: 'allow',
        reasons: [],
      });
    }
  });

  it('gives bad images their typed errors and keeps working', async () => {
    for (const bad of badInputs()) {
      await expect(scanner.classifyImage(bad.bytes), bad.name).rejects.toMatchObject({ code: bad.code });
    }
    await expect(scanner.classifyImage('wee.jpg' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expectStillHashes(scanner);
  });
});

describe('Node scanner with the fixture model', () => {
  it('flags the test pattern (file and pixels) and nothing else', async () => {
    const { bytes, sha256 } = fixture('checker.onnx');
    const scanner = await createScanner({ exposeDetails: true, model: bytes, modelSha256: sha256 });
    try {
      await scanner.status();
      expect(scanner.classifier).toMatchObject({ state: 'ready', model: sha256 });
      const pattern = testPattern();
      const png = await sharp(Buffer.from(pattern.data), { raw: { width: pattern.width, height: pattern.height, channels: 4 } })
        .png()
        .toBuffer();
      for (const input of [pattern, png]) {
        const r = await scanner.classifyImage(input);
        expect(r.scores.porn).toBeGreaterThan(0.99);
        expect(r.sexual).toBeGreaterThan(0.99);
      }
      for (const file of [WEE, 'pdq/data/misc-images/c.png', 'pdq/data/bridge-mods/aaa-orig.jpg']) {
        expect((await scanner.classifyImage(vector(file))).scores.neutral, file).toBeGreaterThan(0.99);
      }
    } finally {
      await scanner.dispose();
    }
  });
});

describe('assets that fail closed', () => {
  const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const tempDirs: string[] = [];
  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  const tamperedWasmPath = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'safeseal-wasm-'));
    tempDirs.push(dir);
    writeFileSync(join(dir, ORT_WASM_FILE), flip(readWasm()));
    return join(dir, ORT_WASM_FILE);
  };
  // `mentions`: what the message must name — the asset's source (URL or "bytes"), expected and actual sha256.
  const cases: { name: string; options: () => Parameters<typeof createScanner>[0]; code: string; mentions: () => string[] }[] = [
    {
      name: 'a flipped bit in the model',
      options: () => ({ model: fixture('checker-flipped.onnx').bytes, modelSha256: fixture('checker.onnx').sha256 }),
      code: 'MODEL_INTEGRITY',
      mentions: () => ['bytes passed by the app', fixture('checker.onnx').sha256, sha(fixture('checker-flipped.onnx').bytes)],
    },
    {
      name: 'a flipped bit in the shipped model',
      options: () => ({ model: flip(readModel()) }),
      code: 'MODEL_INTEGRITY',
      mentions: () => [MODEL_SHA256, sha(flip(readModel()))],
    },
    {
      name: 'a tampered wasm',
      options: () => ({ model: true, wasm: flip(readWasm()) }),
      code: 'MODEL_INTEGRITY',
      mentions: () => [ORT_WASM_SHA256, sha(flip(readWasm()))],
    },
    {
      name: 'a tampered wasm file',
      options: () => ({ model: true, wasm: tamperedWasmPath() }),
      code: 'MODEL_INTEGRITY',
      mentions: () => ['file:///', `/${ORT_WASM_FILE} has sha256 ${sha(flip(readWasm()))}, expected ${ORT_WASM_SHA256}`],
    },
    {
      name: 'a model that matches its manifest but is not ONNX',
      options: () => ({ model: fixture('not-onnx.onnx').path, modelSha256: fixture('not-onnx.onnx').sha256 }),
      code: 'MODEL_LOAD',
      mentions: () => [pathToFileURL(fixture('not-onnx.onnx').path).href],
    },
    {
      name: 'a model with the wrong output contract',
      options: () => ({ model: fixture('three-classes.onnx').bytes, modelSha256: fixture('three-classes.onnx').sha256 }),
      code: 'MODEL_LOAD',
      mentions: () => ['model: bytes passed by the app'],
    },
    {
      name: 'a model file that does not exist',
      options: () => ({ model: '/nonexistent/model.onnx' }),
      code: 'MODEL_LOAD',
      mentions: () => ['file:///nonexistent/model.onnx'],
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code} naming the asset, scanImage hands it to onError, and the scanner still hashes`, async () => {
      const scanner = await createScanner({ exposeDetails: true, ...c.options() });
      try {
        expect((await scanner.status()).model).toBeNull(); // waits for the classifier to settle
        expect(scanner.classifier).toMatchObject({ state: 'failed', code: c.code });
        expect(await scanner.scanImage(vector(WEE), { direction: 'incoming' })).toMatchObject({
          action: 'blur',
          reasons: ['error'],
          error: c.code,
          prompt: { kind: 'error' },
        });
        const err = await scanner.classifyImage(vector(WEE)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SafesealError);
        expect((err as SafesealError).code).toBe(c.code);
        for (const text of c.mentions()) {
          expect((scanner.classifier as { message: string }).message).toContain(text);
          expect((err as SafesealError).message).toContain(text);
        }
        await expectStillHashes(scanner);
      } finally {
        await scanner.dispose();
      }
    });
  }

  it('model: false → no classifier: NOT_READY (classifyImage, and scanImage through onError), and hashing works', async () => {
    const scanner = await createScanner({ exposeDetails: true, model: false, policy: { onError: 'warn' } });
    try {
      expect(scanner.classifier).toEqual({ state: 'off' });
      await expect(scanner.classifyImage(vector(WEE))).rejects.toMatchObject({ code: 'NOT_READY' });
      expect(await scanner.scanImage(vector(WEE), { direction: 'incoming' })).toMatchObject({
        action: 'warn',
        reasons: ['error'],
        error: 'NOT_READY',
      });
      await expectStillHashes(scanner);
    } finally {
      await scanner.dispose();
    }
  });

  it('refuses malformed classifier options with INVALID_ARGUMENT', async () => {
    for (const options of [
      { modelSha256: 'abc' },
      { modelSha256: 'F'.repeat(64) },
      { onProgress: 'yes' },
      { model: 42 },
      { model: '' },
      { wasm: {} },
      { model: false, wasm: new Uint8Array(8) },
    ]) {
      await expect(createScanner(options as never), JSON.stringify(options).slice(0, 60)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});

function flip(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  out[out.length >> 1] ^= 0x80;
  return out;
}
