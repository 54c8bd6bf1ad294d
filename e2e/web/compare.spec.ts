import { expect, test } from '@playwright/test';
import { analyze } from '../../core/analyze';
import { metricsToJSON } from '../../core/metrics/metrics';
import type { ScheduleName } from '../../core/model/scenario';
import { at, openApp, pageScenario, simulateJson } from './helpers';

test('compare stacks the chosen schedules on one time axis with their metrics side by side', async ({
  page,
}) => {
  await openApp(page);
  const scenario = await pageScenario(page);
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  // Add GPipe to whatever is chosen, if it can run this scenario (from the picker's list).
  await page.getByTestId('compare-schedules-toggle').click();
  const gpipe = page.getByTestId('compare-gpipe');
  if (await gpipe.isEnabled()) await gpipe.check();

  const columns = page.locator('[data-testid="metrics"] td[data-source="makespan"]');
  await expect.poll(() => columns.count()).toBeGreaterThanOrEqual(2);
  const schedules = (await columns.evaluateAll((cells) =>
    cells.map((c) => c.getAttribute('data-column')),
  )) as ScheduleName[];
  expect(schedules).toContain(scenario.schedule);

  // One block of device rows per schedule, all on one chart.
  const rows = schedules.reduce((n, s) => {
    const r = analyze(scenario, s);
    if (!r.ok) throw new Error(`${s} should run: ${JSON.stringify(r.errors)}`);
    return n + r.analysis.schedule.devices;
  }, 0);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(rows));
  await expect(page.getByTestId('gantt-block-label')).toHaveCount(schedules.length);

  // Each column's numbers are the engine's for that schedule.
  for (const s of schedules) {
    const r = analyze(scenario, s);
    if (!r.ok) throw new Error('unreachable');
    const json = metricsToJSON(r.analysis.metrics);
    const cells = await page
      .locator(`[data-testid="metrics"] td[data-column="${s}"]`)
      .evaluateAll((cs) =>
        cs.map((c) => [c.getAttribute('data-source'), JSON.parse(c.getAttribute('data-json') ?? 'null')]),
      );
    expect(cells.length).toBeGreaterThan(5);
    for (const [source, value] of cells)
      expect([source, value]).toEqual([source, at(json, source as string) ?? null]);
  }

  // Bubble vs micro-batches: one series per schedule, axes labelled with units.
  const bubble = page.getByTestId('bubble-chart');
  await expect(bubble.locator('g.series')).toHaveCount(schedules.length);
  await expect(bubble).toContainText('micro-batches m');
  await expect(bubble).toContainText('(%)');
  await expect.poll(() => bubble.locator('circle').count()).toBeGreaterThan(schedules.length * 2);
  // Memory of the shown schedule: a peak bar per device, and over time the range over devices.
  const memory = page.getByTestId('memory-chart');
  await expect(memory).toContainText('time (ms)');
  await expect(memory).toContainText('(GiB, per device)');
  const shown = (await page.getByTestId('memory-schedule').inputValue()) as ScheduleName;
  await expect(page.getByTestId('peak-memory-bar')).toHaveCount(
    simulateJson({ ...scenario, schedule: shown }).devices,
  );
});

test('a large scenario is analysed off the UI thread and its metrics still match the engine', async ({
  page,
}) => {
  await openApp(page);
  const field = page.getByTestId('field-microbatches');
  const scenario = await pageScenario(page);
  // Enough micro-batches to pass the inline limit (12k ops), so the worker computes it.
  const m = Math.ceil(25_000 / (scenario.devices * 2)) * 2;
  await field.fill(String(m));
  await field.blur();
  const expected = simulateJson({ ...scenario, microbatches: m });
  await expect(page.getByTestId('gantt')).toHaveAttribute(
    'data-ops',
    String(expected.timeline.reduce((n, d) => n + d.ops.length, 0)),
    { timeout: 30_000 },
  );
  await expect(page.locator('td[data-source="makespan"]')).toHaveAttribute(
    'data-json',
    JSON.stringify(expected.metrics.makespan),
  );
  await expect(page.getByTestId('computing')).toHaveCount(0);
});
