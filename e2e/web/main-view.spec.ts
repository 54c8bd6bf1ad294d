import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { METRIC_DEFINITIONS } from '../../core/metrics/definitions';
import {
  expectMetricsMatchEngine,
  ganttState,
  openApp,
  pageScenario,
  shownMetrics,
  simulateJson,
} from './helpers';

const deepseekExample = fileURLToPath(new URL('../../examples/deepseek-v3.json', import.meta.url));

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the opening scenario renders with one row per device, labelled', async ({ page }) => {
  const scenario = await pageScenario(page);
  if (existsSync(deepseekExample)) expect(scenario.name).toMatch(/DeepSeek/i);
  const g = await ganttState(page);
  expect(g.rows).toBe(scenario.devices);
  await expect(page.getByTestId('field-devices')).toHaveValue(String(scenario.devices));
  for (let d = 0; d < scenario.devices; d++) {
    await expect(page.getByTestId('gantt').getByText(`Device ${d}`, { exact: true }).first()).toBeVisible();
  }
});

test('the metrics shown equal what pipescope simulate --json computes for the same scenario', async ({
  page,
}) => {
  const scenario = await pageScenario(page);
  await expectMetricsMatchEngine(page, scenario);
  const shown = await shownMetrics(page);
  expect(shown.map((m) => m.source)).toEqual(
    expect.arrayContaining([
      'makespan',
      'bubbleIdleFraction',
      'bubbleOverIdeal',
      'maxIdle',
      'parameterMultiplier',
    ]),
  );
  // The makespan's text is the engine's number in ms, not just its data attribute.
  const expected = simulateJson(scenario);
  const makespanText = shown.find((m) => m.source === 'makespan')?.text ?? '';
  expect(Number.parseFloat(makespanText)).toBeCloseTo(expected.makespan, 0);
  expect(makespanText).toContain('ms');
});

test('every metric explains its definition on hover', async ({ page }) => {
  const label = page.getByTestId('metric-label-bubbleOverIdeal');
  await label.hover();
  const tip = page.getByTestId('metric-definition-bubbleOverIdeal');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(METRIC_DEFINITIONS.bubbleOverIdeal.definition);
});

test('changing micro-batches updates chart and metrics, and undo/redo restores both', async ({ page }) => {
  const before = await pageScenario(page);
  const opsBefore = (await ganttState(page)).ops;
  const field = page.getByTestId('field-microbatches');
  const next = before.microbatches + before.devices * 2;
  await field.fill(String(next));
  await field.blur();
  const after = { ...before, microbatches: next };
  await expectMetricsMatchEngine(page, after);
  expect((await ganttState(page)).ops).toBeGreaterThan(opsBefore);

  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue(String(before.microbatches));
  await expectMetricsMatchEngine(page, before);

  await page.keyboard.press('Control+Shift+z');
  await expect(field).toHaveValue(String(next));
  await expectMetricsMatchEngine(page, after);

  // A typed value is one undo step, however many keystrokes it took.
  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue(String(before.microbatches));
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});

test('changing the schedule updates chart and metrics, and undo restores them', async ({ page }) => {
  const before = await pageScenario(page);
  const target = before.schedule === 'gpipe' ? '1f1b' : 'gpipe';
  // Use a shape every schedule accepts so the switch is the only change under test.
  await page.getByTestId('field-schedule').selectOption(target);
  await expect(page.getByTestId('field-schedule')).toHaveValue(target);
  const after = await pageScenario(page);
  expect(after.schedule).toBe(target);
  await expectMetricsMatchEngine(page, after);
  await page.getByTestId('cmd-undo').click();
  await expect(page.getByTestId('field-schedule')).toHaveValue(before.schedule);
  await expectMetricsMatchEngine(page, before);
  await page.getByTestId('cmd-redo').click();
  await expectMetricsMatchEngine(page, after);
});

