import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { analyze } from '../../core/analyze';
import type { Scenario } from '../../core/model/scenario';
import { type TuneRequest, TuneAccumulator, TuneWorkerState, WHOLE, planSpace } from '../../core/tune';
import { deriveV3, openApp, pageScenario } from './helpers';

// Find best in the browser: the axes, a run on Web Workers, the scatter and the table filling in,
// opening a configuration in the schedule view, Apply as one undo step; and screenshots of it
// mid-run and done at two window sizes, for a person to look at.
const DIR = 'test-results/screenshots';
const MICROBATCHES = '16, 24, 32, 48, 64, 96, 128';
/** The window sizes the screenshots are taken at. */
const WINDOWS = [
  [1600, 1000],
  [1280, 800],
] as const;

/** The best the engine finds for the page's scenario and this space, computed in the test process. */
function engineBest(s: Scenario, request: TuneRequest) {
  const plan = planSpace(s, request);
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  const constraints = { capacity: s.memory.capacity, activationLimit: null };
  const w = new TuneWorkerState({ base: s, request, constraints, shard: WHOLE });
  const acc = new TuneAccumulator(plan.space, constraints);
  for (const r of w.block(0, plan.space.size)) acc.add(r);
  return { report: acc.report(), scaler: plan.scaler, size: plan.space.size };
}

async function openFindBest(page: Page) {
  await openApp(page);
  await page.getByTestId('tab-tune').click();
  await expect(page.getByTestId('tune-view')).toBeVisible();
  await page.getByTestId('tune-microbatches').fill(MICROBATCHES);
}

