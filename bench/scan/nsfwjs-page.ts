// bench:scan's peer, bundled for the browser: nsfwjs@4.4.0 on TensorFlow.js's wasm backend (1
// thread), the way an app uses it: createImageBitmap(blob) → model.classify(bitmap).

import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as nsfwjs from 'nsfwjs';

declare global {
  interface Window {
    runNsfwjs(imageUrl: string, runs: number, warmup: number): Promise<number[]>;
  }
}

window.runNsfwjs = async (imageUrl, runs, warmup) => {
  setWasmPaths('/tfjs/');
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend did not start');
  const model = await nsfwjs.load('MobileNetV2');
  const blob = await (await fetch(imageUrl)).blob();
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const bitmap = await createImageBitmap(blob);
    await model.classify(bitmap as unknown as HTMLCanvasElement); // tfjs's fromPixels takes ImageBitmap too
    bitmap.close();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  return times;
};
