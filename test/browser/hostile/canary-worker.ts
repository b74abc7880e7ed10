// TEST ONLY: the hostile module in a worker WITHOUT the lock (and served without the worker CSP): the
// positive control proving that each route the locked worker is refused really reaches the sink.

import { installHostile } from './routes.js';

installHostile(import.meta.url);
