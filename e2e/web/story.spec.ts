import { expect, type Page, test } from '@playwright/test';
import { type Analysis, analyze } from '../../core/analyze';
import { explainDifference, explainSchedule } from '../../core/metrics/explain';
import { IDLE_CAUSES } from '../../core/metrics/idle-causes';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { openApp, pageScenario } from './helpers';

// The first screen as an engineer opens it (the DeepSeek-V3 example): the document's schedule and
// 1F1B on one time axis with their headline figures, why they differ, where the time goes, each
// device's breakdown and the memory. Every number and sentence is checked against core's, computed
// here in the test process from the page's scenario.

test.use({ viewport: { width: 1600, height: 1000 } });

function run(s: Scenario, schedule: ScheduleName): Analysis {
  const r = analyze(s, schedule);
  if (!r.ok) throw new Error(`${schedule} should run: ${JSON.stringify(r.errors)}`);
  return r.analysis;
}

/** The shown sentences of one Explain panel (and one of its sections). */
async function sentences(page: Page, panel: string, section?: string): Promise<string[]> {
  const sel = `[data-testid="${panel}"] [data-testid="explain-sentence"]${section ? `[data-section="${section}"]` : ''}`;
  return page.locator(sel).allTextContents();
}

async function openStory(page: Page): Promise<{ scenario: Scenario; own: Analysis; ref: Analysis }> {
  await openApp(page, { firstScreen: true });
  const scenario = await pageScenario(page);
  await expect(page.getByTestId('main-view')).toHaveAttribute('data-reference', '1f1b');
  return { scenario, own: run(scenario, scenario.schedule), ref: run(scenario, '1f1b') };
}

test('the first screen shows DualPipe and 1F1B on one time axis, both whole at 1600x1000 without scrolling', async ({
  page,
}) => {
  const { scenario } = await openStory(page);
  expect(scenario.schedule).toBe('dualpipe');
  const gantt = page.getByTestId('gantt');
  await expect(gantt).toHaveAttribute('data-rows', String(2 * scenario.devices));
  await expect(page.getByTestId('gantt-block-label')).toHaveCount(2);
  await expect(page.getByTestId('gantt-block-label').nth(0)).toContainText('DualPipe');
  await expect(page.getByTestId('gantt-block-label').nth(1)).toContainText('1F1B');
  // Nothing scrolled, the last device of the second schedule inside the window, and the rows
  // do not scroll inside the chart either.
  expect(await page.locator('.view-pane').evaluate((el) => el.scrollTop)).toBe(0);
  const last = page.locator(
    `[data-testid="breakdown-bar"][data-block="1"][data-device="${scenario.devices - 1}"]`,
  );
  const box = await last.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(1000);
  const rows = await page
    .locator('.gantt-scroller')
    .evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
  expect(rows.scroll).toBeLessThanOrEqual(rows.client + 1);
  // Each device has a communication lane (the chunk parts' all-to-all), labelled in the legend.
  await expect(page.getByTestId('gantt-legend')).toContainText('comm');
});

test('the headline figures are core numbers side by side, with the ratio to 1F1B', async ({ page }) => {
  const { own, ref } = await openStory(page);
  const cell = (figure: string, column: string) =>
    page.locator(`[data-testid="headline-${figure}"][data-column="${column}"]`);
  const value = async (figure: string, column: string) =>
    JSON.parse((await cell(figure, column).getAttribute('data-value')) ?? 'null') as number | null;
  for (const [column, a] of [
    ['dualpipe', own],
    ['1f1b', ref],
  ] as const) {
    await expect(cell('makespan', column)).toBeVisible();
    expect(await value('makespan', column)).toBeCloseTo(a.metrics.makespan, 9);
    expect(await value('steadyStateOverlap', column)).toBeCloseTo(a.metrics.steadyState.overlap!, 9);
    expect(await value('overlap', column)).toBeCloseTo(a.metrics.comm.overlapFraction!, 9);
    expect(await value('exposedCommMean', column)).toBeCloseTo(a.metrics.comm.exposedCommMean, 9);
  }
  // The exposed communication cell shows the mean and the max, in ms.
  await expect(cell('exposedCommMean', '1f1b')).toContainText(' / ');
  await expect(cell('exposedCommMean', '1f1b')).toContainText('ms');
  // The ratio: 1F1B's iteration time over DualPipe's, and the overlap and exposed ratios.
  const ratio = async (figure: string) =>
    Number(await cell(figure, 'dualpipe').getByTestId('headline-ratio').getAttribute('data-ratio'));
  expect(await ratio('makespan')).toBeCloseTo(ref.metrics.makespan / own.metrics.makespan, 9);
  expect(await ratio('steadyStateOverlap')).toBeCloseTo(
    own.metrics.steadyState.overlap! / ref.metrics.steadyState.overlap!,
    9,
  );
  expect(await ratio('exposedCommMean')).toBeCloseTo(
    own.metrics.comm.exposedCommMean / ref.metrics.comm.exposedCommMean,
    9,
  );
  const speedup = (ref.metrics.makespan / own.metrics.makespan).toFixed(2);
  await expect(cell('makespan', 'dualpipe').getByTestId('headline-ratio')).toHaveText(
    `${Number.parseFloat(speedup)}× faster`,
  );
  // Scope and unit beside every figure.
  await expect(page.getByTestId('headline')).toContainText('ms per device, mean / max');
  await expect(page.getByTestId('headline')).toContainText('%, steady-state windows');
});

