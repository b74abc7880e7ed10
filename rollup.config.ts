// Builds the four bundles users run — browser main entry, browser worker, Node entry, Node worker
// — the CLI, and bundled .d.ts. Browser bundles are self-contained ESM (comlink inlined) so they can
// be served as static files; Node bundles keep sharp and node: built-ins external. The classifier's
// assets (the pinned onnxruntime wasm and the model) are copied to dist/assets/, checked against their pins.

import { nodeResolve } from '@rollup/plugin-node-resolve';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import type { Plugin, RollupOptions } from 'rollup';
import dts from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';
import { MODEL_FILE, MODEL_SHA256, ORT_WASM_FILE, ORT_WASM_SHA256 } from './src/classify/pins.js';

// onnxruntime-node: an optional peer dependency, loaded by dynamic import when the app installed it.
const nodeExternal = (id: string): boolean => id === 'sharp' || id === 'onnxruntime-node' || id.startsWith('node:') || builtinModules.includes(id);

interface Target {
  input: string;
  file: string;
  platform: 'browser' | 'node';
  banner?: string;
}

const targets: Target[] = [
  { input: 'src/index.ts', file: 'dist/index.js', platform: 'browser' },
  { input: 'src/worker/browser.ts', file: 'dist/worker.js', platform: 'browser' },
  { input: 'src/ui/prompt.ts', file: 'dist/prompt.js', platform: 'browser' },
  { input: 'src/node/index.ts', file: 'dist/node/index.js', platform: 'node' },
  { input: 'src/node/worker.ts', file: 'dist/node/worker.js', platform: 'node' },
];

/** Marks the CLI executable: `npx safeseal` runs the bin file directly. */
const executable = (file: string): Plugin => ({ name: 'executable', writeBundle: () => chmodSync(file, 0o755) });

/**
 * Emits the model and onnxruntime's wasm as dist/assets/*, where both entries look for them by
 * default. A file that does not match its pin fails the build rather than ship an unloadable asset.
 */
const classifierAssets = (): Plugin => ({
  name: 'classifier-assets',
  generateBundle() {
    const assets = [
      { fileName: MODEL_FILE, path: `models/${MODEL_FILE}`, sha256: MODEL_SHA256 },
      { fileName: ORT_WASM_FILE, path: createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_WASM_FILE}`), sha256: ORT_WASM_SHA256 },
    ];
    for (const { fileName, path, sha256 } of assets) {
      const source = readFileSync(path);
      const actual = createHash('sha256').update(source).digest('hex');
      if (actual !== sha256) this.error(`${path} has sha256 ${actual}, but src/classify/pins.ts pins ${sha256}`);
      this.emitFile({ type: 'asset', fileName: `assets/${fileName}`, source });
    }
  },
});

const bundles: RollupOptions[] = targets.map(({ input, file, platform, banner }) => ({
  input,
  // 'hidden': maps for debugging here, but no sourceMappingURL comment, since the package leaves the
  // maps out (they would cost 3.5 MB of every install) and tools warn about a map they cannot find.
  output: { file, format: 'es', sourcemap: 'hidden', ...(banner ? { banner } : {}) },
  external: platform === 'node' ? nodeExternal : [],
  plugins: [
    nodeResolve({ browser: platform === 'browser' }),
    esbuild({ target: 'es2022', minify: false }),
    ...(banner ? [executable(file)] : []),
    ...(file === 'dist/index.js' ? [classifierAssets()] : []),
  ],
}));

/**
 * The entries for the other parties — platforms (`safeseal/franking`) and reporting authorities
 * (`safeseal/authority`, which `safeseal report open` runs too) — and the CLI, built together so
 * that they share one copy of libsodium (dist/chunks/): three inlined copies would cost an app
 * 0.8 MB of node_modules. Plain ESM that runs in browsers and Node alike.
 */
const parties: RollupOptions = {
  input: { franking: 'src/franking/index.ts', authority: 'src/authority/index.ts', 'node/cli': 'src/node/cli.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: 'hidden',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/shared-[hash].js',
    banner: (chunk) => (chunk.name === 'node/cli' ? '#!/usr/bin/env node' : ''),
  },
  external: nodeExternal,
  plugins: [nodeResolve({ browser: true }), esbuild({ target: 'es2022', minify: false }), executable('dist/node/cli.js')],
};

const types: RollupOptions[] = [
  { input: 'src/index.ts', output: { file: 'dist/index.d.ts', format: 'es' }, plugins: [dts({ compilerOptions: { stripInternal: true } })] },
  { input: 'src/ui/prompt.ts', output: { file: 'dist/prompt.d.ts', format: 'es' }, plugins: [dts({ compilerOptions: { stripInternal: true } })] },
  {
    input: 'src/node/index.ts',
    output: { file: 'dist/node/index.d.ts', format: 'es' },
    external: nodeExternal,
    plugins: [dts({ compilerOptions: { stripInternal: true } })],
  },
  {
    input: 'src/franking/index.ts',
    output: { file: 'dist/franking.d.ts', format: 'es' },
    plugins: [dts({ compilerOptions: { stripInternal: true } })],
  },
  {
    input: 'src/authority/index.ts',
    output: { file: 'dist/authority.d.ts', format: 'es' },
    plugins: [dts({ compilerOptions: { stripInternal: true } })],
  },
];

export default [...bundles, parties, ...types];
