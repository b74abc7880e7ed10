// The browser's module-worker entry (dist/worker.js): decodes with the platform, no network.

import type { Endpoint } from 'comlink';
import { browserDecoder } from '../image/decode-browser.js';
import { exposeWorkerApi } from './expose.js';

exposeWorkerApi(self as unknown as Endpoint, browserDecoder);