test("why GPipe beats 1F1B with chunk parts is on the first screen, in core's words", async ({ page }) => {
  const { scenario, ref } = await openStory(page);
  const gpipe = run(scenario, 'gpipe');
  expect(gpipe.metrics.makespan).toBeLessThan(ref.metrics.makespan);
  const expected = explainDifference(gpipe, ref).slice(1);
  await expect.poll(() => sentences(page, 'explain-parts')).toEqual(expected);
  const box = await page.getByTestId('explain-parts').boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(1000);
});

test("the Explain panels say what core's explain functions say, and name the critical path as what to optimize", async ({
  page,
}) => {
  const { own, ref } = await openStory(page);
  await expect.poll(() => sentences(page, 'explain', 'schedule')).toEqual(explainSchedule(own.metrics));
  expect(await sentences(page, 'explain', 'reference')).toEqual(explainSchedule(ref.metrics));
  expect(await sentences(page, 'explain-why')).toEqual(explainDifference(own, ref).slice(1));
  const critical = page.locator('[data-testid="explain"] li.critical');
  await expect(critical).toHaveCount(2);
  await expect(critical.first()).toContainText('What to optimize: The critical path');
  // The largest cause first, with its number.
  await expect(page.getByTestId('explain').getByTestId('explain-sentence').first()).toContainText('%');
});

test('each breakdown bar sums to its schedule makespan within a pixel and splits it as core attributes the idle time', async ({
  page,
}) => {
  const { scenario, own, ref } = await openStory(page);
  const breakdown = page.getByTestId('breakdown');
  const pxPerMs = Number(await breakdown.getAttribute('data-px-per-ms'));
  expect(pxPerMs).toBeGreaterThan(0);
  const bars = await breakdown.getByTestId('breakdown-bar').evaluateAll((gs) =>
    gs.map((g) => ({
      block: Number(g.getAttribute('data-block')),
      device: Number(g.getAttribute('data-device')),
      width: [...g.querySelectorAll('rect')].reduce((n, r) => n + Number(r.getAttribute('width')), 0),
      segments: Object.fromEntries(
        [...g.querySelectorAll('rect')].map((r) => [
          r.getAttribute('data-segment'),
          Number(r.getAttribute('data-ms')),
        ]),
      ),
    })),
  );
  expect(bars).toHaveLength(2 * scenario.devices);
  const C = IDLE_CAUSES.length;
  const cause = (a: Analysis, d: number, c: string) =>
    a.metrics.idleByCause.byDevice[d * C + IDLE_CAUSES.indexOf(c as never)];
  for (const bar of bars) {
    const a = bar.block === 0 ? own : ref;
    expect(Math.abs(bar.width - a.metrics.makespan * pxPerMs)).toBeLessThanOrEqual(1);
    expect(bar.segments.compute).toBeCloseTo(a.metrics.busy[bar.device], 9);
    expect(bar.segments.exposedComm ?? 0).toBeCloseTo(cause(a, bar.device, 'exposedComm'), 9);
    expect(bar.segments.fillDrain ?? 0).toBeCloseTo(
      cause(a, bar.device, 'fill') + cause(a, bar.device, 'drain'),
      9,
    );
  }
  // Each bar sits in its device's row of the chart.
  const label = page.locator('[data-lane="compute"]').nth(scenario.devices + 3);
  await expect(label).toHaveText('Device 3');
  const row = await label.boundingBox();
  const bar = await page
    .locator('[data-testid="breakdown-bar"][data-block="1"][data-device="3"] rect')
    .first()
    .boundingBox();
  const centre = bar!.y + bar!.height / 2;
  expect(centre).toBeGreaterThanOrEqual(row!.y);
  expect(centre).toBeLessThanOrEqual(row!.y + row!.height + 8);
  await expect(page.getByTestId('breakdown-legend')).toContainText('exposed comm');
});

