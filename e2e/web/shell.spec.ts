import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { scenarioUrl } from '../../build/share-url.mjs';
import { SHORTCUT_TABLE } from '../../renderer/shortcuts';
import { fixture, fixtureScenario, ganttState, openApp, pageScenario, simulateJson } from './helpers';

// The app shell: skip links, the Export menu from the keyboard, the help's list of shortcuts,
// exports of the visible range and of selected devices, the clipboard, and links that carry the
// scenario (copied from the app, or printed by `npm start -- FILE`).

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** Opens an e2e fixture through the file chooser and waits for its chart. */
async function openFixture(page: Page, name: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture(name));
  await expect(page.getByTestId('doc-title')).toHaveText(name);
}

/** Chooses what the exports hold in the Export menu, then closes the menu. */
async function chooseScope(page: Page, scope: 'all' | 'visible' | 'devices'): Promise<void> {
  await page.getByTestId('export-menu').click();
  await page.getByTestId(`export-scope-${scope}`).click();
  await expect(page.getByTestId(`export-scope-${scope}`)).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
}

/** Runs an export command from the menu and returns the downloaded file's name and text. */
async function exportText(page: Page, command: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-menu').click();
  await page.getByTestId(command).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** What an exported SVG draws: its op rects (x, width) and its lane labels. */
function svgContent(page: Page, svg: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      ops: [...doc.querySelectorAll('#ops rect')].map((r) => ({
        x: Number(r.getAttribute('x')),
        w: Number(r.getAttribute('width')),
      })),
      lanes: [...doc.querySelectorAll('#lane-labels text')].map((t) => t.textContent ?? ''),
      scope: doc.querySelector('#scope')?.textContent ?? null,
      width: Number(doc.documentElement.getAttribute('width')),
    };
  }, svg);
}

test('skip links: the first Tab offers the chart, Enter moves the focus into it', async ({ page }) => {
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-chart');
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="gantt"]')))
    .toBe(true);
  // The other links lead to the editor and the metrics.
  await page.getByTestId('skip-editor').focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="editor"]')))
    .toBe(true);
  await page.getByTestId('skip-metrics').focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="metrics"]')))
    .toBe(true);
  // Hidden again once the focus has left them.
  const box = await page.getByTestId('skip-chart').boundingBox();
  expect(box === null || box.x + box.width <= 0).toBe(true);
});

test('F6 and Shift+F6 move the focus between toolbar, editor, chart and metrics', async ({ page }) => {
  const area = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (el?.closest('.toolbar')) return 'toolbar';
      if (el?.closest('[data-testid="editor"]')) return 'editor';
      if (el?.closest('[data-testid="gantt"]')) return 'chart';
      if (el?.closest('[data-testid="metrics"]')) return 'metrics';
      return 'other';
    });
  await page.getByTestId('cmd-open').focus();
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('F6');
    seen.push(await area());
  }
  expect(seen).toEqual(['editor', 'chart', 'metrics', 'toolbar']);
  await page.keyboard.press('Shift+F6');
  expect(await area()).toBe('metrics');
});

