import { expect, type Page, test } from '@playwright/test';
import { type Analysis, analyze } from '../../core/analyze';
import { explainDifference } from '../../core/metrics/explain';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { openApp, pageScenario } from './helpers';

// Compare on the DeepSeek-V3 example: GPipe, 1F1B and DualPipe (16 devices each) on one screen
// without scrolling, one scroll container, the compared schedules picked from the keyboard, ratios
// against a baseline the user picks, in core's numbers.

test.use({ viewport: { width: 1600, height: 1000 } });

function run(s: Scenario, schedule: ScheduleName): Analysis {
  const r = analyze(s, schedule);
  if (!r.ok) throw new Error(`${schedule} should run: ${JSON.stringify(r.errors)}`);
  return r.analysis;
}

async function openCompare(page: Page): Promise<Scenario> {
  await openApp(page, { firstScreen: true });
  const scenario = await pageScenario(page);
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('gantt-block-label')).toHaveCount(3);
  return scenario;
}

const ratioOf = async (page: Page, figure: string, column: string) =>
  Number(
    await page
      .locator(`[data-testid="headline-${figure}"][data-column="${column}"]`)
      .getByTestId('headline-ratio')
      .getAttribute('data-ratio'),
  );

test('three schedules of 16 devices fit one 1600x1000 screen without scrolling, and the page is the only scroll container', async ({
  page,
}) => {
  const scenario = await openCompare(page);
  expect(scenario.devices).toBe(16);
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(3 * 16));
  await expect(page.getByTestId('breakdown-bar')).toHaveCount(3 * 16);
  const pane = page.locator('.view-pane');
  const paneBox = (await pane.boundingBox())!;
  const inView = (b: { y: number; height: number } | null) => {
    expect(b).not.toBeNull();
    expect(b!.y).toBeGreaterThanOrEqual(paneBox.y);
    expect(b!.y + b!.height).toBeLessThanOrEqual(1000);
  };
  // The page is not scrolled: the time axis, the three block labels (each under the axis), the
  // last row label and the last breakdown bar (DualPipe's device 15) are all on the screen.
  expect(await pane.evaluate((el) => el.scrollTop)).toBe(0);
  const axis = await page.getByTestId('gantt-axis').boundingBox();
  inView(axis);
  const blocks = page.getByTestId('gantt-block-label');
  for (let b = 0; b < 3; b++) {
    const box = await blocks.nth(b).boundingBox();
    inView(box);
    expect(box!.y).toBeGreaterThanOrEqual(axis!.y + axis!.height - 1);
  }
  const lastLabel = page.locator('.gantt-lane-label').last();
  await expect(lastLabel).toHaveText('Device 15');
  inView(await lastLabel.boundingBox());
  inView(await page.locator('[data-testid="breakdown-bar"][data-block="2"][data-device="15"]').boundingBox());
  expect(await pane.evaluate((el) => el.scrollTop)).toBe(0);
  // Inside the view, nothing scrolls on its own: no element whose content overflows a scrolling box.
  const nested = await page.locator('.view-pane').evaluate((pane) =>
    [...pane.querySelectorAll('*')]
      .filter((el) => {
        const s = getComputedStyle(el);
        const scrolls = /(auto|scroll)/.test(s.overflowY) || /(auto|scroll)/.test(s.overflowX);
        return scrolls && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
      })
      .map((el) => el.className),
  );
  expect(nested).toEqual([]);
});

test('the compared schedules are one line of chips, changed from the keyboard', async ({ page }) => {
  await openCompare(page);
  const chips = page.getByTestId('compare-chip');
  await expect
    .poll(() => chips.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-schedule'))))
    .toEqual(['gpipe', '1f1b', 'dualpipe']);
  // One line: every chip and the Add or remove button at the height of the first chip.
  const toggle = page.getByTestId('compare-schedules-toggle');
  const tops = await page
    .locator('[data-testid="compare-chip"], [data-testid="compare-schedules-toggle"]')
    .evaluateAll((es) => es.map((e) => Math.round(e.getBoundingClientRect().top + e.clientHeight / 2)));
  expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
  // Enter unfolds the list; Tab walks into it; Space ticks ZB-H1, which joins the chart.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('compare-gpipe')).toBeFocused();
  await page.getByTestId('compare-zb-h1').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('gantt-block-label')).toHaveCount(4);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(4 * 16));
  // Escape folds it and gives the focus back to its button.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('compare-zb-h1')).toHaveCount(0);
  await expect(toggle).toBeFocused();
  // The chip's remove button takes it out again.
  await page.getByTestId('compare-remove-zb-h1').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('gantt-block-label')).toHaveCount(3);
  await expect(chips).toHaveCount(3);
});

test('speed-up ratios are against the baseline: 1F1B by default, then the one picked', async ({ page }) => {
  const scenario = await openCompare(page);
  const a = {
    gpipe: run(scenario, 'gpipe'),
    '1f1b': run(scenario, '1f1b'),
    dualpipe: run(scenario, 'dualpipe'),
  };
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-baseline', '1f1b');
  expect(await ratioOf(page, 'makespan', 'dualpipe')).toBeCloseTo(
    a['1f1b'].metrics.makespan / a.dualpipe.metrics.makespan,
    9,
  );
  expect(await ratioOf(page, 'makespan', 'gpipe')).toBeCloseTo(
    a['1f1b'].metrics.makespan / a.gpipe.metrics.makespan,
    9,
  );
  // Why each differs from 1F1B, as pipescope compare says it.
  const why = page.locator(
    '[data-testid="explain-why"] [data-testid="explain-sentence"][data-section="gpipe"]',
  );
  await expect.poll(() => why.allTextContents()).toEqual(explainDifference(a.gpipe, a['1f1b']));

  await page.getByTestId('compare-baseline').selectOption('gpipe');
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-baseline', 'gpipe');
  await expect
    .poll(() => ratioOf(page, 'makespan', '1f1b'))
    .toBeCloseTo(a.gpipe.metrics.makespan / a['1f1b'].metrics.makespan, 9);
  expect(await ratioOf(page, 'makespan', 'dualpipe')).toBeCloseTo(
    a.gpipe.metrics.makespan / a.dualpipe.metrics.makespan,
    9,
  );
  await expect(
    page.locator('[data-testid="headline-makespan"][data-column="gpipe"]').getByTestId('headline-ratio'),
  ).toHaveCount(0);
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});

test('compare shows each schedule breakdown beside its rows and the memory of the one picked', async ({
  page,
}) => {
  const scenario = await openCompare(page);
  await expect(page.getByTestId('breakdown-bar')).toHaveCount(3 * scenario.devices);
  await page.getByTestId('memory-schedule').selectOption('gpipe');
  const peak = run(scenario, 'gpipe').metrics.memory.peakMemoryBytes;
  const bars = page.getByTestId('memory-section').getByTestId('peak-memory-bar');
  await expect
    .poll(() => bars.evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-bytes')))))
    .toEqual(Array.from(peak));
  await expect(page.getByTestId('memory-warning-summary')).toContainText('of 16 devices exceed');
});
