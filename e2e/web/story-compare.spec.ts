import { expect, type Page, test } from '@playwright/test';
import { type Analysis, analyze } from '../../core/analyze';
import { explainDifference } from '../../core/metrics/explain';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { openApp, pageScenario } from './helpers';

// Compare on the DeepSeek-V3 example: GPipe, 1F1B and DualPipe (16 devices each) on one screen
// (scrolled to the chart), one scroll container, ratios against a baseline the user picks, in
// core's numbers.

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

test('three schedules of 16 devices fit one 1600x1000 screen under the time axis, and the page is the only scroll container', async ({
  page,
}) => {
  const scenario = await openCompare(page);
  expect(scenario.devices).toBe(16);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(3 * 16));
  const pane = page.locator('.view-pane');
  expect(await pane.evaluate((el) => el.scrollTop)).toBe(0);
  // The picker and the chart's legend take the top of the screen; scrolled to the chart (the
  // page scrolls, the time axis sticks), all 48 rows are on the screen under the axis.
  await pane.evaluate((el) => {
    const axis = el.querySelector('[data-testid="gantt-axis"]');
    if (!axis) throw new Error('no time axis');
    el.scrollTop += axis.getBoundingClientRect().top - el.getBoundingClientRect().top;
  });
  const paneBox = await pane.boundingBox();
  const axis = await page.getByTestId('gantt-axis').boundingBox();
  expect(Math.abs(axis!.y - paneBox!.y)).toBeLessThanOrEqual(1);
  const first = await page.getByTestId('gantt-block-label').first().boundingBox();
  expect(first!.y).toBeGreaterThanOrEqual(axis!.y + axis!.height - 1);
  const last = await page
    .locator('[data-testid="breakdown-bar"][data-block="2"][data-device="15"]')
    .boundingBox();
  expect(last!.y + last!.height).toBeLessThanOrEqual(1000);
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
