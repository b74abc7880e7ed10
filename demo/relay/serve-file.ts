// DEMO ONLY. Answers a GET for a static route with the file's bytes and media type.

import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentType } from './headers.js';
import { resolveStatic, type StaticRoots } from './static-routes.js';

/** True when `pathname` is a static route and was answered (200); false for 404. */
export async function serveStatic(
  res: ServerResponse,
  pathname: string,
  roots: StaticRoots,
  bundle: ReadonlyMap<string, Uint8Array>,
): Promise<boolean> {
  const target = resolveStatic(pathname, roots, bundle);
  if (target === null) return false;
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType(target.name));
  if ('bytes' in target) {
    res.setHeader('Content-Length', target.bytes.length);
    res.end(target.bytes);
    return true;
  }
  res.setHeader('Content-Length', statSync(target.file).size);
  await pipeline(createReadStream(target.file), res);
  return true;
}
