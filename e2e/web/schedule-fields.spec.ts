import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { validateScenario } from '../../core/format/validate';
import { openApp, pageScenario } from './helpers';

// The group size field (Megatron's microbatch_group_size_per_vp_stage) shows only for the schedule
// that reads it, the validator's advice shows at micro-batches, and setting a group size that
// runs clears it; the combined 1F1B pairing runs on interleaved 1F1B and is refused at pairing
// elsewhere. Expected messages come from core's validator in the test process.
const DIR = 'test-results/screenshots';

/** Screenshots at 1600x1000 and 1280x800 with `field` scrolled into view: DIR/name-WIDTH.png. */
async function screenshots(page: Page, field: string, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of [
    [1600, 1000],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.getByTestId(field).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/${name}-${width}.png` });
  }
}

test('group size: shown for interleaved 1F1B only; m = 10 on 4 devices runs once it is 5', async ({
  page,
}) => {
  await openApp(page);
  const groupSize = page.getByTestId('field-groupSize');
  await expect(groupSize).toHaveCount(0);

  await page.getByTestId('field-schedule').selectOption('interleaved-1f1b');
  await expect(groupSize).toBeVisible();
  await page.getByTestId('field-devices').fill('4');
  await page.getByTestId('field-microbatches').fill('10');
  await expect(page.getByTestId('field-microbatches')).toHaveAttribute('aria-invalid', 'true');
  const expected = validateScenario(await pageScenario(page)).errors;
  expect(expected.map((e) => e.path)).toEqual(['microbatches']);
  expect(expected[0].message).toContain('set groupSize to 5, 6 or 10');
  await expect(page.locator('.field-invalid').getByTestId('field-error')).toContainText(expected[0].message);

  await screenshots(page, 'field-groupSize', 'group-size-advice');

  await groupSize.fill('5');
  await expect(page.getByTestId('field-microbatches')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('gantt')).toBeVisible();
  expect((await pageScenario(page)).groupSize).toBe(5);
  await screenshots(page, 'field-groupSize', 'group-size-5');

  await page.getByTestId('field-schedule').selectOption('looped-bfs');
  await expect(groupSize).toHaveCount(0);
});

test('combined 1F1B pairing: runs on interleaved 1F1B, refused at pairing by 1F1B', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('field-schedule').selectOption('interleaved-1f1b');
  await page.getByTestId('field-pairing').selectOption('combined-1f1b');
  await expect(page.getByTestId('gantt')).toBeVisible();
  await expect(page.locator('.field-invalid')).toHaveCount(0);

  await page.getByTestId('field-schedule').selectOption('1f1b');
  await expect(page.getByTestId('field-pairing')).toHaveAttribute('aria-invalid', 'true');
  const expected = validateScenario(await pageScenario(page)).errors;
  expect(expected.map((e) => e.path)).toEqual(['pairing']);
  await expect(page.locator('.field-invalid').getByTestId('field-error')).toContainText(expected[0].message);
  await screenshots(page, 'field-pairing', 'pairing-refused');
});
