import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { expect, type Page, test } from '@playwright/test';
import { getPart } from '../../core/trace/parts';
import { defaultTraceMapping } from '../../core/trace/mapping';
import { readTrace } from '../../core/trace/reader';
import { summarizeTraces, traceSummaryToJson } from '../../core/trace/summary';
import { PAIR_LAYER_US, TraceBuilder, pairLayerTrace } from '../../core/trace/synthetic';
import { openApp, pageScenario } from './helpers';

const DDP = fileURLToPath(new URL('../../core/trace/fixtures/ddp-2rank-rank0.json.gz', import.meta.url));

/** What core makes of a trace file, in the test process: the numbers the page must show. */
async function coreSummary(text: string) {
  const r = await readTrace([text]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const s = summarizeTraces([{ source: 'x', trace: r.trace }], defaultTraceMapping());
  if (!s.ok) throw new Error(JSON.stringify(s.errors));
  return traceSummaryToJson(s.summary);
}

type FilePayload = { name: string; mimeType: string; buffer: Buffer };

async function openTraceFile(page: Page, file: string | FilePayload | FilePayload[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open-trace').click();
  await (await chooser).setFiles(file);
}

/** Drops a file on the page as a browser does (dragover, then drop with a DataTransfer). */
async function dropFile(page: Page, name: string, content: string | Buffer) {
  const data = typeof content === 'string' ? content : Array.from(content);
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      const body = typeof data === 'string' ? data : new Uint8Array(data);
      dt.items.add(new File([body], name, { type: 'application/json' }));
      return dt;
    },
    { name, data },
  );
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('the DDP fixture (gzipped) opens as a trace: its ranks, stream roles and annotations', async ({
  page,
}) => {
  const expected = await coreSummary(gunzipSync(readFileSync(DDP)).toString('utf8'));
  const rank = expected.ranks[0];
  await openTraceFile(page, DDP);
  await expect(page.getByTestId('trace-view')).toBeVisible();
  const ranks = page.getByTestId('trace-ranks');
  await expect(ranks.locator('tbody tr')).toHaveCount(1);
  // window, computation and communication as core computes them, to the table's 3 decimals
  const cells = ranks.locator('tbody tr').first().locator('td');
  await expect(cells.nth(3)).toHaveText(rank.windowMs.toFixed(2));
  await expect(cells.nth(4)).toHaveText(rank.computeMs.toFixed(2));
  await expect(cells.nth(5)).toHaveText(rank.commMs.toFixed(3));
  // the NCCL stream is communication by its kernels, the other compute
  await expect(page.getByTestId('stream-role-40').locator('option:checked')).toHaveText(
    'comm (by its kernels)',
  );
  await expect(page.getByTestId('stream-role-7').locator('option:checked')).toHaveText(
    'compute (by its kernels)',
  );
  const annotations = page.getByTestId('trace-annotations').locator('tbody tr');
  await expect(annotations).toHaveCount(rank.annotations.length);
  await expect(annotations.first().locator('td').first()).toHaveText(rank.annotations[0].name);
  await expect(page.getByTestId('no-parts')).toBeVisible();
  // sorting by name puts "## backward ##" first ('#' sorts before letters)
  await page.getByTestId('sort-name').click();
  await expect(annotations.first().locator('td').first()).toHaveText('## backward ##');
});

test('overriding a stream role summarizes again: its time moves to computation', async ({ page }) => {
  await openTraceFile(page, DDP);
  const cells = page.getByTestId('trace-ranks').locator('tbody tr').first().locator('td');
  await expect(cells.nth(5)).not.toHaveText('0');
  await page.getByTestId('stream-role-40').selectOption('compute');
  await expect(cells.nth(5)).toHaveText('0');
  await expect(page.getByTestId('stream-role-40').locator('option:checked')).toHaveText('compute (set)');
});

test('a DeepSeek-style pair: Use as part times fills the parts (one undo step), the editor marks them, undo restores', async ({
  page,
}) => {
  const before = await pageScenario(page);
  expect(before.parts).not.toBeNull();
  const text = pairLayerTrace().text();
  await dropFile(page, 'pair.json', text);
  await expect(page.getByTestId('trace-parts')).toBeVisible();
  await expect(page.getByTestId('doc-title')).toHaveText(/deepseek-v3/); // a trace leaves the document alone
  const expected = await coreSummary(text);
  for (const e of expected.partsMeasured!)
    await expect(page.locator(`[data-testid="trace-parts"] tr[data-part="${e}"] td.num`).first()).toHaveText(
      getPart(expected.parts!, e).toFixed(4),
    );
  await page.getByTestId('use-as-parts').click();
  await expect(page.getByTestId('measured-mark')).toContainText('Measured from pair.json');
  const after = await pageScenario(page);
  // DualPipe keeps a full share per chunk (chunk share 1); compute parts are divided by the SM
  // slowdown total / (total - reserved) the simulator applies again
  const slowdown = before.smSplit.total / (before.smSplit.total - before.smSplit.reserved);
  const us = (name: string) => PAIR_LAYER_US.find(([n]) => n === name)![1] / 1000;
  expect(after.parts!.forward.dispatch).toBeCloseTo(us('dispatch(F)'), 9);
  expect(after.parts!.forward.attention).toBeCloseTo(us('attn(F)') / slowdown, 9);
  expect(after.measuredParts?.files).toEqual(['pair.json']);
  await expect(page.getByTestId('cmd-undo')).toHaveAttribute(
    'title',
    /Undo: Use measured part times from pair\.json/,
  );
  await page.getByTestId('cmd-undo').click();
  expect(await pageScenario(page)).toEqual(before);
  await expect(page.getByTestId('measured-mark')).toHaveCount(0);
});

test('a scenario chosen in Open trace… or dropped opens as the document (UTF-16 too); a trace dropped then leaves it alone', async ({
  page,
}) => {
  // UTF-16LE with its byte-order mark: the scenario reader decodes it, the trace reader would not.
  const utf16 = (name: string) =>
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        `{"format": "pipescope-scenario", "version": 1, "name": "${name}", "devices": 3}`,
        'utf16le',
      ),
    ]);
  await openTraceFile(page, { name: 'chosen.json', mimeType: 'application/json', buffer: utf16('Grüße') });
  await expect(page.getByTestId('doc-title')).toHaveText('chosen.json');
  expect((await pageScenario(page)).name).toBe('Grüße');
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'main');
  await expect(page.getByTestId('trace-view')).toHaveCount(0);

  await dropFile(page, 'dropped.json', utf16('流水线'));
  await expect(page.getByTestId('doc-title')).toHaveText('dropped.json');
  const dropped = await pageScenario(page);
  expect([dropped.name, dropped.devices]).toEqual(['流水线', 3]);

  await dropFile(page, 'pair.json', pairLayerTrace().text());
  await expect(page.getByTestId('trace-parts')).toBeVisible();
  await expect(page.getByTestId('doc-title')).toHaveText('dropped.json');
  expect(await pageScenario(page)).toEqual(dropped);
});

