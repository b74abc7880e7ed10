// Reads the MobileNetV2 that ships inside the npm package nsfwjs@4.4.0: its Keras layers topology
// and its uint8-quantised weights, exactly as nsfwjs loads them (browserify bundles holding the
// model JSON and a base64 weight shard).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SOURCE_PACKAGE = 'nsfwjs';
export const SOURCE_VERSION = '4.4.0';
export const SOURCE_MODEL = 'MobileNetV2';

/** One Keras layer as in the topology JSON. */
export interface KerasLayer {
  readonly name: string;
  readonly class_name: string;
  readonly config: Record<string, unknown>;
  /** [[[inboundLayerName, nodeIndex, tensorIndex, kwargs], ...]] */
  readonly inbound_nodes: readonly (readonly (readonly [string, number, number, unknown])[])[];
}

/** A weight as stored: uint8 values and the affine map nsfwjs applies (value × scale + min). */
export interface QuantizedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Uint8Array;
  readonly scale: number;
  readonly min: number;
}

export interface KerasModel {
  readonly layers: readonly KerasLayer[];
  readonly inputLayers: readonly string[];
  readonly outputLayers: readonly string[];
  readonly weights: ReadonlyMap<string, QuantizedWeight>;
  /** The files read, relative to the package, with their sizes in bytes. */
  readonly files: readonly { path: string; bytes: number }[];
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale: number; min: number };
}

/** Loads the model from the installed nsfwjs package; refuses any other version. */
export function loadNsfwjsMobileNetV2(): KerasModel {
  const require = createRequire(import.meta.url);
  // nsfwjs exports no ./package.json; its CommonJS main is dist/cjs/index.js.
  const pkgDir = join(dirname(require.resolve(SOURCE_PACKAGE)), '../..');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  if (pkg.version !== SOURCE_VERSION) throw new Error(`expected ${SOURCE_PACKAGE}@${SOURCE_VERSION}, found ${pkg.version}`);
  const modelFile = 'dist/models/mobilenet_v2/model.min.js';
  const shardFile = 'dist/models/mobilenet_v2/group1-shard1of1.min.js';
  const json = require(join(pkgDir, modelFile)) as {
    modelTopology: { model_config: { config: { layers: KerasLayer[]; input_layers: [string][]; output_layers: [string][] } } };
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  const shard = require(join(pkgDir, shardFile)) as string;
  if (typeof shard !== 'string') throw new Error(`${shardFile} does not export a base64 string`);
  const data = new Uint8Array(Buffer.from(shard, 'base64'));

  const weights = new Map<string, QuantizedWeight>();
  let offset = 0;
  for (const group of json.weightsManifest) {
    if (group.paths.length !== 1 || group.paths[0] !== 'group1-shard1of1') throw new Error('unexpected weight shards');
    for (const spec of group.weights) {
      const q = spec.quantization;
      if (spec.dtype !== 'float32' || !q || q.dtype !== 'uint8') throw new Error(`${spec.name}: expected uint8-quantised float32`);
      const count = spec.shape.reduce((a, b) => a * b, 1);
      if (offset + count > data.length) throw new Error(`${spec.name}: weight data is truncated`);
      weights.set(spec.name, { name: spec.name, shape: spec.shape, values: data.slice(offset, offset + count), scale: q.scale, min: q.min });
      offset += count;
    }
  }
  if (offset !== data.length) throw new Error(`weight shard has ${data.length - offset} bytes left over`);
  const config = json.modelTopology.model_config.config;
  return {
    layers: config.layers,
    inputLayers: config.input_layers.map((l) => l[0]),
    outputLayers: config.output_layers.map((l) => l[0]),
    weights,
    files: [modelFile, shardFile].map((path) => ({ path, bytes: readFileSync(join(pkgDir, path)).length })),
  };
}
