import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { loadScenario } from '../../core/format/scenario-file';
import {
  expectMetricsMatchEngine,
  fixture,
  fixtureScenario,
  ganttState,
  openApp,
  pageScenario,
  simulateJson,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** Drops a file on the page the way a browser does: dragover, then drop with a DataTransfer. */
async function dropFile(page: Page, name: string, text: string, type = 'application/json') {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type }));
      return dt;
    },
    { name, text, type },
  );
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
}

test('a scenario file from e2e/fixtures opens via the file chooser', async ({ page }) => {
  const expected = fixtureScenario('six-devices.pipescope.json');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('six-devices.pipescope.json'));
  await expect(page.getByTestId('doc-title')).toHaveText('six-devices.pipescope.json');
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(expected.devices));
  await expect(page.getByTestId('field-schedule')).toHaveValue(expected.schedule);
  expect(await pageScenario(page)).toEqual(expected);
  await expectMetricsMatchEngine(page, expected);
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});

test('a scenario file from e2e/fixtures opens via drag-and-drop', async ({ page }) => {
  const expected = fixtureScenario('six-devices.pipescope.json');
  await dropFile(
    page,
    'six-devices.pipescope.json',
    readFileSync(fixture('six-devices.pipescope.json'), 'utf8'),
  );
  await expect(page.getByTestId('doc-title')).toHaveText('six-devices.pipescope.json');
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(expected.devices));
  await expectMetricsMatchEngine(page, expected);
});

test('an invalid file shows an error naming each JSON path and leaves the current scenario untouched', async ({
  page,
}) => {
  const before = await pageScenario(page);
  const rowsBefore = (await ganttState(page)).rows;
  const text = readFileSync(fixture('invalid.pipescope.json'), 'utf8');
  const loaded = loadScenario(text);
  expect(loaded.ok).toBe(false);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('invalid.pipescope.json'));
  const dialog = page.getByTestId('error-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('invalid.pipescope.json');
  const paths = await dialog.getByTestId('error-path').allTextContents();
  expect(paths).toEqual(expect.arrayContaining(['devices', 'costs.forward']));
  if (!loaded.ok) expect(paths).toEqual(loaded.errors.map((e) => e.path));
  await expect(dialog.getByTestId('error-item').first()).toContainText(/at least 1|-2/);
  await page.getByTestId('error-close').click();
  await expect(dialog).toHaveCount(0);
  expect(await pageScenario(page)).toEqual(before);
  expect((await ganttState(page)).rows).toBe(rowsBefore);
  await expect(page.getByTestId('doc-title')).not.toHaveText('invalid.pipescope.json');

  // The same through drag-and-drop.
  await dropFile(page, 'invalid.pipescope.json', text);
  await expect(page.getByTestId('error-dialog')).toBeVisible();
  expect(await pageScenario(page)).toEqual(before);
});

test('SVG export downloads a file that parses and holds one shape per op', async ({ page }) => {
  // A scenario without parts: one bar (rect in the ops layer) per op.
  const expected = fixtureScenario('six-devices.pipescope.json');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('six-devices.pipescope.json'));
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', String(expected.devices));
  const ops = simulateJson(expected).timeline.reduce((n, d) => n + d.ops.length, 0);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-menu').click();
  await page.getByTestId('cmd-export-svg').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('six-devices.svg');
  const svg = readFileSync(await file.path(), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.nodeName,
      opShapes: doc.querySelectorAll('#ops rect').length,
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.opShapes).toBe(ops);
  // The scenario is embedded: PipeScope can open the SVG it exported.
  const back = loadScenario(svg);
  expect(back.ok && back.scenario).toEqual(expected);
});

test('saving downloads the canonical scenario file and clears the unsaved marker', async ({ page }) => {
  const field = page.getByTestId('field-microbatches');
  const before = await pageScenario(page);
  await field.fill(String(before.microbatches + 2));
  await field.blur();
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  await expect.poll(() => page.title()).toMatch(/^• /);
  const download = page.waitForEvent('download');
  await page.getByTestId('cmd-save').click();
  const saved = readFileSync(await (await download).path(), 'utf8');
  const r = loadScenario(saved);
  expect(r.ok && r.scenario.microbatches).toBe(before.microbatches + 2);
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
  await expect.poll(() => page.title()).not.toMatch(/^• /);
});

test('PNG, Perfetto trace and CSV exports download non-empty files', async ({ page }) => {
  for (const [command, ext] of [
    ['cmd-export-png', '.png'],
    ['cmd-export-trace', '.trace.json'],
    ['cmd-export-csv', '.csv'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-menu').click();
    await page.getByTestId(command).click();
    const file = await download;
    expect(file.suggestedFilename().endsWith(ext)).toBe(true);
    const bytes = readFileSync(await file.path());
    expect(bytes.length).toBeGreaterThan(100);
    if (ext === '.png') expect([...bytes.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    if (ext === '.trace.json')
      expect(JSON.parse(bytes.toString('utf8')).traceEvents.length).toBeGreaterThan(0);
  }
});

test('New with unsaved changes asks first: cancel keeps the document, accept replaces it', async ({
  page,
}) => {
  const field = page.getByTestId('field-microbatches');
  const before = await pageScenario(page);
  await field.fill(String(before.microbatches + 4));
  await field.blur();
  await expect(page.getByTestId('dirty-marker')).toBeVisible();

  const messages: string[] = [];
  page.once('dialog', (d) => {
    messages.push(d.message());
    void d.dismiss();
  });
  await page.getByTestId('cmd-new').click();
  await expect.poll(() => messages.length).toBe(1);
  expect(messages[0]).toMatch(/unsaved/i);
  await expect(field).toHaveValue(String(before.microbatches + 4));

  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('cmd-new').click();
  await expect(page.getByTestId('doc-title')).toHaveText('Untitled');
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
  expect((await pageScenario(page)).name).toBe('Untitled scenario');
});

test('a valid file whose schedule cannot run opens with the reasons at the fields and no stale chart', async ({
  page,
}) => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('cannot-run.pipescope.json'));
  await expect(page.getByTestId('doc-title')).toHaveText('cannot-run.pipescope.json');
  const error = page.locator('.field-invalid').getByTestId('field-error').first();
  await expect(error).toContainText(/micro-batches/i);
  await expect(page.getByTestId('field-microbatches')).toHaveAttribute('aria-invalid', 'true');
  // The previous document's chart must not stand in for this one.
  await expect(page.getByTestId('gantt')).toHaveCount(0);
  // Fixing the field draws it.
  await page.getByTestId('field-microbatches').fill('8');
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', '4');
});
