// `npm run models:build`: converts the MobileNetV2 inside nsfwjs@4.4.0 to models/nsfw-mobilenetv2.onnx
// and writes models/manifest.json. Deterministic: the same nsfwjs gives the same bytes (a unit test
// rebuilds in memory and compares the sha256 with the manifest).

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kerasToOnnx } from './convert/keras-to-onnx.js';
import { loadNsfwjsMobileNetV2, SOURCE_MODEL, SOURCE_PACKAGE, SOURCE_VERSION } from './convert/keras-source.js';
import { GraphBuilder } from './convert/onnx-graph.js';
import type { WeightMode } from './convert/weights.js';

export const MODEL_FILE = 'nsfw-mobilenetv2.onnx';
export const LABELS = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
const HERE = dirname(fileURLToPath(import.meta.url));

/** The converted model's bytes. `float` gives the pre-folded float32 reference (not shipped). */
export function buildModel(mode: WeightMode = 'quantized'): Uint8Array {
  const source = loadNsfwjsMobileNetV2();
  const b = new GraphBuilder();
  const { input, output } = kerasToOnnx(source, b, mode);
  if (output.dims[1] !== LABELS.length) throw new Error(`expected ${LABELS.length} classes, got ${output.dims[1]}`);
  return b.encode('nsfwjs_mobilenet_v2', [input], [output], {
    producer: 'safeseal models/build.ts',
    doc: `${SOURCE_PACKAGE}@${SOURCE_VERSION} ${SOURCE_MODEL} (MIT, Infinite Red), converted to ONNX with ${mode} weights. Input: RGB / 255, bilinear 224×224 with align-corners, NCHW. Output: softmax over ${LABELS.join(', ')}.`,
    metadata: { source: `${SOURCE_PACKAGE}@${SOURCE_VERSION}/${SOURCE_MODEL}`, license: 'MIT', labels: LABELS.join(','), weights: mode },
  });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest that pins the model: what the runtime and auditors check. */
export function manifestFor(bytes: Uint8Array) {
  const source = loadNsfwjsMobileNetV2();
  return {
    file: MODEL_FILE,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    format: { type: 'onnx', irVersion: 7, opset: 13 },
    input: { name: 'input', shape: [1, 3, 224, 224], layout: 'NCHW', dtype: 'float32' },
    output: { name: 'probabilities', shape: [1, LABELS.length], dtype: 'float32', activation: 'softmax' },
    labels: [...LABELS],
    preprocessing: {
      channels: 'RGB (alpha dropped)',
      scale: '1/255',
      resize: { method: 'bilinear', size: [224, 224], alignCorners: true, equivalent: 'tf.image.resizeBilinear(x, [224, 224], true)' },
      normalisation: 'none',
    },
    weights:
      'uint8 as shipped by nsfwjs; dequantised in the graph (x × scale + min, float64 → float32) and BatchNorm folded by constant subgraphs that onnxruntime folds at session creation',
    source: {
      package: SOURCE_PACKAGE,
      version: SOURCE_VERSION,
      model: SOURCE_MODEL,
      files: source.files,
      license: 'MIT',
      copyright: 'Copyright (c) 2019 Infinite Red, Inc.',
    },
    converter: 'models/build.ts (safeseal)',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = buildModel();
  writeFileSync(join(HERE, MODEL_FILE), bytes);
  writeFileSync(join(HERE, 'manifest.json'), JSON.stringify(manifestFor(bytes), null, 2) + '\n');
  process.stdout.write(`models/${MODEL_FILE}: ${bytes.length} bytes, sha256 ${sha256Hex(bytes)}\n`);
}
