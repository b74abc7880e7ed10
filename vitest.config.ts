import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests src/ only (npm run test:unit); `dist` tests the built package and
// refuses to run against a build older than src/ (npm run test:dist builds first).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'dist', include: ['test/dist/**/*.test.ts'], globalSetup: ['test/dist/fresh-build.ts'] } },
    ],
  },
});
