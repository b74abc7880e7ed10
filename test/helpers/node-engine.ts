// Moved to worker-harness.ts (one worker harness for all tests). Kept only so branches written
// before the move still compile; import from './worker-harness.js' instead.
export { nodeEngine, ownBuffer } from './worker-harness.js';
