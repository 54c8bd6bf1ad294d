import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { pairLayerTrace } from '../../core/trace/synthetic';
import { openApp } from './helpers';

// Pictures of the trace views for a person to look at (units, labels, nothing clipped), at two
// window sizes, light and dark: test-results/screenshots/trace-*.png. The assertions only check
// that each view is on screen.
const DIR = 'test-results/screenshots';
const DDP = fileURLToPath(new URL('../../core/trace/fixtures/ddp-2rank-rank0.json.gz', import.meta.url));

for (const [width, height] of [
  [1600, 1000],
  [1280, 800],
] as const) {
  test(`trace summary and overlay at ${width}x${height}, light and dark`, async ({ page }) => {
    mkdirSync(DIR, { recursive: true });
    await page.setViewportSize({ width, height });
    await openApp(page);
    const size = `${width}x${height}`;

    let chooser = page.waitForEvent('filechooser');
    await page.getByTestId('cmd-open-trace').click();
    await (await chooser).setFiles(DDP);
    await expect(page.getByTestId('trace-annotations')).toBeVisible();
    await page.screenshot({ path: `${DIR}/trace-summary-ddp-${size}.png` });

    chooser = page.waitForEvent('filechooser');
    await page.getByTestId('cmd-open-trace').click();
    await (await chooser).setFiles({
      name: 'deepseek-pair.json',
      mimeType: 'application/json',
      buffer: Buffer.from(pairLayerTrace().text()),
    });
    await expect(page.getByTestId('trace-parts').locator('table')).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByTestId('cmd-toggle-theme').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.getByTestId('trace-tab-summary').click();
      await expect(page.getByTestId('trace-ranks')).toBeVisible();
      await page.screenshot({ path: `${DIR}/trace-summary-${size}-${theme}.png` });
      await page.getByTestId('trace-tab-overlay').click();
      await expect(page.getByTestId('overlay-chart')).toBeVisible();
      await page.screenshot({ path: `${DIR}/trace-overlay-${size}-${theme}.png` });
      await page.getByTestId('overlay-zoom-run').click();
      await page.screenshot({ path: `${DIR}/trace-overlay-run-${size}-${theme}.png` });
      await page.getByTestId('overlay-chart').getByRole('button', { name: 'Fit' }).click();
    }
    // The measured parts in the scenario: the editor's mark, and the plan they make.
    await page.getByTestId('trace-tab-summary').click();
    await page.getByTestId('use-as-parts').click();
    await page.getByTestId('measured-mark').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/trace-used-${size}-dark.png` });
  });
}