test('the Export menu works from the keyboard: open, arrows, Home/End, a letter, Escape', async ({
  page,
}) => {
  const button = page.getByTestId('export-menu');
  const focusedLabel = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  expect(await focusedLabel()).toContain('Everything');
  await page.keyboard.press('ArrowDown');
  expect(await focusedLabel()).toContain('Visible range');
  await page.keyboard.press('End');
  const last = await focusedLabel();
  expect(last).toMatch(/^Copy /);
  await page.keyboard.press('ArrowDown'); // wraps to the first
  expect(await focusedLabel()).toContain('Everything');
  await page.keyboard.press('ArrowUp'); // and back to the last
  expect(await focusedLabel()).toBe(last);
  await page.keyboard.press('Home');
  await page.keyboard.press('p'); // the next item starting with P
  expect(await focusedLabel()).toMatch(/^PNG/);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // Arrow Up opens it on its last item; Enter on a format runs it and closes the menu.
  await page.keyboard.press('ArrowUp');
  expect(await focusedLabel()).toBe(last);
  await page.keyboard.press('Home');
  // Everything, Visible range, then SVG: the arrows skip "Selected devices" while none is selected.
  await expect(page.getByTestId('export-scope-devices')).toHaveAttribute('aria-disabled', 'true');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  expect(await focusedLabel()).toMatch(/^SVG/);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.svg$/);
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('the help lists every row of the shortcut table, by section', async ({ page }) => {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('help');
  await expect(help).toBeVisible();
  const sections = help.getByTestId('help-section');
  await expect(sections).toHaveCount(SHORTCUT_TABLE.length);
  for (const [k, section] of SHORTCUT_TABLE.entries()) {
    const rows = sections.nth(k).getByTestId('help-row');
    await expect(rows).toHaveCount(section.rows.length);
    for (const [r, row] of section.rows.entries()) {
      await expect(rows.nth(r).locator('kbd')).toHaveText(row.keys);
      await expect(rows.nth(r)).toContainText(row.what);
    }
  }
});

test('an SVG of the visible range differs from the full one and holds only the ops in that range', async ({
  page,
}) => {
  await openFixture(page, 'six-devices.pipescope.json');
  const engine = simulateJson(fixtureScenario('six-devices.pipescope.json'));
  const allOps = engine.timeline.flatMap((d) => d.ops);
  const full = await exportText(page, 'cmd-export-svg');

  await page.getByTestId('cmd-zoom-in').click();
  await page.getByTestId('cmd-zoom-in').click();
  const view = await ganttState(page);
  const t0 = Math.max(0, view.t0);
  const t1 = Math.min(engine.makespan, view.t1);
  expect(t1 - t0).toBeLessThan(engine.makespan / 2);
  await chooseScope(page, 'visible');
  const ranged = await exportText(page, 'cmd-export-svg');
  expect(ranged.text).not.toBe(full.text);
  expect(ranged.name).toMatch(/^six-devices-[\d.]+-[\d.]+ms\.svg$/);

  const inRange = allOps.filter((op) => op.start < t1 && op.end > t0);
  const picture = await svgContent(page, ranged.text);
  expect(picture.ops.length).toBe(inRange.length);
  expect(picture.ops.length).toBeLessThan(allOps.length);
  expect(picture.scope).toContain('Shown:');
  // Every bar lies within the plot (the range's edges cut them).
  const fullPicture = await svgContent(page, full.text);
  expect(fullPicture.ops.length).toBe(allOps.length);
  const left = Math.min(...fullPicture.ops.map((o) => o.x));
  const right = Math.max(...fullPicture.ops.map((o) => o.x + o.w));
  for (const op of picture.ops) {
    expect(op.x).toBeGreaterThanOrEqual(left - 0.1);
    expect(op.x + op.w).toBeLessThanOrEqual(right + 0.1);
  }

  // The CSV lists the same ops, with their real times.
  const csv = await exportText(page, 'cmd-export-csv');
  const rows = csv.text.trim().split('\r\n').slice(1);
  expect(rows.length).toBe(inRange.length);
});

test('an export of selected devices draws and lists only those devices', async ({ page }) => {
  await openFixture(page, 'six-devices.pipescope.json');
  const engine = simulateJson(fixtureScenario('six-devices.pipescope.json'));
  // Devices are picked by clicking their labels in the chart (Ctrl/Cmd+click adds one).
  const label = (d: number) => page.locator(`[data-lane="compute"][data-device="${d}"]`).first();
  await label(1).click();
  await label(4).click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-scope-devices')).toContainText('Selected devices: 1, 4');
  await page.getByTestId('export-scope-devices').click();
  await page.keyboard.press('Escape');

  const svg = await exportText(page, 'cmd-export-svg');
  const picture = await svgContent(page, svg.text);
  // Compute lanes only (each device also has a P2P lane here: its transfers take time).
  expect(picture.lanes.filter((l) => /^Device \d+$/.test(l))).toEqual(['Device 1', 'Device 4']);
  expect(picture.lanes.filter((l) => l.startsWith('Device')).length).toBe(4);
  const expectedOps = engine.timeline[1].ops.length + engine.timeline[4].ops.length;
  expect(picture.ops.length).toBe(expectedOps);

  const csv = await exportText(page, 'cmd-export-csv');
  expect(csv.name).toBe('six-devices-devices-1-4.csv');
  const devices = new Set(
    csv.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(',')[0]),
  );
  expect([...devices]).toEqual(['1', '4']);

  const trace = JSON.parse((await exportText(page, 'cmd-export-trace')).text) as {
    traceEvents: { ph: string; pid: number }[];
  };
  const pids = new Set(trace.traceEvents.filter((e) => e.ph === 'X').map((e) => e.pid));
  expect(pids.size).toBe(2);
});

