// The Node worker_threads entry (dist/node/worker.js): the same engine as the browser worker, with
// onnxruntime-node for the classifier when the app installed it (else onnxruntime-web's wasm).
// The egress lock runs first here too, but in Node it is best-effort: it removes fetch, WebSocket,
// BroadcastChannel… from globalThis, while node:net, node:http and the other built-ins stay
// importable by any code in the process (see README, "Privacy and security model").

import '../worker/lock.js'; // first: before any dependency's module body
import { parentPort } from 'node:worker_threads';
import { exposeWorkerApi } from '../worker/expose.js';
import { nodeDecoder } from './decode.js';
import { nodeEndpoint } from './endpoint.js';
import { loadOnnxruntimeNode } from './onnxruntime-node.js';

if (!parentPort) throw new Error('safeseal: dist/node/worker.js must run as a worker thread');
exposeWorkerApi(nodeEndpoint(parentPort), nodeDecoder, loadOnnxruntimeNode);
