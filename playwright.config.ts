import { defineConfig } from '@playwright/test';

// Playwright cannot download browsers on our machines: the web project drives Debian's Chromium.
const CHROMIUM = process.env.PIPESCOPE_CHROMIUM ?? '/usr/bin/chromium';
const PORT = Number(process.env.PIPESCOPE_E2E_PORT ?? 4178);
const CI = !!process.env.CI;

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  workers: CI ? 1 : 2,
  fullyParallel: false,
  reporter: CI ? 'list' : [['list']],
  outputDir: 'test-results/playwright',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        baseURL: `http://127.0.0.1:${PORT}/`,
        viewport: { width: 1440, height: 900 },
        acceptDownloads: true,
        launchOptions: {
          executablePath: CHROMIUM,
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
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
  webServer: {
    command: `node build/web.mjs`,
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
