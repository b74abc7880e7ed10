// Global setup of the `dist` test project: fails before any test runs when a bundle is missing or
// older than a source it is built from, so tests of the built package never pass or fail on a
// stale build. `npm run test:dist` builds first; `npm test` builds once before unit and dist tests.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bundles rollup.config.ts writes (each build rewrites all of them). */
export const BUNDLES = ['dist/index.js', 'dist/worker.js', 'dist/node/index.js', 'dist/node/worker.js', 'dist/node/cli.js'];
const SOURCES = ['src', 'rollup.config.ts'];

function* files(path: string): Generator<string> {
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) yield* files(join(path, entry));
}

/**
 * Why the build under `root` is stale, or null when every bundle is newer than every source.
 * Compares modification times: a checkout or an edit touches the source, a build rewrites every bundle.
 */
export function staleBuild(root = ROOT): string | null {
  let oldest = { file: '', mtimeMs: Infinity };
  for (const bundle of BUNDLES) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(join(root, bundle)).mtimeMs;
    } catch {
      return `${bundle} is missing`;
    }
    if (mtimeMs < oldest.mtimeMs) oldest = { file: bundle, mtimeMs };
  }
  for (const source of SOURCES) {
    for (const file of files(join(root, source))) {
      if (statSync(file).mtimeMs > oldest.mtimeMs) return `${file.slice(root.length)} is newer than ${oldest.file}`;
    }
  }
  return null;
}

export default function setup(): void {
  const why = staleBuild();
  if (why) throw new Error(`The build in dist/ is stale (${why}): run \`npm run test:dist\`, which builds first, or \`npm run build\`.`);
}
