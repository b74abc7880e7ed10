import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests src/ only (npm run test:unit); `dist` tests the built package and
// refuses to run against a build older than src/ (npm run test:dist builds first).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The built package, as apps get it; the pack-and-install test takes minutes.
      {
        extends: true,
        test: {
          name: 'dist',
          include: ['test/dist/**/*.test.ts'],
          globalSetup: ['test/dist/fresh-build.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
