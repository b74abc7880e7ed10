// TEST ONLY: builds the hostile-module worker bundles for test/browser/egress.spec.ts into
// test/browser/.build/. A separate config, so `npm run build` (rollup.config.ts) and the shipped
// dist/ never contain them: `rollup -c rollup.test.config.ts --configPlugin esbuild`.

import { nodeResolve } from '@rollup/plugin-node-resolve';
import type { RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const entries = ['locked-worker', 'canary-worker'];

export default entries.map((name): RollupOptions => ({
  input: `test/browser/hostile/${name}.ts`,
  output: { file: `test/browser/.build/${name}.js`, format: 'es', sourcemap: false },
  plugins: [nodeResolve({ browser: true }), esbuild({ target: 'es2022', minify: false })],
}));
