// The committed model is exactly what `npm run models:build` makes from nsfwjs@4.4.0, within the
// size budget, and every pin agrees: manifest, src/classify/pins.ts, the installed onnxruntime-web.
// The fixture models are exactly what test/fixtures/make-models.ts makes.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, manifestFor } from '../../models/build.js';
import { ORT_VERSION, MODEL_SHA256, ORT_WASM_SHA256, LABELS, INPUT_NAME, OUTPUT_NAME, INPUT_SIZE } from '../../src/classify/pins.js';
import { fixtureManifest, fixtureModels } from '../fixtures/make-models.js';
import { FIXTURES, MODEL_PATH, readModel, readWasm } from '../helpers/classifier-assets.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const root = join(FIXTURES, '../..');

describe('models/nsfw-mobilenetv2.onnx', () => {
  const committed = readModel();
  const manifest = JSON.parse(readFileSync(join(MODEL_PATH, '../manifest.json'), 'utf8'));

  it('rebuilds to the same bytes and manifest', () => {
    const rebuilt = buildModel();
    expect(sha256(rebuilt)).toBe(manifest.sha256);
    expect(sha256(committed)).toBe(manifest.sha256);
    expect(manifestFor(rebuilt)).toEqual(manifest);
  });

  it('is at most 3 MB and keeps the uint8 weights', () => {
    expect(committed.length).toBe(manifest.bytes);
    expect(committed.length).toBeLessThanOrEqual(3_000_000);
    expect(buildModel('float').length).toBeGreaterThan(3 * committed.length); // what float32 would cost
  });

  it('is the model the runtime pins, with the contract the runtime expects', () => {
    expect(MODEL_SHA256).toBe(manifest.sha256);
    expect(manifest.labels).toEqual([...LABELS]);
    expect(manifest.input).toMatchObject({ name: INPUT_NAME, shape: [1, 3, INPUT_SIZE, INPUT_SIZE], layout: 'NCHW' });
    expect(manifest.output).toMatchObject({ name: OUTPUT_NAME, shape: [1, LABELS.length] });
    expect(manifest.source).toMatchObject({ package: 'nsfwjs', version: '4.4.0', license: 'MIT' });
  });
});

describe('onnxruntime-web pin', () => {
  it('matches the installed, exactly pinned onnxruntime-web and its wasm', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    // Bundled into dist/ at build time: a devDependency, never one an app installs.
    expect(pkg.devDependencies['onnxruntime-web']).toBe(ORT_VERSION);
    expect(pkg.dependencies['onnxruntime-web']).toBeUndefined();
    const installed = JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-web/package.json'), 'utf8'));
    expect(installed.version).toBe(ORT_VERSION);
    expect(sha256(readWasm())).toBe(ORT_WASM_SHA256);
  });
});

describe('test/fixtures models', () => {
  it('are exactly what make-models.ts generates', () => {
    const fixtures = fixtureModels();
    for (const f of fixtures) expect(sha256(readFileSync(join(FIXTURES, f.file))), f.file).toBe(sha256(f.bytes));
    expect(JSON.parse(readFileSync(join(FIXTURES, 'models.json'), 'utf8'))).toEqual(fixtureManifest(fixtures));
  });
});
