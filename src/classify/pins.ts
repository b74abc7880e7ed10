// What the classifier is pinned to: the shipped model's sha256 (from models/manifest.json), the
// onnxruntime-web wasm binary's sha256, and the model's input/output contract. A unit test checks
// these against models/manifest.json and node_modules, so a rebuild or an upgrade cannot drift.

/** The shipped model's file name: models/ in the repo, dist/assets/ in the package. */
export const MODEL_FILE = 'nsfw-mobilenetv2.onnx';

/** sha256 of models/nsfw-mobilenetv2.onnx (nsfwjs@4.4.0 MobileNetV2, converted by models/build.ts). */
export const MODEL_SHA256 = 'fb19178de60e88ffb5815a8b44512dfedb641a7c454dda7486b8c13f01e742d0';

/** The onnxruntime-web version the worker bundle is built with (package.json pins it exactly). */
export const ORT_VERSION = '1.30.0';

/** The onnxruntime-web wasm binary the worker accepts: the smallest build that runs the model. */
export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.wasm';

/** sha256 of onnxruntime-web@1.30.0's dist/ort-wasm-simd-threaded.wasm. */
export const ORT_WASM_SHA256 = '3398c10d07d229bd91b364548e130e0e51a8e5704b88c7c083ebbeb78842dee2';

/** Model contract: NCHW float32 RGB in [0, 1], 224 × 224; softmax over these labels, in this order. */
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'probabilities';
export const INPUT_SIZE = 224;
export const LABELS = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;

export type Label = (typeof LABELS)[number];

/**
 * sha256 of the graph optimise.ts builds from the shipped model in the worker (float32 weights,
 * fused nodes; 10.3 MB, never downloaded). Not checked at run time — the input is pinned and the
 * build is deterministic; a unit test rebuilds it and compares, so the build cannot drift unseen.
 */
export const OPTIMISED_MODEL_SHA256 = 'e7483544d5ebd3ea7207a1c46ac8d16d3c5cf59b7b37be8d040d1a10debd56b9';
