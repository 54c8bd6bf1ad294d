import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { analyze } from '../../core/analyze';
import { toPytorchCsv } from '../../core/export/pytorch-csv';
import { layoutGantt } from '../../core/layout/gantt-layout';
import type { Scenario } from '../../core/model/scenario';
import { moveAction } from '../../core/schedules/custom-edit';
import { Stream } from '../../core/sim/timeline';
import { openApp, pageScenario } from './helpers';

// Custom orders in the app: dragging an op along its device row (one undo entry, a refused move
// says why), moving the selected op with the keyboard, importing a PyTorch CSV, and an uneven
// layout whose slow stage shows in the chart. Expected orders and times come from core in the
// test process.
const DIR = 'test-results/screenshots';
const SIZES = [
  [1600, 1000],
  [1280, 800],
] as const;

/** The opening example, made small: 1F1B on 4 devices, 8 micro-batches, no chunk parts. */
async function small(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId('field-schedule').selectOption('1f1b');
  await page.getByTestId('field-devices').fill('4');
  await page.getByTestId('field-microbatches').fill('8');
  if (await page.getByTestId('field-parts').isChecked()) await page.getByTestId('field-parts').click();
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ops', String(4 * 2 * 8));
}

function analysed(s: Scenario) {
  const r = analyze(s);
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.analysis;
}

/** The page position of the middle of op `op` of the page's (single) timeline. */
async function opPoint(page: Page, s: Scenario, op: number): Promise<{ x: number; y: number }> {
  const a = analysed(s);
  const g = page.getByTestId('gantt');
  const t0 = Number(await g.getAttribute('data-t0'));
  const t1 = Number(await g.getAttribute('data-t1'));
  const box = (await page.locator('.gantt-plot').first().boundingBox())!;
  let device = 0;
  while (a.schedule.deviceStart[device + 1] <= op) device++;
  const t = (a.timeline.start[op] + a.timeline.end[op]) / 2;
  // the middle of the device's compute lane, where the chart's layout puts it (a P2P lane may follow)
  const lane = layoutGantt([a.timeline]).lanes.find(
    (l) => l.device === device && l.stream === Stream.COMPUTE,
  )!;
  return { x: box.x + ((t - t0) / (t1 - t0)) * box.width, y: box.y + lane.y + lane.height / 2 };
}

