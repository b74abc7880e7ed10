// The browser's module-worker entry (dist/worker.js): decodes with the platform, no network.
// onnxruntime's threads (cross-origin isolated pages only) load this same file as "em-pthread"
// workers; those run onnxruntime's compute loop only: no API. Both are locked before anything else.

import './lock.js'; // first: locks every route out before any dependency's code runs
import type { Endpoint } from 'comlink';
import { browserDecoder } from '../image/decode-browser.js';
import { exposeWorkerApi } from './expose.js';

if (!(self as { name?: string }).name?.startsWith('em-pthread')) exposeWorkerApi(self as unknown as Endpoint, browserDecoder);
