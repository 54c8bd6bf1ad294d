import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { validateScenario } from '../../core/format/validate';
import { fixture, fixtureScenario, openApp } from './helpers';

// The editor shows what core/format's validateScenario finds, all of it at once, each error at its
// field: the expected list comes from the validator in the test process, not from the page.
const DIR = 'test-results/screenshots';

test('a file with problems of several kinds opens with every one marked at its field', async ({ page }) => {
  const expected = validateScenario(fixtureScenario('several-problems.pipescope.json')).errors;
  expect(expected.map((e) => e.path).sort()).toEqual([
    'memory.weightGradStash',
    'microbatches',
    'parts.pairOrder',
  ]);
  await openApp(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('several-problems.pipescope.json'));
  await expect(page.getByTestId('doc-title')).toHaveText('several-problems.pipescope.json');
  for (const field of ['field-microbatches', 'field-memory.weightGradStash'])
    await expect(page.getByTestId(field)).toHaveAttribute('aria-invalid', 'true');
  const shown = (await page.locator('.field-invalid').getByTestId('field-error').allTextContents()).join(
    '\n',
  );
  for (const e of expected) expect(shown).toContain(e.message);
  await expect(page.getByTestId('gantt')).toHaveCount(0);

  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of [
    [1600, 1000],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    for (const field of ['microbatches', 'parts.pairOrder', 'memory.weightGradStash']) {
      await page.getByTestId(`field-${field}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${DIR}/several-problems-${field}-${width}.png` });
    }
  }
});
