// bench:size — what the SDK adds to an app's download: main-thread JS, worker JS (onnxruntime-web's
// wasm-only bundle inside), onnxruntime's wasm and the model; raw and gzip -9, the JS also minified
// (as an app's bundler would ship it). Reads dist/ (run `npm run build` first).

import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { ORT_WASM_FILE } from '../src/classify/pins.js';
import { MODEL_PATH } from '../test/helpers/classifier-assets.js';

const require = createRequire(import.meta.url);

async function minified(file: string): Promise<Uint8Array> {
  const out = await build({ entryPoints: [file], bundle: false, minify: true, format: 'esm', write: false, logLevel: 'silent' });
  return out.outputFiles[0].contents;
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const gz = (b: Uint8Array): number => gzipSync(b, { level: 9 }).length;

const parts: { name: string; bytes: Uint8Array }[] = [
  { name: 'main-thread JS (dist/index.js, minified)', bytes: await minified('dist/index.js') },
  { name: 'worker JS (dist/worker.js, minified)', bytes: await minified('dist/worker.js') },
  { name: `onnxruntime wasm (${ORT_WASM_FILE})`, bytes: readFileSync(require.resolve(`onnxruntime-web/${ORT_WASM_FILE}`)) },
  { name: 'model (models/nsfw-mobilenetv2.onnx)', bytes: readFileSync(MODEL_PATH) },
];
console.log(
  `as built (unminified): dist/index.js ${kb(readFileSync('dist/index.js').length)}, dist/worker.js ${kb(readFileSync('dist/worker.js').length)}`,
);
let raw = 0;
let gzip = 0;
for (const { name, bytes } of parts) {
  raw += bytes.length;
  gzip += gz(bytes);
  console.log(`${name.padEnd(46)} ${kb(bytes.length).padStart(12)} raw ${kb(gz(bytes)).padStart(12)} gzip`);
}
console.log(`${'total'.padEnd(46)} ${kb(raw).padStart(12)} raw ${kb(gzip).padStart(12)} gzip`);
console.log(
  JSON.stringify({
    bench: 'size',
    raw_bytes: raw,
    gzip_bytes: gzip,
    parts: Object.fromEntries(parts.map((p) => [p.name, { raw: p.bytes.length, gzip: gz(p.bytes) }])),
  }),
);
