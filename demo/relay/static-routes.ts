// DEMO ONLY. Which file answers a GET, by the route table of demo/PROTOCOL.md. Every route is an
// allowlist of names matched on the normalised path (no `..`, no `%`), joined to a fixed folder:
// nothing outside those folders is reachable, and no `*.key.json` is on any list.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders the relay serves from (absolute paths). */
export interface StaticRoots {
  /** demo/app/: index.html, app.html, *.css and images. */
  readonly app: string;
  /** The SDK's build, dist/. */
  readonly sdk: string;
  /** demo/content/. */
  readonly content: string;
  /** demo/keys/: only its two public key files are served. */
  readonly keys: string;
}

/** What a GET resolves to: a file on disk, or bytes held in memory (the app bundle). */
export type StaticTarget = { readonly file: string; readonly name: string } | { readonly bytes: Uint8Array; readonly name: string };

const SDK_TOP = new Set(['index.js', 'worker.js', 'prompt.js', 'franking.js']);
const CONTENT = new Set(['test-card.png', 'test-pattern.png', 'demo-test.ssl', 'demo-trust.json', 'fixture-model.onnx', 'manifest.json']);
const PUBLIC_KEYS = new Set(['platform.pub.json', 'authority.pub.json']);
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

const fileIfPresent = (dir: string, name: string): StaticTarget | null => {
  if (!SAFE_NAME.test(name) || name.endsWith('.key.json')) return null;
  const file = join(dir, name);
  return existsSync(file) && statSync(file).isFile() ? { file, name } : null;
};

/** Without demo/app/ (a relay-only checkout) `/` answers a page saying so, from the bundle map. */
const placeholder = (bundle: ReadonlyMap<string, Uint8Array>): StaticTarget | null => {
  const bytes = bundle.get(PLACEHOLDER);
  return bytes === undefined ? null : { bytes, name: 'index.html' };
};
/** The bundle map's key for the placeholder landing page (not reachable as /app/…: not a SAFE_NAME). */
export const PLACEHOLDER = ' placeholder.html';

/**
 * The target of `pathname` (already normalised by the URL parser), or null for 404.
 * `bundle` maps /app/ names to bytes built at start (app.js).
 */
export function resolveStatic(pathname: string, roots: StaticRoots, bundle: ReadonlyMap<string, Uint8Array>): StaticTarget | null {
  if (pathname === '/') return fileIfPresent(roots.app, 'index.html') ?? placeholder(bundle);
  if (pathname === '/app.html') return fileIfPresent(roots.app, 'app.html');
  const [, top, ...rest] = pathname.split('/');
  if (rest.some((part) => !SAFE_NAME.test(part))) return null;
  if (top === 'app' && rest.length === 1) {
    const name = rest[0];
    const built = bundle.get(name);
    if (built !== undefined) return { bytes: built, name };
    return /\.(css|svg|png)$/.test(name) ? fileIfPresent(roots.app, name) : null;
  }
  if (top === 'sdk') {
    if (rest.length === 1 && SDK_TOP.has(rest[0])) return fileIfPresent(roots.sdk, rest[0]);
    if (rest.length === 2 && rest[0] === 'chunks' && rest[1].endsWith('.js')) return fileIfPresent(join(roots.sdk, 'chunks'), rest[1]);
    if (rest.length === 2 && rest[0] === 'assets' && /\.(onnx|wasm)$/.test(rest[1])) return fileIfPresent(join(roots.sdk, 'assets'), rest[1]);
    return null;
  }
  if (top === 'demo' && rest.length === 1) {
    if (CONTENT.has(rest[0])) return fileIfPresent(roots.content, rest[0]);
    if (PUBLIC_KEYS.has(rest[0])) return fileIfPresent(roots.keys, rest[0]);
  }
  return null;
}
