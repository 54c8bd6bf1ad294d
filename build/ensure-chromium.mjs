#!/usr/bin/env node
// Playwright cannot download its own browser on our machines: we use Debian's Chromium.
// Installs it with apt-get when missing and we are root; otherwise says how.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.PIPESCOPE_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package (sudo apt-get install -y chromium)\n` +
        'or set PIPESCOPE_CHROMIUM to a Chromium/Chrome binary.',
    );
    process.exit(1);
  }
  console.log('Installing Debian chromium for the end-to-end tests (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(CHROMIUM)) {
    console.error('Could not install chromium with apt-get.');
    process.exit(1);
  }
}
