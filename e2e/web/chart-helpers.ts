import { expect, type Page } from '@playwright/test';
import { saveScenario } from '../../core/format/scenario-file';
import { defaultScenario, type Scenario } from '../../core/model/scenario';
import { analyze } from '../../core/analyze';

/** A scenario from the defaults (no parts, no memory limit) with changes. */
export function scenarioWith(change: Partial<Scenario>): Scenario {
  return { ...defaultScenario(), name: 'chart test', ...change };
}

/** 1F1B on 64 devices x 512 micro-batches, F = 1 ms, full backward 2 ms: no idle in the steady state. */
export const ONE_F_ONE_B_64x512 = scenarioWith({
  schedule: '1f1b',
  devices: 64,
  microbatches: 512,
  costs: { forward: 1, backwardInput: 2, backwardWeight: 0 },
});

/** Opens a scenario through the file chooser, as a user would, and waits for its chart. */
export async function openScenario(
  page: Page,
  s: Scenario,
  name = 'chart-test.pipescope.json',
): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(saveScenario(s)),
  });
  const r = analyze(s);
  if (!r.ok) throw new Error(`the test scenario does not analyse: ${JSON.stringify(r.errors)}`);
  const ops = r.analysis.schedule.count;
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ops', String(ops), { timeout: 60_000 });
}

/** The visible range the chart reports and where its plot (the canvases) is on the page. */
export async function chartView(page: Page) {
  const g = page.getByTestId('gantt').first();
  const box = await g.locator('.gantt-plot').boundingBox();
  if (!box) throw new Error('the chart has no plot on screen');
  return {
    t0: Number(await g.getAttribute('data-t0')),
    t1: Number(await g.getAttribute('data-t1')),
    box,
  };
}

/** Time (ms) at page x over the plot, by the range the chart reports. */
export function timeAt(v: Awaited<ReturnType<typeof chartView>>, pageX: number): number {
  return v.t0 + ((pageX - v.box.x) / v.box.width) * (v.t1 - v.t0);
}

/**
 * The base canvas's pixels (device pixels, RGBA packed as 0xRRGGBB) of a CSS rect given relative
 * to the plot, read after the next two animation frames (so the latest view is drawn).
 */
export async function basePixels(
  page: Page,
  rect: { x: number; y: number; width: number; height: number },
): Promise<{ width: number; height: number; rgb: number[] }> {
  return page.evaluate(async (r) => {
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const canvas = document.querySelector('[data-testid="gantt"] .gantt-plot canvas') as HTMLCanvasElement;
    const dpr = canvas.width / canvas.clientWidth;
    const x = Math.round(r.x * dpr);
    const y = Math.round(r.y * dpr);
    const w = Math.round(r.width * dpr);
    const h = Math.round(r.height * dpr);
    const data = canvas.getContext('2d')!.getImageData(x, y, w, h).data;
    const rgb: number[] = [];
    for (let i = 0; i < data.length; i += 4) rgb.push((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { width: w, height: h, rgb };
  }, rect);
}

/** '#rrggbb' as the number basePixels gives. */
export const rgbOf = (hex: string) => Number.parseInt(hex.slice(1), 16);

/** Scroll position of the page's scrolling pane (the view beside the editor). */
export function paneScroll(page: Page): Promise<number> {
  return page.locator('.view-pane').evaluate((el) => el.scrollTop);
}