/** The op index of an action ("0F3") in a schedule. */
function opOf(s: Scenario, device: number, action: string): number {
  const a = analysed(s);
  const m = /^(\d+)([FIWB])(\d+)$/.exec(action)!;
  const kind = { F: 0, I: 1, W: 2, B: 3 }[m[2]]!;
  for (let i = a.schedule.deviceStart[device]; i < a.schedule.deviceStart[device + 1]; i++)
    if (
      a.schedule.stage[i] === Number(m[1]) &&
      a.schedule.kind[i] === kind &&
      a.schedule.microbatch[i] === Number(m[3])
    )
      return i;
  throw new Error(`no ${action} on device ${device}`);
}

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${DIR}/${name}-${width}.png` });
  }
}

test('drag an op later on its device: one undoable edit that makes a custom order', async ({ page }) => {
  await small(page);
  const before = await pageScenario(page);
  await page.getByTestId('order-edit-toggle').click();
  await expect(page.getByTestId('order-edit-toggle')).toHaveAttribute('aria-pressed', 'true');

  // 1F1B device 0 runs 0F0 0F1 0F2 0F3 0B0 0F4 ...: drag 0F3 to just after 0B0. At each window
  // size: pick it up, show where it would land (the screenshot), and put it back where it was
  const drag = async (release: boolean) => {
    const from = await opPoint(page, before, opOf(before, 0, '0F3'));
    const past = await opPoint(page, before, opOf(before, 0, '0B0'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(past.x + 4, from.y, { steps: 8 });
    await expect(page.getByTestId('order-drop-marker')).toBeVisible();
    await expect(page.locator('.gantt-order-label')).toContainText('0F3 → place 5 of 16, after 0B0');
    if (!release) {
      mkdirSync(DIR, { recursive: true });
      await page.screenshot({ path: `${DIR}/order-drag-${page.viewportSize()!.width}.png` });
      await page.mouse.move(from.x, from.y, { steps: 4 });
    }
    await page.mouse.up();
  };
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await drag(false);
    expect((await pageScenario(page)).schedule).toBe('1f1b'); // put back: no edit
  }
  await drag(true);

  const expected = moveAction(before, analysed(before).schedule, 0, 3, 4);
  expect(expected.ok).toBe(true);
  if (!expected.ok) return;
  await expect
    .poll(async () => (await pageScenario(page)).order?.devices)
    .toEqual(expected.scenario.order?.devices);
  const after = await pageScenario(page);
  expect(after.schedule).toBe('custom');
  expect(after.order!.devices[0].startsWith('0F0 0F1 0F2 0B0 0F3 0F4')).toBe(true);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ops', String(4 * 2 * 8));

  // one undo step takes the whole edit back: the generated 1F1B again
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await pageScenario(page)).schedule).toBe('1f1b');
  expect((await pageScenario(page)).order ?? null).toBeNull();
});

test('a move that breaks a dependency is refused with the reason, and nothing changes', async ({ page }) => {
  await small(page);
  const before = await pageScenario(page);
  await page.getByTestId('order-edit-toggle').click();
  // device 3 (the last stage) runs 3F0 3B0 ...: its backward before its forward cannot run
  const b0 = await opPoint(page, before, opOf(before, 3, '3B0'));
  const f0 = await opPoint(page, before, opOf(before, 3, '3F0'));
  await page.mouse.move(b0.x, b0.y);
  await page.mouse.down();
  await page.mouse.move(f0.x - 20, b0.y, { steps: 8 });
  await page.mouse.up();
  const refused = page.getByTestId('order-edit-refused');
  await expect(refused).toBeVisible();
  const expected = moveAction(before, analysed(before).schedule, 3, 1, 0);
  expect(expected.ok).toBe(false);
  if (!expected.ok) await expect(refused).toContainText(expected.reason.slice(0, 120));
  await expect(refused).toContainText('device 3 waits at 3B0 for 3F0 on device 3, which closes the cycle');
  expect((await pageScenario(page)).schedule).toBe('1f1b');
  await shots(page, 'order-refused');
});

test('select an op, then Alt+Left moves it one place earlier', async ({ page }) => {
  await small(page);
  const before = await pageScenario(page);
  await page.getByTestId('order-edit-toggle').click();
  const p = await opPoint(page, before, opOf(before, 1, '1B0'));
  await page.mouse.click(p.x, p.y);
  await expect(page.getByTestId('order-selected')).toBeVisible();
  await page.keyboard.press('Alt+ArrowLeft');
  // device 1 runs 1F0 1F1 1F2 1B0 ...: 1B0 one place earlier is before 1F2
  const expected = moveAction(before, analysed(before).schedule, 1, 3, 2);
  expect(expected.ok).toBe(true);
  if (!expected.ok) return;
  await expect
    .poll(async () => (await pageScenario(page)).order?.devices[1])
    .toBe(expected.scenario.order!.devices[1]);
});

test("imports a PyTorch CSV as the custom order, with the order's shape", async ({ page }) => {
  await small(page);
  const zbv = analysed({ ...(await pageScenario(page)), schedule: 'zb-v', devices: 3, microbatches: 6 });
  const csv = toPytorchCsv(zbv.schedule);
  if (!csv.ok) throw new Error(csv.reason);
  const file = join(tmpdir(), `pipescope-zbv-${process.pid}.csv`);
  writeFileSync(file, csv.text);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('order-import').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('order-status')).toContainText(
    '3 devices, 6 micro-batches, 2 stage(s) per device',
  );
  await expect.poll(async () => (await pageScenario(page)).schedule).toBe('custom');
  const s = await pageScenario(page);
  expect([s.devices, s.microbatches, s.chunks]).toEqual([3, 6, 2]);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ops', String(zbv.schedule.count));
  expect(analysed(s).timeline.makespan).toBe(zbv.timeline.makespan);
  await page.getByTestId('order').scrollIntoViewIfNeeded();
  await shots(page, 'order-imported');
});

test('an uneven layout: the stage with the loss head is the slow one, in the chart and the metrics', async ({
  page,
}) => {
  await small(page);
  await page.getByTestId('field-layout.stages').fill('Et*4|t*4|t*4|t*4L');
  await expect(page.getByTestId('layout-costs')).toBeVisible();
  // the loss + head costs as much as four layers, forward and backward
  const loss = page.getByTestId('layout-costs');
  const s0 = await pageScenario(page);
  const perLayer = (analysed(s0).config.forward[0] * 4) / 16; // the even split the layout starts from
  for (const [k, v] of [
    ['forward', 4 * perLayer],
    ['backwardInput', 4 * perLayer],
  ] as const)
    await loss.getByTestId(`field-layout.loss.${k}`).fill(String(v));
  await expect(page.getByTestId('layout-summary')).toContainText('Heaviest: stage 3');
  const s = await pageScenario(page);
  const a = analysed(s);
  // device 3's forwards take twice device 0's
  const d0 = a.schedule.deviceStart[0];
  const d3 = a.schedule.deviceStart[3];
  expect(a.timeline.end[d3] - a.timeline.start[d3]).toBeCloseTo(
    2 * (a.timeline.end[d0] - a.timeline.start[d0]),
    9,
  );
  const busy = Array.from(a.metrics.busy);
  expect(busy.indexOf(Math.max(...busy))).toBe(3);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ops', String(a.schedule.count));
  await page.getByTestId('layout').scrollIntoViewIfNeeded();
  await shots(page, 'uneven-layout');
});