test('the overlay draws the measured rank under a planned device, with both figures and their difference', async ({
  page,
}) => {
  await dropFile(page, 'pair.json', pairLayerTrace().text());
  await page.getByTestId('trace-tab-overlay').click();
  const chart = page.getByTestId('overlay-chart');
  await expect(chart).toBeVisible();
  // the plan's device 0 (compute and comm lanes: the example has comm parts; and a P2P lane: its
  // 0.2 ms transfers take time off the comm stream), then streams 7 and 27
  await expect(chart).toHaveAttribute('data-lanes', '5');
  await expect(chart).toHaveAttribute('data-measured-ops', '10');
  await expect(chart.locator('.gantt-block-label').nth(1)).toHaveText(/Measured: rank 0 \(pair\.json\)/);
  const window = page.getByTestId('overlay-figures').locator('tr[data-row="windowMs"] td');
  const total = PAIR_LAYER_US.reduce((n, [, x]) => n + x, 0) / 1000;
  await expect(window.nth(1)).toHaveText(total.toFixed(4));
  await expect(window.nth(2)).toHaveText(/^[+−]/);
  // the run is far shorter than the planned iteration: "Zoom to the run" shows its window
  await page.getByTestId('overlay-zoom-run').click();
  await expect.poll(async () => Number(await chart.getAttribute('data-t1'))).toBeCloseTo(total * 1.01, 6);
  await page.getByTestId('overlay-device').selectOption('3');
  await expect(chart.locator('.gantt-block-label').first()).toHaveText(/device 3$/);
});

