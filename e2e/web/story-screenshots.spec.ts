import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// Pictures of the first screen, Compare (with its schedule list and its full legend unfolded), the
// Explain panel, the breakdown bars and the memory charts at two window sizes, light and dark, for
// a person to look at (labels, legend, units, scope, nothing overlapping or clipped):
// test-results/screenshots/story-*.png. The assertions only check that each part is on screen.
const DIR = 'test-results/screenshots';

for (const [width, height] of [
  [1600, 1000],
  [1280, 800],
] as const) {
  test(`the story at ${width}x${height}, light and dark: first screen, explain, breakdown, memory, compare`, async ({
    page,
  }) => {
    mkdirSync(DIR, { recursive: true });
    await page.setViewportSize({ width, height });
    await openApp(page, { firstScreen: true });
    await expect(page.getByTestId('main-view')).toHaveAttribute('data-reference', '1f1b');
    await expect(page.getByTestId('explain-parts')).toBeVisible();
    const size = `${width}x${height}`;
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('cmd-toggle-theme').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.getByTestId('tab-main').click();
      // Back from Compare the Schedule view computes its reference again: wait for both blocks.
      await expect(page.getByTestId('main-view')).toHaveAttribute('data-reference', '1f1b');
      await expect(page.getByTestId('breakdown-bar').first()).toBeVisible();
      await page.screenshot({ path: `${DIR}/story-first-screen-${size}-${theme}.png` });
      await page
        .locator('.chart-with-breakdown')
        .screenshot({ path: `${DIR}/story-breakdown-${size}-${theme}.png` });
      await page.getByTestId('explain').scrollIntoViewIfNeeded();
      await page.getByTestId('explain').screenshot({ path: `${DIR}/story-explain-${size}-${theme}.png` });
      await page.getByTestId('memory-section').scrollIntoViewIfNeeded();
      await page
        .getByTestId('memory-section')
        .screenshot({ path: `${DIR}/story-memory-${size}-${theme}.png` });

      await page.getByTestId('tab-compare').click();
      await expect(page.getByTestId('gantt-block-label')).toHaveCount(3);
      await expect(page.getByTestId('breakdown-bar').first()).toBeVisible();
      await expect(page.getByTestId('computing')).toHaveCount(0);
      await page.screenshot({ path: `${DIR}/story-compare-${size}-${theme}.png` });
      // The picker's list of schedules, unfolded over the chart, and the chart's full legend.
      await page.getByTestId('compare-schedules-toggle').click();
      await expect(page.getByTestId('compare-gpipe')).toBeVisible();
      await page.screenshot({ path: `${DIR}/story-compare-picker-${size}-${theme}.png` });
      await page.keyboard.press('Escape');
      await page.getByTestId('legend-full-toggle').click();
      await expect(page.getByTestId('legend-full')).toBeVisible();
      await page.screenshot({ path: `${DIR}/story-compare-legend-${size}-${theme}.png` });
      await page.getByTestId('legend-full-toggle').click();
      // GPipe's memory: over the example's capacity on every device.
      await page.getByTestId('memory-schedule').selectOption('gpipe');
      await page.getByTestId('memory-warning-summary').click();
      await page.getByTestId('memory-section').scrollIntoViewIfNeeded();
      await page
        .getByTestId('memory-section')
        .screenshot({ path: `${DIR}/story-compare-memory-${size}-${theme}.png` });
    }
  });
}
