#!/usr/bin/env node
// Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
// If it is missing: install it with apt-get when we are root, otherwise say exactly what to run.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.SAFESEAL_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(`safeseal tests need Chromium at ${path}.
Install it with:   sudo apt-get update && sudo apt-get install -y chromium
or point SAFESEAL_CHROMIUM at an existing Chromium binary.`);
  process.exit(1);
}
console.error(`Chromium not found at ${path}; installing Debian's chromium with apt-get…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
} catch {
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing`);
  process.exit(1);
}
