import { expect, test } from '@playwright/test';
import { analyze } from '../../core/analyze';
import { CATEGORIES, CHART_COLORS, P2P_CATEGORY, shadeOf } from '../../core/layout/palette';
import { OpKind } from '../../core/model/ops';
import {
  basePixels,
  chartView,
  ONE_F_ONE_B_64x512,
  openScenario,
  paneScroll,
  rgbOf,
  scenarioWith,
  timeAt,
} from './chart-helpers';
import { openApp } from './helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

// The default scenario: 1F1B, 4 devices, 8 micro-batches, F = B = W = 1 ms (a full backward is
// 2 ms): makespan (m + P - 1)(F + B + W) = 11 x 3 = 33 ms, and device 3 waits 3 ms for its first F.
const SMALL = scenarioWith({});

test('the plain wheel over the chart scrolls the page, not the chart, and the axis sticks on top', async ({
  page,
}) => {
  await openScenario(page, ONE_F_ONE_B_64x512);
  const before = await chartView(page);
  expect(await paneScroll(page)).toBe(0);
  await page.mouse.move(before.box.x + before.box.width / 2, before.box.y + 100);
  await page.mouse.wheel(0, 600);
  await expect.poll(() => paneScroll(page)).toBeGreaterThan(300);
  const after = await chartView(page);
  expect([after.t0, after.t1]).toEqual([before.t0, before.t1]);
  // The time axis stays at the top of the scrolled pane; the canvas sits right under it and shows
  // the rows now there: the label at its top row and that row's bars line up.
  const pane = await page.locator('.view-pane').boundingBox();
  const axis = await page.getByTestId('gantt-axis').boundingBox();
  expect(axis!.y).toBeCloseTo(pane!.y, 0);
  expect(after.box.y).toBeCloseTo(axis!.y + axis!.height, 0);
  // The first device label whole under the axis, and its row on the canvas.
  const y = await page.evaluate((top) => {
    for (const el of document.querySelectorAll('[data-lane="compute"]')) {
      const r = el.getBoundingClientRect();
      if (r.top >= top) return r.top - top;
    }
    return -1;
  }, after.box.y);
  expect(y).toBeGreaterThanOrEqual(0);
  const row = await basePixels(page, { x: after.box.width / 2, y: y + 12, width: 1, height: 1 });
  expect(row.rgb[0]).not.toBe(rgbOf(CHART_COLORS.light.background));
});

test('Ctrl+wheel zooms around the pointer, and zoom stops at the data and at 1 µs', async ({ page }) => {
  await openScenario(page, SMALL);
  const v = await chartView(page);
  const x = v.box.x + v.box.width * 0.3;
  const t = timeAt(v, x);
  await page.mouse.move(x, v.box.y + 20);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await expect
    .poll(async () => (await chartView(page)).t1 - (await chartView(page)).t0)
    .toBeLessThan(v.t1 - v.t0);
  const z = await chartView(page);
  expect(timeAt(z, x)).toBeCloseTo(t, 6);
  expect(await paneScroll(page)).toBe(0);
  // Out as far as it goes: the 33 ms run with its 1% margins, not an axis of empty time.
  for (let k = 0; k < 8; k++) await page.mouse.wheel(0, 800);
  await expect
    .poll(async () => [(await chartView(page)).t0, (await chartView(page)).t1])
    .toEqual([-0.33, 33.33]);
  // In as far as it goes: 1 µs (33 ms x 1e-5 is less).
  for (let k = 0; k < 30; k++) await page.mouse.wheel(0, -800);
  await expect
    .poll(async () => {
      const w = await chartView(page);
      return w.t1 - w.t0;
    })
    .toBeCloseTo(1e-3, 9);
  await page.keyboard.up('Control');
});

test('Shift+wheel and dragging pan the zoomed chart by the distance moved', async ({ page }) => {
  await openScenario(page, SMALL);
  await page.getByTestId('cmd-zoom-in').click();
  await page.getByTestId('cmd-zoom-in').click();
  const v = await chartView(page);
  const span = v.t1 - v.t0;
  const y = v.box.y + 30;
  await page.mouse.move(v.box.x + 300, y);
  await page.mouse.down();
  await page.mouse.move(v.box.x + 200, y, { steps: 5 });
  await page.mouse.up();
  // Dragged 100 px left: later times come in, by 100 px worth of time.
  await expect.poll(async () => (await chartView(page)).t0).toBeCloseTo(v.t0 + (100 / v.box.width) * span, 6);
  const dragged = await chartView(page);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 120);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await chartView(page)).t0).toBeGreaterThan(dragged.t0);
  expect((await chartView(page)).t1 - (await chartView(page)).t0).toBeCloseTo(span, 9);
});