async function done(page: Page) {
  await expect(page.getByTestId('tune-progress')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
}

/** Runs the form's space in the page and checks that its best is the one the engine finds. */
async function runExpectingBest(page: Page, expected: ReturnType<typeof engineBest>) {
  await expect(page.getByTestId('tune-run')).toHaveText(`Run ${expected.size} configurations`);
  await page.getByTestId('tune-run').click();
  await done(page);
  const best = expected.report.best!;
  await expect(page.getByTestId('tune-best')).toContainText(
    `${best.figures!.makespan.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms per iteration`,
  );
  return best;
}

test('Find best runs the space, shows the best the engine finds, and opens and applies a configuration', async ({
  page,
}) => {
  await openFindBest(page);
  const original = await pageScenario(page);
  const request: TuneRequest = { microbatches: MICROBATCHES.split(', ').map(Number) };
  const expected = engineBest(original, request);
  const best = await runExpectingBest(page, expected);
  const counts = page.getByTestId('tune-counts');
  await expect(counts).toContainText(`${expected.size} evaluated: ${expected.report.feasible} feasible`);
  await expect(counts).toContainText(`memory ${expected.report.infeasible.memory}`);
  const points = Number(await page.getByTestId('tune-scatter').getAttribute('data-points'));
  expect(points).toBe(expected.size - expected.report.infeasible.rules - expected.report.infeasible.size);
  await expect(page.getByTestId('tune-capacity-line')).toBeVisible();

  // sorted by iteration time, the first row is the best; by peak memory, memory never falls
  const rows = page.getByTestId('tune-row');
  await expect(rows.first()).toHaveAttribute('data-index', String(best.index));
  await expect(rows.first()).toHaveAttribute('data-makespan', String(best.figures!.makespan));
  await page.getByTestId('tune-sort-memory').click();
  const memoryColumn = () =>
    rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-memory'))));
  await expect
    .poll(async () => {
      const memory = await memoryColumn();
      return memory.length > 3 && memory.every((b, i) => i === 0 || b >= memory[i - 1]);
    })
    .toBe(true);
  await page.getByTestId('tune-sort-time').click();

  // open the best: the schedule view of exactly that configuration, the document unchanged
  await rows.first().click();
  await expect(page.getByTestId('tune-preview')).toBeVisible();
  await expect(page.getByTestId('gantt')).toBeVisible();
  expect(await pageScenario(page)).toEqual(original);
  await page.getByTestId('tune-apply').click();
  await expect(page.getByTestId('main-view')).toBeVisible();
  const applied = await pageScenario(page);
  const built = expected.scaler.scenarioFor({ ...original }, best.choice);
  if (!built.ok) throw new Error('the best builds');
  expect(applied).toEqual(JSON.parse(JSON.stringify(built.scenario)));
  const a = analyze(applied);
  expect(a.ok && a.analysis.metrics.makespan).toBe(best.figures!.makespan);
  // one undo entry takes it all back
  await page.getByTestId('cmd-undo').click();
  expect(await pageScenario(page)).toEqual(original);
});

test("Find best on a derived scenario sweeps recomputation from the cost model: its best is the engine's, with a recompute column", async ({
  page,
}) => {
  mkdirSync(DIR, { recursive: true });
  for (const [w, h] of WINDOWS) {
    await page.setViewportSize({ width: w, height: h });
    await openApp(page);
    const s = await deriveV3(page);
    await page.getByTestId('tab-tune').click();
    await expect(page.getByTestId('tune-view')).toBeVisible();
    // with FlashAttention, selective costs what none costs: none and full by default
    await expect(page.getByTestId('tune-recompute-none')).toBeChecked();
    await expect(page.getByTestId('tune-recompute-selective')).not.toBeChecked();
    await expect(page.getByTestId('tune-recompute-full')).toBeChecked();
    await expect(page.getByTestId('tune-smReserved')).toBeEnabled();
    for (const name of ['zb-h2', 'looped-bfs', 'interleaved-zb', 'interleaved-1f1b'])
      await page.getByTestId(`tune-schedule-${name}`).uncheck();
    await page.screenshot({ path: `${DIR}/tune-derived-form-${w}x${h}.png` });
    // the form's other axes are the tuner's defaults for this scenario
    const checked = await page
      .getByTestId('tune-axes')
      .locator('[data-testid^="tune-schedule-"]:checked')
      .evaluateAll((els) =>
        els.map((e) => (e.getAttribute('data-testid') ?? '').slice('tune-schedule-'.length)),
      );
    expect(checked.length).toBeGreaterThan(3);
    const request: TuneRequest = { schedules: checked as TuneRequest['schedules'] };
    await runExpectingBest(page, engineBest(s, request));
    await page.screenshot({ path: `${DIR}/tune-derived-done-${w}x${h}.png` });
    const table = page.getByTestId('tune-table');
    await expect(table.locator('th', { hasText: 'Recompute' })).toBeVisible();
    await page.getByTestId('tune-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${DIR}/tune-derived-table-${w}x${h}.png` });
  }
});

test('screenshots of Find best mid-run and done at 1600x1000 and 1280x800', async ({ page }) => {
  mkdirSync(DIR, { recursive: true });
  for (const [w, h] of WINDOWS) {
    await page.setViewportSize({ width: w, height: h });
    await openFindBest(page);
    await page.getByTestId('tune-run').click();
    await expect
      .poll(async () => Number(await page.getByTestId('tune-scatter').getAttribute('data-points')), {
        timeout: 60_000,
      })
      .toBeGreaterThan(20);
    await page.screenshot({ path: `${DIR}/tune-running-${w}x${h}.png` });
    await done(page);
    await page.screenshot({ path: `${DIR}/tune-done-${w}x${h}.png` });
    await page.locator('.view-pane').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.screenshot({ path: `${DIR}/tune-table-${w}x${h}.png` });
  }
  // a configuration opened from the table, in the dark theme
  await page.getByTestId('cmd-toggle-theme').click();
  await page.getByTestId('tune-row').nth(1).click();
  await expect(page.getByTestId('tune-preview').getByTestId('gantt')).toBeVisible();
  await page.screenshot({ path: `${DIR}/tune-preview-dark-1280x800.png` });
  await page.getByTestId('tune-back').click();
  await page.screenshot({ path: `${DIR}/tune-done-dark-1280x800.png` });
});
