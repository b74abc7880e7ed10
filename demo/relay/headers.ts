// DEMO ONLY. The headers of every relay response (demo/PROTOCOL.md): cross-origin isolation so
// onnxruntime may use threads, no caching, and a CSP — the worker's own, stricter one for
// /sdk/worker.js, since a worker is governed by the CSP of its script's response.

import type { ServerResponse } from 'node:http';

/** The CSP the SDK's README documents for dist/worker.js. */
export const WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'";

/** The messenger pages' CSP; `port` is the relay's own (the WebSocket's origin). */
export function pageCsp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets the isolation, cache and CSP headers; call before writing the status line. */
export function setRelayHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', csp);
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  svg: 'image/svg+xml',
  wasm: 'application/wasm',
  onnx: 'application/octet-stream',
  ssl: 'application/octet-stream',
};

/** The media type for a file name, by its extension (octet-stream when unknown). */
export function contentType(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
