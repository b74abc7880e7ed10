import { defineConfig } from '@playwright/test';

// A port per run (inherited by the test workers through the environment), so that several
// checkouts can run their browser tests at once on one machine.
process.env.SAFESEAL_TEST_PORT ??= String(20000 + (process.pid % 20000));
const port = Number(process.env.SAFESEAL_TEST_PORT);

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.SAFESEAL_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node test/browser/server.mjs`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    env: { PORT: String(port) },
  },
});
