import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { analyze } from '../../core/analyze';
import { toSimulateJson, type SimulateJson } from '../../core/export/json';
import { loadScenario } from '../../core/format/scenario-file';
import type { Scenario } from '../../core/model/scenario';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export function fixtureScenario(name: string): Scenario {
  const r = loadScenario(readFileSync(fixture(name), 'utf8'));
  if (!r.ok) throw new Error(`fixture ${name} does not load: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

/**
 * What `pipescope simulate --json` prints for a scenario, computed in the test process by core
 * (analyze + toSimulateJson): an independent path from the UI's numbers to the engine's.
 */
export function simulateJson(s: Scenario): SimulateJson {
  const r = analyze(s);
  if (!r.ok) throw new Error(`scenario does not analyse: ${JSON.stringify(r.errors)}`);
  return toSimulateJson(r.analysis);
}

/** The scenario the page holds, as its canonical file text parsed back (no UI numbers involved). */
export async function pageScenario(page: Page): Promise<Scenario> {
  const text = await page.evaluate(() => {
    const store = (window as unknown as { __pipescope: { document: unknown } }).__pipescope;
    return JSON.stringify(store.document);
  });
  return JSON.parse(text) as Scenario;
}

/**
 * Opens the app on its first scenario and waits for the chart. The Schedule view opens with a
 * reference schedule (1F1B) under the document's, in compact rows; unless `firstScreen` is asked
 * for, the reference is turned off and the rows are the chart's normal ones here, so the tests of
 * files, metrics, navigation and the chart see one block of rows, the document's, at full height.
 */
export async function openApp(page: Page, options: { firstScreen?: boolean } = {}): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByTestId('gantt')).toBeVisible();
  if (!options.firstScreen) {
    await page.evaluate(() =>
      (
        window as unknown as {
          __pipescope: { setView(v: { reference: null; chartDensity: 'normal' }): void };
        }
      ).__pipescope.setView({ reference: null, chartDensity: 'normal' }),
    );
    await expect(page.getByTestId('main-view')).toHaveAttribute('data-reference', '');
    await expect(page.getByTestId('gantt')).toHaveAttribute('data-density', 'normal');
  }
  expect(errors).toEqual([]);
}

/** Derives DeepSeek-V3 on H800 from the Model & cluster panel (the example's DualPipe schedule is kept). */
export async function deriveV3(page: Page): Promise<Scenario> {
  const panel = page.getByTestId('derive');
  await panel.getByTestId('derive-start-model').selectOption('deepseek-v3');
  await panel.getByTestId('derive-start-gpu').selectOption('h800');
  await panel.getByTestId('derive-start-button').click();
  await expect(page.getByTestId('derive-panel')).toBeVisible();
  await expect(page.getByTestId('cost-figures')).toBeVisible();
  return pageScenario(page);
}

export async function ganttState(page: Page) {
  const g = page.getByTestId('gantt').first();
  return {
    rows: Number(await g.getAttribute('data-rows')),
    ops: Number(await g.getAttribute('data-ops')),
    t0: Number(await g.getAttribute('data-t0')),
    t1: Number(await g.getAttribute('data-t1')),
  };
}

/** Every metric cell's raw value and the metricsToJSON path it claims to show. */
export async function shownMetrics(page: Page): Promise<{ source: string; json: unknown; text: string }[]> {
  return page.locator('[data-testid="metrics"] td[data-source]').evaluateAll((cells) =>
    cells.map((c) => ({
      source: c.getAttribute('data-source') ?? '',
      json: JSON.parse(c.getAttribute('data-json') ?? 'null'),
      text: c.textContent ?? '',
    })),
  );
}

export function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Waits until the metrics shown are those the engine computes for the page's scenario. */
export async function expectMetricsMatchEngine(page: Page, scenario: Scenario): Promise<void> {
  const expected = simulateJson(scenario);
  await expect
    .poll(async () => (await shownMetrics(page)).map((m) => [m.source, m.json]))
    .toEqual((await shownMetrics(page)).map((m) => [m.source, at(expected.metrics, m.source) ?? null]));
  await expect(page.getByTestId('gantt').first()).toHaveAttribute(
    'data-ops',
    String(expected.timeline.reduce((n, d) => n + d.ops.length, 0)),
  );
}

/** Screenshots of the page at 1600x1000 and 1280x800, as test-results/screens/NAME-WxH.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1600, 1000],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screens/${name}-${width}x${height}.png` });
  }
}
