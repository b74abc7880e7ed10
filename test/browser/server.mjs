// Static server for the browser tests: the built bundle (/dist), the test page, and the shared
// PDQ vectors (/vectors). Serves the page with a strict CSP so the SDK is tested as CSP-safe, and
// the worker scripts (dist/worker.js, the test-only bundles in /test-build/) with the worker CSP
// the README tells apps to use. Everything is also served under /isolated/ with COOP + COEP, i.e.
// cross-origin isolated, under /nocsp/ with no CSP at all (the egress canary, and the lock-alone
// run that shows what the lock blocks without the CSP's help), and under /exactcsp/ with a worker
// CSP whose script-src names the worker script's exact URL instead of 'self'.

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const mounts = {
  '/dist/': join(root, 'dist'),
  '/vectors/': process.env.SAFESEAL_VECTORS ?? resolve(root, '../shared/pdq-vectors'),
  '/fixtures/': join(root, 'test/fixtures'),
  '/models/': join(root, 'models'),
  '/ort/': join(root, 'node_modules/onnxruntime-web/dist'),
  '/test-build/': join(root, 'test/browser/.build'), // test-only worker bundles (rollup.test.config.ts)
  '/': join(root, 'test/browser/public'),
};
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self' blob:; img-src 'self' blob: data:";
/** The header the README documents for dist/worker.js: no connections, no scripts but its own. */
const WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'";
const exactWorkerCsp = (req, pathname) => `default-src 'none'; script-src http://${req.headers.host}${pathname} 'wasm-unsafe-eval'`;
const isWorkerScript = (path) => path === '/dist/worker.js' || (path.startsWith('/test-build/') && path.endsWith('.js'));
// Under /nowasm/ the same CSP without 'wasm-unsafe-eval': WebAssembly cannot be compiled at all.
const CSP_NO_WASM = CSP.replace(" 'wasm-unsafe-eval'", '');

export function startServer(port = Number(process.env.PORT ?? 4173)) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    const isolated = path.startsWith('/isolated/');
    if (isolated) path = path.slice('/isolated'.length);
    const noCsp = path.startsWith('/nocsp/');
    if (noCsp) path = path.slice('/nocsp'.length);
    // The stricter variant the README mentions: script-src names the worker script's exact URL.
    const exactCsp = !noCsp && path.startsWith('/exactcsp/');
    if (exactCsp) path = path.slice('/exactcsp'.length);
    const noWasm = path.startsWith('/nowasm/');
    if (noWasm) path = path.slice('/nowasm'.length);
    if (path === '/') path = '/index.html';
    const prefix = Object.keys(mounts).find((m) => path.startsWith(m));
    const base = mounts[prefix];
    const file = normalize(join(base, path.slice(prefix.length)));
    let ok = file.startsWith(base + sep);
    try {
      ok = ok && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': types[extname(file).toLowerCase()] ?? 'application/octet-stream',
      ...(noCsp
        ? {}
        : {
            'content-security-policy': !isWorkerScript(path)
              ? noWasm
                ? CSP_NO_WASM
                : CSP
              : exactCsp
                ? exactWorkerCsp(req, url.pathname)
                : noWasm
                  ? WORKER_CSP.replace(" 'wasm-unsafe-eval'", '')
                  : WORKER_CSP,
          }),
      'cache-control': 'no-store',
      'content-length': String(statSync(file).size), // lets download progress report a total
      ...(isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  console.log(`serving on http://127.0.0.1:${server.address().port}`);
}
