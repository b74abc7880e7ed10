// Imported FIRST by every worker entry (browser.ts, node/worker.ts), for its side effect: ES modules
// evaluate depth-first in import order, and this module imports only egress.ts, which imports
// nothing, so the lock is in place before comlink's, onnxruntime's or libsodium's module bodies
// run. `import.meta.url` is the bundle's own URL: the only script the Worker wrapper may start.

import { lockEgress } from './egress.js';

lockEgress(globalThis, import.meta.url);