test('Copy chart as PNG and as SVG put the picture on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openFixture(page, 'six-devices.pipescope.json');
  const svg = await exportText(page, 'cmd-export-svg');
  const svgWidth = (await svgContent(page, svg.text)).width;

  await page.getByTestId('export-menu').click();
  await page.getByTestId('cmd-copy-png').click();
  await expect(page.getByTestId('notice')).toContainText('Copied the chart as PNG');
  const png = await page.evaluate(async () => {
    const items = await navigator.clipboard.read();
    const blob = await items[0].getType('image/png');
    const bitmap = await createImageBitmap(blob);
    return { types: items[0].types, width: bitmap.width, height: bitmap.height };
  });
  expect(png.types).toContain('image/png');
  // Drawn at 2 device pixels per picture pixel.
  expect(png.width).toBe(svgWidth * 2);

  await page.getByTestId('export-menu').click();
  await page.getByTestId('cmd-copy-svg').click();
  await expect(page.getByTestId('notice')).toContainText('Copied the chart as SVG');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toBe(svg.text);
});

test('the address carries the scenario: an edit, Copy link, and a new page opens the same scenario', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const field = page.getByTestId('field-microbatches');
  const before = await pageScenario(page);
  await field.fill(String(before.microbatches + 2)); // DualPipe takes an even number
  await field.blur();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#scenario=/);
  await page.getByTestId('export-menu').click();
  await page.getByTestId('cmd-copy-link').click();
  await expect(page.getByTestId('notice')).toContainText('Copied a link');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await page.evaluate(() => window.location.href));
  const edited = await pageScenario(page);
  expect(edited.microbatches).toBe(before.microbatches + 2);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('gantt')).toBeVisible();
  await expect.poll(() => pageScenario(other).then((s) => s.microbatches)).toBe(edited.microbatches);
  expect(await pageScenario(other)).toEqual(edited);
  await other.close();
});

test('a damaged link is a message, and the page still works', async ({ page }) => {
  await page.goto('./#scenario=%%%not-base64');
  await expect(page.getByTestId('error-dialog')).toContainText('The link did not open');
  await expect(page.getByTestId('error-dialog')).toContainText('not base64url');
  await page.getByTestId('error-close').click();
  await expect(page.getByTestId('gantt')).toBeVisible();
});

test('npm start -- FILE in web mode: the address it prints opens FILE', async ({ page, baseURL }) => {
  const name = 'six-devices.pipescope.json';
  const link = scenarioUrl(baseURL ?? '', readFileSync(fixture(name)), name);
  expect(link.ok).toBe(true);
  if (!link.ok) return;
  await page.goto(link.url);
  await expect(page.getByTestId('doc-title')).toHaveText(name);
  expect(await pageScenario(page)).toEqual(fixtureScenario(name));
  await expect(page.getByTestId('cmd-undo')).toBeDisabled();
});
