import { defineConfig } from 'vitest/config';

// Tests of the package as users get it (test/dist/): they pack and build it themselves (`npm pack`
// runs `prepare`), so they never see a stale dist/. Slow (minutes): run with `npm run test:dist`.
export default defineConfig({
  test: {
    include: ['test/dist/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
