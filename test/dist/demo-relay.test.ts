// The demo relay's HTTP side and the authority view (demo/PROTOCOL.md), on a demo started
// in-process: headers, what is and is not served, bucket-sized reports into the inbox and the
// authority's API, the import boundary between relay and authority, no secret key in any answer,
// and a clean close. The WebSocket side is test/dist/demo-relay-ws.test.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectCleanClose, expectNoSecretKeys, ROOT, useTestDemo } from '../helpers/demo-fixture.js';

const resourcesBefore = new Set(process.getActiveResourcesInfo());
const t = useTestDemo();

describe('demo relay: HTTP', () => {
  it('serves pages, SDK files and demo content cross-origin isolated, the worker under the SDK worker CSP', async () => {
    const port = new URL(t.demo.url).port;
    for (const path of ['/', '/sdk/index.js', '/sdk/prompt.js', '/sdk/franking.js', '/demo/test-card.png', '/demo/authority.pub.json', '/nope']) {
      const r = await t.get(path);
      expect(r.status, path).toBe(path === '/nope' ? 404 : 200);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-security-policy']).toBe(
        `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self' ws://127.0.0.1:${port}; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
      );
    }
    const worker = await t.get('/sdk/worker.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'");
    expect(worker.headers['cross-origin-embedder-policy']).toBe('require-corp');
    // Everything the browser entry reaches: its chunks and the model and wasm next to it.
    for (const dir of ['chunks', 'assets'])
      for (const name of readdirSync(join(ROOT, 'dist', dir)).filter((n) => !n.endsWith('.map'))) {
        const r = await t.get(`/sdk/${dir}/${name}`, { method: 'GET' });
        expect(r.status, name).toBe(200);
        expect(r.body.equals(readFileSync(join(ROOT, 'dist', dir, name)))).toBe(true);
      }
    expect((await t.get('/sdk/assets/ort-wasm-simd-threaded.wasm')).headers['content-type']).toBe('application/wasm');
  });

  it('answers 404 for unknown paths, traversal and every key file', async () => {
    const refused = [
      '/demo/../keys/authority.key.json',
      '/demo/%2e%2e/keys/authority.key.json',
      '/demo/..%2fkeys/authority.key.json',
      '/demo/authority.key.json',
      '/demo/platform.key.json',
      '/demo/keys/authority.key.json',
      '/keys/authority.key.json',
      '/sdk/../demo/keys/platform.key.json',
      '/app/../../demo/keys/signer-1.key.json',
      '/sdk/authority.js',
      '/sdk/node/cli.js',
      '/sdk/index.js.map',
      '/sdk/chunks/../../package.json',
      '/demo/README.md',
      '/package.json',
      '/inbox/reports',
      '/inbox/reports/1',
      '//etc/passwd',
    ];
    for (const path of refused) expect((await t.get(path)).status, path).toBe(404);
    expect((await t.get('/sdk/index.js', { method: 'POST', body: new Uint8Array(1) })).status).toBe(404);
    expect((await t.get('/inbox/reports', { headers: { authorization: 'Bearer 00' } })).status).toBe(404);
  });

  it('takes a report of a bucket size only (400 otherwise), as opaque bytes, into the inbox and the authority view', async () => {
    const post = (body: Uint8Array, type = 'application/octet-stream', extra: Record<string, string> = {}) =>
      t.get('/reports', { method: 'POST', body, headers: { 'content-type': type, ...extra } });
    expect((await post(new Uint8Array(4095))).status).toBe(400);
    expect((await post(new Uint8Array(4097))).status).toBe(400);
    expect((await post(new Uint8Array(0))).status).toBe(400);
    expect((await post(new Uint8Array(4096), 'text/plain')).status).toBe(400);
    expect((await post(new Uint8Array(4096), 'application/octet-stream', { cookie: 'a=b' })).status).toBe(400);
    const junk = new Uint8Array(4096).fill(7);
    const r = await post(junk);
    expect(r.status).toBe(204);
    expect(r.body.length).toBe(0);
    const api = JSON.parse((await t.get('/api/reports', {}, t.demo.authorityUrl)).body.toString('utf8')) as { bytes: number; error: string | null }[];
    expect(api).toEqual([expect.objectContaining({ id: 1, bytes: 4096, error: 'SEAL', header: null })]);
    const page = await t.get('/', {}, t.demo.authorityUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    for (const path of ['/authority.key.json', '/demo/keys/authority.key.json', '/api/reports/1/attachment', '/inbox/reports'])
      expect((await t.get(path, {}, t.demo.authorityUrl)).status, path).toBe(404);
    const db = new Database(join(t.dataDir, 'relay.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT envelope FROM reports').all() as { envelope: Buffer }[];
      expect(rows.map((x) => x.envelope.equals(junk))).toEqual([true]);
    } finally {
      db.close();
    }
  });
});

describe('demo relay: boundaries and close', () => {
  it('relay code never imports authority code nor names the authority secret key file', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/authority\.key|safeseal\/authority|['"]\.\.\/authority/);
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g))
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    };
    for (const f of readdirSync(join(ROOT, 'demo/relay'))) if (f.endsWith('.ts')) visit(join(ROOT, 'demo/relay', f));
    for (const f of seen) expect(f.startsWith(join(ROOT, 'demo/relay/')), f).toBe(true);
  });

  it('never returns a secret key, in any answer', () => expectNoSecretKeys(t));

  it('closes cleanly: both servers, every WebSocket (1001) and the database', async () => {
    await expectCleanClose(t, resourcesBefore);
    const db = new Database(join(t.dataDir, 'relay.sqlite'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });
});
