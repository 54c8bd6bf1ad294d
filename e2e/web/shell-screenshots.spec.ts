import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

// Pictures of the app shell for a person to look at (test-results/screenshots/shell-*.png): the
// main view and the Export menu at 1600x1000 and 1280x800, the editor with chunk parts and
// per-device costs at 1280x800, light and dark, and the PNGs the app exports (everything, and the
// visible range of selected devices). The assertions only check each state is on screen.
const DIR = 'test-results/screenshots';
const DERIVED = fileURLToPath(new URL('../../examples/deepseek-v3-derived.json', import.meta.url));

async function savePng(page: Page, path: string): Promise<void> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-menu').click();
  await page.getByTestId('cmd-export-png').click();
  copyFileSync(await (await download).path(), path);
}

test('screenshots of the shell: main view, Export menu, editor with parts, light and dark', async ({
  page,
}) => {
  mkdirSync(DIR, { recursive: true });
  for (const [w, h] of [
    [1600, 1000],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await openApp(page);
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') {
        await page.getByTestId('cmd-toggle-theme').click();
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      }
      await page.screenshot({ path: `${DIR}/shell-main-${w}-${theme}.png` });
      await page.getByTestId('export-menu').focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menu')).toBeVisible();
      await page.screenshot({ path: `${DIR}/shell-export-menu-${w}-${theme}.png` });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
    }
    await page.getByTestId('cmd-toggle-theme').click();
  }
  // The first Tab: the skip links.
  await openApp(page);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-chart')).toBeFocused();
  await page.screenshot({ path: `${DIR}/shell-skip-links-1280.png` });

  // The editor with chunk parts and per-device costs at 1280x800.
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(DERIVED);
  await expect(page.getByTestId('doc-title')).toHaveText('deepseek-v3-derived.json');
  await page.getByTestId('parts-table').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${DIR}/shell-editor-parts-1280-light.png` });
  await page.getByTestId('cmd-toggle-theme').click();
  await page.screenshot({ path: `${DIR}/shell-editor-parts-1280-dark.png` });
  await page.getByTestId('cmd-toggle-theme').click();
  // Sections fold to their titles: the costs and the parts under the pipeline fields.
  for (const section of ['scenario', 'derive', 'memory'])
    await page.getByTestId(`section-toggle-${section}`).click();
  await expect(page.getByTestId('section-toggle-derive')).toHaveAttribute('aria-expanded', 'false');
  await page.getByTestId('section-toggle-scenario').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${DIR}/shell-editor-folded-1280-light.png` });

  // The exported PNGs: everything, then the visible range of two selected devices.
  await page.setViewportSize({ width: 1600, height: 1000 });
  await savePng(page, `${DIR}/shell-export-all.png`);
  await page.getByTestId('cmd-zoom-in').click();
  await page.getByTestId('cmd-zoom-in').click();
  await page.evaluate(() => {
    const store = (window as unknown as { __pipescope: { setView(v: object): void } }).__pipescope;
    store.setView({ selectedDevices: [0, 5], exportScope: 'devices' });
  });
  await savePng(page, `${DIR}/shell-export-devices.png`);
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-scope-visible').click();
  await page.keyboard.press('Escape');
  await savePng(page, `${DIR}/shell-export-visible.png`);
});
