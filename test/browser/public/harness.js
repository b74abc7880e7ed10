// Loaded by the test page: exposes the built SDK to the Playwright tests as window.safeseal.
import * as safeseal from './dist/index.js'; // relative: the page is also served under /isolated/

window.safeseal = safeseal;
window.harnessReady = true;