test('W/A/S/D held zoom and pan as in Perfetto', async ({ page }) => {
  await openScenario(page, SMALL);
  await page.getByTestId('gantt').focus();
  const v = await chartView(page);
  await page.keyboard.down('w');
  await expect
    .poll(async () => (await chartView(page)).t1 - (await chartView(page)).t0)
    .toBeLessThan((v.t1 - v.t0) / 2);
  await page.keyboard.up('w');
  const z = await chartView(page);
  await page.keyboard.down('d');
  await expect.poll(async () => (await chartView(page)).t0).toBeGreaterThan(z.t0 + (z.t1 - z.t0) / 2);
  await page.keyboard.up('d');
  const p = await chartView(page);
  await page.keyboard.down('a');
  await expect.poll(async () => (await chartView(page)).t0).toBeLessThan(p.t0);
  await page.keyboard.up('a');
  await page.keyboard.down('s');
  await expect
    .poll(async () => [(await chartView(page)).t0, (await chartView(page)).t1])
    .toEqual([-0.33, 33.33]);
  await page.keyboard.up('s');
});

test('zoomed out on 1F1B 64 x 512, no pixel of any visible device’s steady state shows idle, and the chart says detail is merged', async ({
  page,
}) => {
  await openScenario(page, ONE_F_ONE_B_64x512);
  await expect(page.getByTestId('gantt-aggregated')).toBeVisible();
  const v = await chartView(page);
  const r = analyze(ONE_F_ONE_B_64x512);
  if (!r.ok) throw new Error('unreachable');
  const t = r.analysis.timeline;
  const s = t.schedule;
  // A bar may be F or B+W, or the seam of either (a bar's own shade): never background, never a hatch.
  const allowed = new Set(
    [OpKind.F, OpKind.BW].flatMap((k) => [
      rgbOf(CATEGORIES[k].light.fill),
      rgbOf(shadeOf(CATEGORIES[k].light.fill)),
    ]),
  );
  const canvasHeight = (await page.locator('[data-testid="gantt"] .gantt-plot canvas').first().boundingBox())!
    .height;
  let rows = 0;
  for (let d = 0; (d + 1) * 24 <= canvasHeight; d++, rows++) {
    let firstB = Number.POSITIVE_INFINITY;
    let lastF = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (s.kind[i] === OpKind.BW) firstB = Math.min(firstB, t.start[i]);
      else lastF = Math.max(lastF, t.end[i]);
    }
    const x0 = Math.ceil(((firstB - v.t0) / (v.t1 - v.t0)) * v.box.width) + 1;
    const x1 = Math.floor(((lastF - v.t0) / (v.t1 - v.t0)) * v.box.width) - 1;
    // The bar box of a 24 px compute lane: 2 px inset top and bottom.
    const px = await basePixels(page, { x: x0, y: d * 24 + 2, width: x1 - x0, height: 20 });
    const bad = px.rgb.findIndex((c) => !allowed.has(c));
    expect(
      bad === -1
        ? null
        : `device ${d}: pixel ${bad % px.width}, ${Math.floor(bad / px.width)} is #${px.rgb[bad].toString(16)}`,
    ).toBeNull();
    // Both kinds show, in proportion: F is a third of the steady state's time.
    const forward = px.rgb.filter((c) => c === rgbOf(CATEGORIES[OpKind.F].light.fill)).length;
    expect(forward / px.rgb.length).toBeGreaterThan(0.25);
    expect(forward / px.rgb.length).toBeLessThan(0.42);
  }
  expect(rows).toBeGreaterThan(20);
});

