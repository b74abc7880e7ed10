// TEST ONLY (built by rollup.test.config.ts into test/browser/.build/, never into dist/): the real
// scanner worker entry — which locks egress first — followed by a hostile module, evaluated in the
// same worker after the entry, as a compromised dependency or an injected script would be.

import '../../../src/worker/browser.js';
import { installHostile } from './routes.js';

installHostile(import.meta.url);
