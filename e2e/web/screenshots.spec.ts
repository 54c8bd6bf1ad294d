import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fixture, openApp } from './helpers';

// Pictures of every view for a person to look at (labels, legend, units, nothing overlapping):
// test-results/screenshots/*.png. The assertions only check each view is really on screen.
const DIR = 'test-results/screenshots';

test('screenshots of every view: main, editor with an error, invalid file, compare, dark theme, help', async ({
  page,
}) => {
  mkdirSync(DIR, { recursive: true });
  await openApp(page);
  await page.screenshot({ path: `${DIR}/main.png` });

  const devices = page.getByTestId('field-devices');
  await devices.fill('0');
  await expect(page.locator('.field-invalid').first()).toBeVisible();
  await page.screenshot({ path: `${DIR}/editor-error.png` });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.field-invalid')).toHaveCount(0);

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('invalid.pipescope.json'));
  await expect(page.getByTestId('error-dialog')).toBeVisible();
  await page.screenshot({ path: `${DIR}/open-error.png` });
  await page.getByTestId('error-close').click();

  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('bubble-chart').locator('circle').first()).toBeVisible();
  await page.screenshot({ path: `${DIR}/compare.png` });
  await page.locator('.view-pane').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.screenshot({ path: `${DIR}/compare-charts.png` });

  await page.getByTestId('cmd-toggle-theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: `${DIR}/compare-dark.png` });
  await page.getByTestId('tab-main').click();
  await expect(page.getByTestId('main-view')).toBeVisible();
  await page.screenshot({ path: `${DIR}/main-dark.png` });

  await page.getByTestId('help-button').click();
  await expect(page.getByTestId('help')).toBeVisible();
  await page.screenshot({ path: `${DIR}/help.png` });
});
