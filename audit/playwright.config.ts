import { defineConfig } from '@playwright/test';

// `npm run audit`: the privacy audit of the demo messenger (audit/audit.spec.ts). One worker and
// one spec: the scenarios share one demo, one browser and the two people's recording proxies. The
// spec launches Chromium itself (each context behind its own proxy), so there is no `use` here.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 600_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results/audit',
});