test('an invalid value is marked at the field with the reason while the chart keeps the last valid scenario', async ({
  page,
}) => {
  const before = await ganttState(page);
  const field = page.getByTestId('field-devices');
  await field.fill('0');
  const error = page.locator('.field-invalid').getByTestId('field-error').first();
  await expect(error).toBeVisible();
  await expect(error).toContainText(/devices|at least|>= ?1/i);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('stale')).toBeVisible();
  expect((await ganttState(page)).rows).toBe(before.rows);
  // Text that is not a number is kept as typed and explained, the document keeps its value.
  await field.fill('abc');
  await expect(page.locator('.field-invalid').getByTestId('field-error').first()).toContainText(
    'not a number',
  );
  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue(String(before.rows));
  await expect(page.getByTestId('stale')).toHaveCount(0);
});

test('zoom changes the visible time range and fit restores it', async ({ page }) => {
  const full = await ganttState(page);
  const scenario = await pageScenario(page);
  const makespan = simulateJson(scenario).makespan;
  // Fitted: the whole iteration is visible (the chart adds a small margin).
  expect(full.t0).toBeLessThanOrEqual(0);
  expect(full.t1).toBeGreaterThanOrEqual(makespan);
  await page.getByTestId('cmd-zoom-in').click();
  await expect
    .poll(async () => (await ganttState(page)).t1 - (await ganttState(page)).t0)
    .toBeLessThan(full.t1 - full.t0);
  const zoomed = await ganttState(page);
  expect(zoomed.t1 - zoomed.t0).toBeCloseTo((full.t1 - full.t0) / 2, 3);
  // Keyboard: "+" zooms in further, "0" fits.
  await page.locator('body').press('+');
  await expect
    .poll(async () => {
      const g = await ganttState(page);
      return g.t1 - g.t0;
    })
    .toBeLessThan(zoomed.t1 - zoomed.t0);
  await page.locator('body').press('0');
  await expect.poll(async () => (await ganttState(page)).t1).toBeCloseTo(full.t1, 6);
  expect((await ganttState(page)).t0).toBeCloseTo(full.t0, 6);
});

test('the help popover lists the keyboard shortcuts', async ({ page }) => {
  await page.locator('body').press('?');
  const help = page.getByTestId('help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Ctrl+Z');
  await expect(help).toContainText('Ctrl+Shift+Z');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('the dark theme switches the whole page', async ({ page }) => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.getByTestId('cmd-toggle-theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(light);
});

test('keyboard: Tab runs from the toolbar through the editor and the headline figures to the chart and the metrics', async ({
  page,
}) => {
  const order: string[] = [];
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return 'none';
      // The skip links come first (straight to the chart, the editor or the metrics).
      if (el.closest('[data-testid="skip-links"]')) return 'skip';
      if (el.closest('.toolbar')) return 'toolbar';
      // The splitter is the editor's edge (resize it with the arrow keys).
      if (el.closest('[data-testid="editor"]') || el.dataset.testid === 'splitter') return 'editor';
      // (the Edit order switch above the chart is one of the chart's controls)
      if (el.closest('[data-testid="gantt"]') || el.closest('[data-testid="order-edit-bar"]')) return 'chart';
      if (el.closest('[data-testid="metrics"]')) return 'metrics';
      // The view's own controls and headline figures, above the chart.
      if (el.closest('[data-testid="main-view"]')) return 'figures';
      return 'other';
    });
    if (order[order.length - 1] !== where) order.push(where);
    if (where === 'metrics') break;
  }
  expect(order.slice(0, 6)).toEqual(['skip', 'toolbar', 'editor', 'figures', 'chart', 'metrics']);
  // A metric's definition shows on keyboard focus too, not only on hover.
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
  expect(focused).toMatch(/^metric-label-/);
  await expect(page.getByTestId(focused.replace('metric-label-', 'metric-definition-'))).toBeVisible();
});

test('the editor panel resizes from the keyboard, as view state (not undoable)', async ({ page }) => {
  const pane = page.locator('.editor-pane');
  const before = (await pane.boundingBox())?.width ?? 0;
  await page.getByTestId('splitter').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await pane.boundingBox())?.width ?? 0).toBeCloseTo(before + 32, 0);
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});