test('P2P transfers that take time get a thin lane under each device, drawn in the P2P colour', async ({
  page,
}) => {
  await openScenario(page, scenarioWith({ p2p: { time: 2, occupiesComm: false } }));
  await expect(page.locator('[data-lane="link"]')).toHaveCount(4);
  await expect(page.locator('[data-testid="gantt-legend"] [data-category="P2P"]')).toHaveAttribute(
    'title',
    'P2P transfer (thin lane under the sender)',
  );
  await expect(page.getByTestId('gantt-legend')).toContainText('P2P transfer (thin lane)');
  // Device 0's link lane: under its 24 px compute lane, 8 px tall (bars inset 1 px).
  const v = await chartView(page);
  const px = await basePixels(page, { x: 0, y: 27, width: v.box.width, height: 2 });
  expect(px.rgb.filter((c) => c === rgbOf(CATEGORIES[P2P_CATEGORY].light.fill)).length).toBeGreaterThan(10);
  // Without transfer time there is nothing to draw and no lane.
  await openScenario(page, SMALL, 'no-p2p.pipescope.json');
  await expect(page.locator('[data-lane="link"]')).toHaveCount(0);
});

test('DualPipe’s second direction is striped, with a legend entry 1F1B does not have', async ({ page }) => {
  await openScenario(page, scenarioWith({ schedule: 'dualpipe', devices: 4, microbatches: 8 }));
  await expect(page.getByTestId('legend-direction')).toHaveAttribute(
    'title',
    /runs from the last device to device 0/,
  );
  await openScenario(page, SMALL, 'one-direction.pipescope.json');
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', '4');
  await expect(page.getByTestId('legend-direction')).toHaveCount(0);
});

test('idle time is tinted by cause with a legend, and hovering it says its cause and what it waited for', async ({
  page,
}) => {
  await openScenario(page, SMALL);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-idle-causes', 'true');
  // 1F1B without communication idles only to fill, drain and wait at the tail.
  const idle = page.getByTestId('legend-idle');
  await expect(idle).toHaveText(['fill / drain', 'tail']);
  expect(await idle.evaluateAll((es) => es.map((e) => e.getAttribute('title')))).toEqual([
    'idle: fill / drain (warm-up, cool-down)',
    'idle: tail (done, others still running)',
  ]);
  // Device 3 (the last) waits [0, 3) for F of micro-batch 0, which arrives from device 2 at 3 ms.
  const v = await chartView(page);
  const x = v.box.x + ((1.5 - v.t0) / (v.t1 - v.t0)) * v.box.width;
  await page.mouse.move(x, v.box.y + 3 * 24 + 12);
  const tip = page.getByTestId('gantt-tooltip');
  await expect(tip).toContainText('Idle: Fill (warm-up)');
  await expect(tip).toContainText('waits for F of micro-batch 0 on stage 2 (device 2)');
  await expect(tip).toContainText('more micro-batches');
});

test('"Highlight critical path" outlines it and says what it is made of', async ({ page }) => {
  await openScenario(page, SMALL);
  const highlight = rgbOf(CHART_COLORS.light.highlight);
  const overlayHighlight = () =>
    page.evaluate(async (color) => {
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      const c = document.querySelectorAll('[data-testid="gantt"] .gantt-plot canvas')[1] as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) === color && d[i + 3] === 255) n++;
      return n;
    }, highlight);
  expect(await overlayHighlight()).toBe(0);
  await page.getByTestId('toggle-critical-path').check();
  await expect.poll(overlayHighlight).toBeGreaterThan(100);
  // Without communication the whole 33 ms path is compute.
  await expect(page.getByTestId('critical-path-summary')).toHaveText('(33 ms: compute 100%)');
  await page.getByTestId('toggle-critical-path').uncheck();
  await expect.poll(overlayHighlight).toBe(0);
});

test('clicking device labels selects devices as view state', async ({ page }) => {
  await openScenario(page, SMALL);
  const label = (d: number) => page.locator(`[data-lane="compute"][data-device="${d}"]`);
  await label(1).click();
  await label(3).click({ modifiers: ['Shift'] });
  const picked = () =>
    page.evaluate(
      () =>
        (
          window as unknown as {
            __pipescope: { getState(): { view: { selectedDevices: number[] | null } } };
          }
        ).__pipescope.getState().view.selectedDevices,
    );
  await expect.poll(picked).toEqual([1, 2, 3]);
  await expect(label(2)).toHaveAttribute('data-picked', 'true');
  await label(2).click({ modifiers: ['ControlOrMeta'] });
  await expect.poll(picked).toEqual([1, 3]);
});
