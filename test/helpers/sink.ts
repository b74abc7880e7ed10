// The egress tests' sink: a second HTTP server, on its own port (so another origin than the test
// page), that counts every request and WebSocket upgrade that reaches it under /hit/<route>. It
// answers generously (CORS and CORP open, JS for script loads, an event stream for EventSource) so
// that nothing but the worker's lock and CSP stands between a hostile route and a counted hit.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startSink() {
  const hits: string[] = [];
  const count = (url: string | undefined): string => {
    const path = new URL(url ?? '/', 'http://sink').pathname;
    if (path.startsWith('/hit/')) hits.push(decodeURIComponent(path.slice('/hit/'.length)).replace(/\.mjs$/, ''));
    return path;
  };
  const server = createServer((req, res) => {
    const path = count(req.url);
    const open = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': 'no-store' };
    if (req.method === 'OPTIONS')
      return void res.writeHead(204, { ...open, 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' }).end();
    if (path.includes('eventsource')) return void res.writeHead(200, { ...open, 'content-type': 'text/event-stream' }).end('data: hi\n\n');
    const script = path.endsWith('.mjs') || path.includes('import');
    res.writeHead(200, { ...open, 'content-type': script ? 'text/javascript' : 'application/octet-stream' }).end(script ? '// sink\n' : 'sink');
  });
  server.on('upgrade', (req, socket) => {
    count(req.url);
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
