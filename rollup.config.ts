// Builds the four bundles users run — browser main entry, browser worker, Node entry, Node worker
// — the CLI, and bundled .d.ts. Browser bundles are self-contained ESM (comlink inlined) so they can
// be served as static files; Node bundles keep sharp and node: built-ins external.

import { nodeResolve } from '@rollup/plugin-node-resolve';
import { chmodSync } from 'node:fs';
import { builtinModules } from 'node:module';
import type { Plugin, RollupOptions } from 'rollup';
import dts from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

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
  { input: 'src/node/index.ts', file: 'dist/node/index.js', platform: 'node' },
  { input: 'src/node/worker.ts', file: 'dist/node/worker.js', platform: 'node' },
  { input: 'src/node/cli.ts', file: 'dist/node/cli.js', platform: 'node', banner: '#!/usr/bin/env node' },
];

/** Marks the CLI executable: `npx safeseal` runs the bin file directly. */
const executable = (file: string): Plugin => ({ name: 'executable', writeBundle: () => chmodSync(file, 0o755) });

const bundles: RollupOptions[] = targets.map(({ input, file, platform, banner }) => ({
  input,
  output: { file, format: 'es', sourcemap: true, ...(banner ? { banner } : {}) },
  external: platform === 'node' ? nodeExternal : [],
  plugins: [nodeResolve({ browser: platform === 'browser' }), esbuild({ target: 'es2022', minify: false }), ...(banner ? [executable(file)] : [])],
}));

const types: RollupOptions[] = [
  { input: 'src/index.ts', output: { file: 'dist/index.d.ts', format: 'es' }, plugins: [dts({ compilerOptions: { stripInternal: true } })] },
  { input: 'src/node/index.ts', output: { file: 'dist/node/index.d.ts', format: 'es' }, external: nodeExternal, plugins: [dts({ compilerOptions: { stripInternal: true } })] },
];

export default [...bundles, ...types];
