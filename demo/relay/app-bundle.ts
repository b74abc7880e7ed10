// DEMO ONLY. Builds the messenger (demo/app/main.ts) with esbuild when the relay starts: one ES
// module, the SDK left external (the page imports it from /sdk/, as an app imports the package),
// libsodium-wrappers bundled. The bytes are served from memory and also written to
// demo/.build/app/app.js for an auditor to read.

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PLACEHOLDER } from './static-routes.js';

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>safeseal demo relay (DEMO ONLY)</title></head>
<body><main><h1>safeseal demo relay</h1><p>DEMO ONLY. The relay is running, but this checkout has no
messenger (demo/app/index.html is missing).</p></main></body></html>
`;

/**
 * The /app/ files built at start, by name (app.js, and app.css if main.ts imports CSS); without
 * demo/app/main.ts only the placeholder landing page.
 * @throws Error when esbuild reports an error in demo/app/ (the relay does not start half-built)
 */
export async function buildApp(appDir: string, outFile: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  if (!existsSync(join(appDir, 'index.html'))) files.set(PLACEHOLDER, new TextEncoder().encode(PLACEHOLDER_PAGE));
  const entry = join(appDir, 'main.ts');
  if (!existsSync(entry)) return files;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: outFile,
    external: ['/sdk/*'],
    write: false,
    logLevel: 'silent',
    legalComments: 'eof',
  });
  mkdirSync(dirname(outFile), { recursive: true });
  for (const out of result.outputFiles) {
    files.set(basename(out.path), out.contents);
    // Written beside, then renamed: two demos starting at once never see half a file.
    const tmp = `${out.path}.${process.pid}.tmp`;
    writeFileSync(tmp, out.contents);
    renameSync(tmp, out.path);
  }
  return files;
}
