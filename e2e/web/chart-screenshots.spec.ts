import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { Scenario } from '../../core/model/scenario';
import { ONE_F_ONE_B_64x512, openScenario, scenarioWith } from './chart-helpers';
import { openApp } from './helpers';

// Pictures of the chart for a person to look at (legend, labels, units, nothing overlapping or
// clipped): test-results/screenshots/chart-*.png. The assertions only check each state is on screen.
const DIR = 'test-results/screenshots';

const ONE_MILLION = scenarioWith({ name: '1M ops', schedule: 'zb-h1', devices: 16, microbatches: 20_834 });
const DUALPIPE_P2P = scenarioWith({
  name: 'DualPipe with P2P',
  schedule: 'dualpipe',
  devices: 8,
  microbatches: 16,
  p2p: { time: 0.4, occupiesComm: false },
});

async function setTheme(page: Page, theme: 'light' | 'dark') {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme)
    await page.getByTestId('cmd-toggle-theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Both themes of what is on screen now, after the chart's next frames. */
async function shoot(page: Page, name: string) {
  const size = page.viewportSize()!;
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${DIR}/chart-${name}-${size.width}x${size.height}-${theme}.png` });
  }
  await setTheme(page, 'light');
}

for (const viewport of [
  { width: 1600, height: 1000 },
  { width: 1280, height: 800 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('screenshots of the chart: 64x512, a million ops, DualPipe with P2P, idle causes and the critical path, compact rows', async ({
      page,
    }) => {
      test.setTimeout(240_000);
      mkdirSync(DIR, { recursive: true });
      await openApp(page);
      const open = async (s: Scenario, name: string) => {
        await openScenario(page, s, `${name}.pipescope.json`);
        await shoot(page, name);
      };
      // The opening example (DeepSeek-V3, DualPipe with chunk parts): idle time by cause and the critical path.
      await page.getByTestId('toggle-critical-path').check();
      await expect(page.getByTestId('critical-path-summary')).toBeVisible();
      await shoot(page, 'deepseek-critical-path');
      await page.getByTestId('toggle-critical-path').uncheck();
      await shoot(page, 'deepseek-idle-causes');
      await open(ONE_F_ONE_B_64x512, '1f1b-64x512');
      await expect(page.getByTestId('gantt-aggregated')).toBeVisible();
      await open(ONE_MILLION, '1m-ops');
      await expect(page.getByTestId('gantt-aggregated')).toBeVisible();
      await open(DUALPIPE_P2P, 'dualpipe-p2p');
      await expect(page.getByTestId('legend-direction')).toBeVisible();
      await page.evaluate(() =>
        (window as unknown as { __pipescope: { setView(v: object): void } }).__pipescope.setView({
          chartDensity: 'compact',
        }),
      );
      await expect(page.getByTestId('gantt')).toHaveAttribute('data-density', 'compact');
      await shoot(page, 'dualpipe-p2p-compact');
    });
  });
}
