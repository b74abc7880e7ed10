// The main-thread bundle (dist/index.js) holds neither onnxruntime-web nor libsodium: both stay in
// the worker bundle, so an app that only hashes loads no wasm runtime on its main thread. The
// dependency rule `main-thread-no-wasm` checks the sources; this checks what rollup actually wrote,
// by the bundle's source map and by code markers of each package. Each check is first shown to find
// the package in dist/worker.js, which does contain both, so it cannot pass by finding nothing.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string): string => readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
const sourcesOf = (file: string): string[] => (JSON.parse(read(`${file}.map`)) as { sources: string[] }).sources;

/** Per package: how its files show in a source map, and code that only it brings into a bundle. */
const PACKAGES = {
  'onnxruntime-web': {
    source: /node_modules\/onnxruntime-(web|common)\//,
    code: [/\bInferenceSession\b/, /createInferenceSessionHandler/, /["']onnxruntime-web(\/[\w.-]+)?["']/],
  },
  libsodium: {
    source: /node_modules\/libsodium(-wrappers)?(-sumo)?\//,
    code: [/\b_?sodium_init\b/, /\b_?crypto_sign_\w+/, /\b_?crypto_box_seal\w*/, /["']libsodium(-wrappers)?(-sumo)?["']/],
  },
};

const found = (file: string, pkg: keyof typeof PACKAGES): string[] => {
  const { source, code } = PACKAGES[pkg];
  const text = read(file);
  return [...sourcesOf(file).filter((s) => source.test(s)), ...code.filter((c) => c.test(text)).map(String)];
};

describe('what the built bundles contain', () => {
  for (const pkg of Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]) {
    it(`the markers of ${pkg} find it in dist/worker.js`, () => {
      const hits = found('worker.js', pkg);
      expect(hits.some((h) => h.includes('node_modules'))).toBe(true);
      expect(hits.filter((h) => !h.includes('node_modules')).length).toBeGreaterThan(0);
    });

    it(`dist/index.js (the main thread) has no trace of ${pkg}`, () => {
      expect(found('index.js', pkg)).toEqual([]);
    });
  }
});