test('several traces, one per rank, are read together: a row per rank, in rank order', async ({ page }) => {
  const file = (rank: number) => ({
    name: `rank${rank}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(pairLayerTrace({ rank, worldSize: 2, scale: rank + 1 }).text()),
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open-trace').click();
  await (await chooser).setFiles([file(1), file(0)]);
  const rows = page.getByTestId('trace-ranks').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText('rank0.json');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('rank1.json');
  // rank 1 runs every kernel twice as long: its window is twice rank 0's
  const total = PAIR_LAYER_US.reduce((n, [, x]) => n + x, 0) / 1000;
  await expect(rows.nth(1).locator('td').nth(3)).toHaveText((2 * total).toFixed(3));
});

test('a malformed trace names the event and field; a CPU-only trace says it has no GPU events', async ({
  page,
}) => {
  const bad =
    '{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 1, "dur": 2},\n' +
    '{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": "soon", "dur": 1}]}';
  await openTraceFile(page, { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('trace-errors')).toContainText(
    'traceEvents[1].ts: must be a number (got "soon")',
  );
  const cpu = new TraceBuilder();
  cpu.annotation('step', 0, 50);
  await openTraceFile(page, {
    name: 'cpu.json',
    mimeType: 'application/json',
    buffer: Buffer.from(cpu.text()),
  });
  await expect(page.getByTestId('trace-errors')).toContainText('no GPU events');
});

test('two ranks: Use as part times writes each rank’s times to its planned device, the others keep theirs, one undo step', async ({
  page,
}) => {
  const before = await pageScenario(page);
  const P = before.devices;
  expect(P).toBeGreaterThan(2);
  const file = (name: string, text: string) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await openTraceFile(page, [
    file('rank0.json', pairLayerTrace({ rank: 0, worldSize: P }).text()),
    file('rank1.json', pairLayerTrace({ rank: 1, worldSize: P, scale: 2 }).text()),
  ]);
  await expect(page.getByTestId('trace-parts')).toBeVisible();
  await expect(page.getByTestId('use-target')).toContainText(
    `devices 0, 1 of ${P}; the other ${P - 2} keep their current times`,
  );
  for (const [width, height] of [
    [1600, 1000],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('use-as-parts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/trace-per-device-${width}x${height}.png` });
  }
  await page.getByTestId('use-as-parts').click();
  await expect(page.getByTestId('measured-mark')).toContainText('on devices 0, 1 (each from its rank');
  await page.getByTestId('measured-mark').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/trace-per-device-mark-1280x800.png' });
  const after = await pageScenario(page);
  // DualPipe: chunk share 1; compute parts divided by the SM slowdown the simulator applies again.
  const slowdown = before.smSplit.total / (before.smSplit.total - before.smSplit.reserved);
  const us = (name: string) => PAIR_LAYER_US.find(([n]) => n === name)![1] / 1000;
  const kept = (v: number | number[], d: number) => (typeof v === 'number' ? v : v[d]);
  const attention = after.parts!.forward.attention as number[];
  const dispatch = after.parts!.forward.dispatch as number[];
  expect(attention).toHaveLength(P);
  expect(attention[0]).toBeCloseTo(us('attn(F)') / slowdown, 9);
  expect(attention[1]).toBeCloseTo((2 * us('attn(F)')) / slowdown, 9);
  expect(dispatch[0]).toBeCloseTo(us('dispatch(F)'), 9);
  expect(dispatch[1]).toBeCloseTo(2 * us('dispatch(F)'), 9);
  for (let d = 2; d < P; d++) {
    expect(attention[d]).toBe(kept(before.parts!.forward.attention, d));
    expect(dispatch[d]).toBe(kept(before.parts!.forward.dispatch, d));
  }
  expect(after.measuredParts?.devices).toEqual([0, 1]);
  await page.getByTestId('cmd-undo').click();
  expect(await pageScenario(page)).toEqual(before);
  await expect(page.getByTestId('measured-mark')).toHaveCount(0);
});
