// The classifier's real assets for Node tests: the committed model and onnxruntime-web's wasm, and
// the fixture models with their sha256 (test/fixtures/models.json, made by make-models.ts).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MODEL_PATH = join(ROOT, 'models/nsfw-mobilenetv2.onnx');
export const WASM_PATH = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
export const FIXTURES = join(ROOT, 'test/fixtures');

export const readModel = (): Uint8Array => new Uint8Array(readFileSync(MODEL_PATH));
export const readWasm = (): Uint8Array => new Uint8Array(readFileSync(WASM_PATH));

export type FixtureName = 'checker.onnx' | 'checker-flipped.onnx' | 'not-onnx.onnx' | 'three-classes.onnx';

/** A fixture model's bytes and the sha256 its manifest pins. */
export function fixture(name: FixtureName): { bytes: Uint8Array; sha256: string; path: string } {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'models.json'), 'utf8')) as Record<string, { sha256: string }>;
  const path = join(FIXTURES, name);
  return { bytes: new Uint8Array(readFileSync(path)), sha256: manifest[name].sha256, path };
}

/** The magenta/green checkerboard the fixture model flags, as RGBA ImageData-like pixels. */
export function testPattern(width = 96, height = 64, cell = 8): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const magenta = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0;
      data.set(magenta ? [255, 0, 255, 255] : [0, 255, 0, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}