test('memory: one bar per device against the capacity line, the warning summarised with each device one click away', async ({
  page,
}) => {
  const { scenario } = await openStory(page);
  // GPipe holds every micro-batch's activations: over the example's 80 GiB on every device.
  await page.getByTestId('field-schedule').selectOption('gpipe');
  const gpipe = run({ ...scenario, schedule: 'gpipe' }, 'gpipe');
  const mem = gpipe.metrics.memory;
  const section = page.getByTestId('memory-section');
  await expect(section.getByTestId('peak-memory-bar')).toHaveCount(scenario.devices);
  // The bars are redrawn when the new schedule's analysis arrives; until then they show the old one's.
  await expect
    .poll(() =>
      section
        .getByTestId('peak-memory-bar')
        .evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-bytes')))),
    )
    .toEqual(Array.from(mem.peakMemoryBytes));
  await expect(section.getByTestId('capacity-line')).toHaveAttribute(
    'data-bytes',
    String(scenario.memory.capacity),
  );

  // The summary: how many devices are over, the capacity, and the worst device, in GiB.
  const GiB = 1024 ** 3;
  const over = Array.from(mem.peakMemoryBytes).filter((b) => b > scenario.memory.capacity!).length;
  const peak = Math.max(...mem.peakMemoryBytes);
  const worst = Array.from(mem.peakMemoryBytes).indexOf(peak);
  const gib = (b: number) => `${Number.parseFloat((b / GiB).toFixed(1))} GiB`;
  const summary = page.getByTestId('memory-warning-summary');
  await expect(summary).toHaveText(
    `${over} of ${scenario.devices} devices exceed ${gib(scenario.memory.capacity!)}: peak ${gib(peak)} on device ${worst}`,
  );
  const lines = page.getByTestId('memory-warning').locator('li');
  await expect(lines.first()).toBeHidden();
  await summary.click();
  await expect(lines).toHaveCount(over);
  await expect(lines.first()).toBeVisible();
  // No per-device line outside the summary.
  await expect(page.getByTestId('warnings')).toHaveCount(0);

  // Memory over time: the range over devices and the worst device; clicking a bar adds a device.
  const chart = section.getByTestId('memory-chart');
  await expect(chart.locator('[data-band]')).toHaveCount(1);
  await expect(chart.locator(`g.series[data-series="device ${worst}"]`)).toHaveCount(1);
  await section.locator('[data-testid="peak-memory-bar"][data-device="5"]').click();
  await expect(chart.locator('g.series[data-series="device 5"]')).toHaveCount(1);
  await expect(chart).toContainText('memory in use (GiB, per device)');
});

test('the reference can be changed or turned off, as view state (not undoable)', async ({ page }) => {
  const { scenario } = await openStory(page);
  await page.getByTestId('reference-schedule').selectOption('gpipe');
  await expect(page.getByTestId('main-view')).toHaveAttribute('data-reference', 'gpipe');
  await expect(page.getByTestId('gantt-block-label').nth(1)).toContainText('GPipe');
  await page.getByTestId('reference-schedule').selectOption('');
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(scenario.devices));
  await expect(page.getByTestId('headline-ratio')).toHaveCount(0);
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});

test("while the order is edited the chart draws the document's rows alone; the reference's figures stay", async ({
  page,
}) => {
  const { scenario } = await openStory(page);
  const gantt = page.getByTestId('gantt');
  await expect(gantt).toHaveAttribute('data-rows', String(2 * scenario.devices));
  await page.getByTestId('order-edit-toggle').click();
  await expect(gantt).toHaveAttribute('data-rows', String(scenario.devices));
  await expect(page.getByTestId('breakdown-bar')).toHaveCount(scenario.devices);
  await expect(page.locator('[data-testid="headline-makespan"][data-column="1f1b"]')).toBeVisible();
  await page.getByTestId('order-edit-toggle').click();
  await expect(gantt).toHaveAttribute('data-rows', String(2 * scenario.devices));
  await expect(page.getByTestId('breakdown-bar')).toHaveCount(2 * scenario.devices);
});
