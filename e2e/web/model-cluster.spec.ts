import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { scenarioCostFigures } from '../../core/cost-model/report';
import { deriveSection } from '../../core/cost-model/scenario-derive';
import { loadScenario } from '../../core/format/scenario-file';
import { deriveV3, openApp, pageScenario, simulateJson } from './helpers';

// The Model & cluster panel: derive the scenario from presets, see the derived values marked (hover:
// formula and inputs), override one (marked, saved, reopened, reset), undo, and the training-cost
// figures beside the metrics. Screenshots for a person to look at: test-results/screenshots/.
const DIR = 'test-results/screenshots';
const CELL = 'parts.forward.attention[0]';

test('choose presets, see derived values with their formulas, override one, save and reopen, undo', async ({
  page,
}) => {
  await openApp(page);
  const s = await deriveV3(page);
  // the document holds what the cost model derives from the section it holds
  const d = deriveSection(s.derive!);
  if (!d.ok) throw new Error('derives');
  expect(s.devices).toBe(16);
  expect(s.costs).toEqual(d.derivation.scenario.costs);
  expect(s.parts).toEqual(d.derivation.scenario.parts);
  await expect(page.getByTestId('field-devices')).toHaveValue('16');
  await expect(page.getByTestId('cmd-undo')).toHaveAttribute('title', /Derive from DeepSeek-V3 on H800/);

  // derived fields are marked; the mark explains its formula and inputs on hover
  await expect(page.getByTestId('mark-devices')).toHaveAttribute('data-state', 'derived');
  await page.getByTestId('mark-memory.activation').locator('.mark-badge').hover();
  const tip = page.getByTestId('mark-tip-memory.activation');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('Korthikanti');
  await expect(tip).toContainText('tokensPerMicrobatch = 4096');

  // the training-cost figures are the engine's for this scenario
  const fig = scenarioCostFigures(s, d.derivation, simulateJson(s).makespan);
  await expect(page.getByTestId('cost-iterationTime')).toContainText(
    `${Number((fig.iteration.timeMs / 1e3).toPrecision(4))} s`,
  );
  await expect(page.getByTestId('cost-tokensPerSecond')).toContainText('all 2,048 GPUs');

  // per-device parts: the tables, each cell marked; override one cell
  const cell = page.getByTestId(`field-${CELL}`);
  await expect(cell.locator('..')).toHaveAttribute('data-mark', 'derived');
  const derivedValue = await cell.inputValue();
  await cell.fill('1');
  await cell.press('Tab');
  await expect(cell.locator('..')).toHaveAttribute('data-mark', 'overridden');
  expect((await pageScenario(page)).derive!.overrides).toEqual([CELL]);
  expect(((await pageScenario(page)).parts!.forward.attention as number[])[0]).toBe(1);
  await cell.focus();
  await expect(page.getByTestId('cell-mark-details').first()).toContainText('Overridden by hand');

  // undo takes the value and its mark back in one step; redo brings both again
  await page.getByTestId('cmd-undo').click();
  await expect(cell).toHaveValue(derivedValue);
  await expect(cell.locator('..')).toHaveAttribute('data-mark', 'derived');
  expect((await pageScenario(page)).derive!.overrides).toEqual([]);
  await page.getByTestId('cmd-redo').click();
  await expect(cell.locator('..')).toHaveAttribute('data-mark', 'overridden');

  // save: the file keeps the section and the override; reopening shows it overridden
  const download = page.waitForEvent('download');
  await page.getByTestId('cmd-save').click();
  const path = await (await download).path();
  const saved = loadScenario(readFileSync(path, 'utf8'));
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  expect(saved.scenario.derive!.overrides).toEqual([CELL]);
  expect((saved.scenario.parts!.forward.attention as number[])[0]).toBe(1);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId(`field-${CELL}`).locator('..')).toHaveAttribute('data-mark', 'overridden');

  // re-deriving keeps the override; reset takes the derived value back
  await page.getByTestId('derive-rederive').click();
  await expect(page.getByTestId(`field-${CELL}`)).toHaveValue('1');
  await page.getByTestId(`field-${CELL}`).focus();
  await page.getByTestId(`reset-${CELL}`).click();
  await expect(page.getByTestId(`field-${CELL}`)).toHaveValue(derivedValue);
  expect((await pageScenario(page)).derive!.overrides).toEqual([]);
});

test('a change in the panel re-derives in one undo step, and bad inputs are marked at their field', async ({
  page,
}) => {
  await openApp(page);
  await deriveV3(page);
  const pp = page.getByTestId('field-derive.parallelism.pp');
  await pp.fill('8');
  await pp.press('Tab');
  await expect(page.getByTestId('field-devices')).toHaveValue('8');
  expect((await pageScenario(page)).derive!.parallelism.pp).toBe(8);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('field-devices')).toHaveValue('16');
  expect((await pageScenario(page)).derive!.parallelism.pp).toBe(16);

  // TP 3 does not divide DeepSeek-V3's 128 heads: the error is at the TP field
  const tp = page.getByTestId('field-derive.parallelism.tp');
  await tp.fill('3');
  await tp.press('Tab');
  await expect(page.getByTestId('derive-parallelism').getByTestId('field-error').first()).toContainText(
    'must divide the 128 attention heads',
  );
  await expect(page.getByTestId('derive-summary')).toContainText('cannot be derived');
});

test('screenshots of the Model & cluster panel at 1600x1000 and 1280x800, light and dark', async ({
  page,
}) => {
  mkdirSync(DIR, { recursive: true });
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openApp(page);
  await page.getByTestId('derive').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${DIR}/model-cluster-start.png` });
  await deriveV3(page);
  const cell = page.getByTestId(`field-${CELL}`);
  await cell.fill('1');
  await cell.press('Tab');
  await cell.focus();
  const top = (id: string) => page.getByTestId(id).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await top('derive');
  await page.screenshot({ path: `${DIR}/model-cluster-1600.png` });
  await top('derive-hardware');
  await page.screenshot({ path: `${DIR}/model-cluster-hardware-1600.png` });
  await page.getByTestId('mark-memory.parameters').locator('.mark-badge').hover();
  await page.screenshot({ path: `${DIR}/model-cluster-mark-1600.png` });
  await page.getByTestId('parts-table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${DIR}/model-cluster-parts-1600.png` });
  await page.locator('.view-pane').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.screenshot({ path: `${DIR}/model-cluster-metrics-1600.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await top('derive');
  await page.screenshot({ path: `${DIR}/model-cluster-1280.png` });
  await page.getByTestId('cmd-toggle-theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: `${DIR}/model-cluster-1280-dark.png` });
  await top('parts-table');
  await page.screenshot({ path: `${DIR}/model-cluster-parts-1280-dark.png` });
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.locator('.view-pane').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.screenshot({ path: `${DIR}/model-cluster-metrics-1600-dark.png` });
});
