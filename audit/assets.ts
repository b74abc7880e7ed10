// The fixed list of URLs the messenger may GET (audit kind `asset`): the pages, the bundled app,
// the SDK's dist/ as the relay serves it under /sdk/, and the demo content. Fixed before the run:
// an asset URL can never depend on what a scan found. Paths are exact (query included).

import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The pages and the demo content, as demo/PROTOCOL.md lists them. */
export const FIXED_ASSET_PATHS = [
  '/',
  '/app.html?as=sam',
  '/app.html?as=alex',
  '/app/app.js',
  '/app/app.css',
  '/demo/test-card.png',
  '/demo/test-pattern.png',
  '/demo/demo-test.ssl',
  '/demo/demo-trust.json',
  '/demo/fixture-model.onnx',
  '/demo/manifest.json',
  '/demo/platform.pub.json',
  '/demo/authority.pub.json',
] as const;

/** Every file the built SDK ships to browsers (dist/ without node/, maps and type declarations), as /sdk/ paths. */
export function sdkAssetPaths(distDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(distDir, path).split(sep).join('/');
      if (statSync(path).isDirectory()) {
        if (rel !== 'node') walk(path);
      } else if (!rel.endsWith('.map') && !rel.endsWith('.d.ts')) out.push(`/sdk/${rel}`);
    }
  };
  walk(distDir);
  return out;
}

/** The whole allow-list for one run. */
export function assetAllowList(distDir: string): Set<string> {
  return new Set([...FIXED_ASSET_PATHS, ...sdkAssetPaths(distDir)]);
}
