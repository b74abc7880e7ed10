// nsfwjs@4.4.0 itself, on TensorFlow.js's wasm backend (1 thread): the reference the parity tests
// and the benchmark compare the ONNX classifier with. Node only.

import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import * as nsfwjs from 'nsfwjs';
import type { Pixels } from '../../src/image/pixels.js';

export { tf };

/** Switches TensorFlow.js to its wasm backend, 1 thread, with the .wasm files from node_modules. */
export async function useTfjsWasm(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend did not start');
}

/** Loads tfjs-wasm (1 thread) and nsfwjs's MobileNetV2, as an app would. */
export async function loadNsfwjs(): Promise<nsfwjs.NSFWJS> {
  await useTfjsWasm();
  return nsfwjs.load('MobileNetV2');
}

/** nsfwjs's own preprocessing of decoded pixels (RGB), as `NSFWJS.infer` does it: [1, 224, 224, 3]. */
export function nsfwjsInput(pixels: Pixels): tf.Tensor4D {
  return tf.tidy(() => {
    const rgb = rgbOf(pixels);
    const img = tf.tensor3d(rgb, [pixels.height, pixels.width, 3], 'int32');
    const resized = tf.image.resizeBilinear(img.toFloat().div(tf.scalar(255)) as tf.Tensor3D, [224, 224], true);
    return resized.reshape([1, 224, 224, 3]) as tf.Tensor4D;
  });
}

async function read(out: tf.Tensor): Promise<Float32Array> {
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** nsfwjs's network on a [1, 224, 224, 3] tensor (no preprocessing): `model.model.predict`. */
export function nsfwjsProbabilities(model: nsfwjs.NSFWJS, input: tf.Tensor4D): Promise<Float32Array> {
  return read(model.model.predict(input) as tf.Tensor);
}

/** nsfwjs end to end on decoded pixels: `infer` on the [h, w, 3] image does toFloat, / 255, resize. */
export async function nsfwjsOnPixels(model: nsfwjs.NSFWJS, pixels: Pixels): Promise<Float32Array> {
  const img = tf.tensor3d(rgbOf(pixels), [pixels.height, pixels.width, 3], 'int32');
  try {
    return await read(model.infer(img));
  } finally {
    img.dispose();
  }
}

/** RGB samples of decoded pixels (grey replicated, alpha dropped), as tf.browser.fromPixels gives. */
export function rgbOf({ width, height, channels, data }: Pixels): Int32Array {
  const out = new Int32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = data[i * channels + (channels >= 3 ? c : 0)];
  }
  return out;
}

/** NHWC [1, 224, 224, 3] → NCHW, the ONNX model's layout. */
export function toNchw(nhwc: Float32Array, size = 224): Float32Array {
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = nhwc[i * 3 + c];
  return out;
}
