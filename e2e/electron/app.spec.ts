/**
 * The real desktop app, driven through Playwright's Electron support: open a fixture scenario,
 * edit, save, reopen, export SVG, the unsaved-changes question and the window's hardening. Native
 * dialogs cannot be clicked by Playwright, so tests replace dialog.showSaveDialog/showMessageBox
 * in the main process (electronApp.evaluate) with answers of their own.
 * Skips, saying why, where the Electron runtime is not installed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { loadScenario } from '../../core/format/scenario-file';
import { findElectronBinary, SKIP_HINT } from '../../build/electron-binary.mjs';
import { PAGE_API_KEYS } from '../../electron/contract';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'e2e', 'fixtures', 'six-devices.pipescope.json');
const binary = findElectronBinary(ROOT);

test.skip(!binary.ok, `Electron runtime not installed: ${binary.ok ? '' : binary.reason}; ${SKIP_HINT}`);
test.describe.configure({ mode: 'serial' });

let work: string;

test.beforeAll(() => {
  // The app runs from dist/ (package.json main: dist/electron/main.cjs).
  execFileSync(process.execPath, [join(ROOT, 'build', 'build.mjs'), '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
});

test.beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pipescope-electron-e2e-'));
});

test.afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

async function launch(...files: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  if (!binary.ok) throw new Error('unreachable: skipped without a binary');
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.', ...files],
    cwd: ROOT,
    env: { ...process.env, PIPESCOPE_USER_DATA: join(work, 'userData'), ELECTRON_ENABLE_LOGGING: '1' },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('gantt')).toBeVisible();
  return { app, page };
}

async function clickMenu(app: ElectronApplication, id: string): Promise<void> {
  await app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`no menu item ${itemId}`);
    item.click();
  }, id);
}

/** The next Save dialog answers `file` (as if the user chose it). */
async function answerSaveDialog(app: ElectronApplication, file: string): Promise<void> {
  await app.evaluate(({ dialog }, chosen) => {
    dialog.showSaveDialog = (async () => ({
      canceled: false,
      filePath: chosen,
    })) as typeof dialog.showSaveDialog;
  }, file);
}

test('opens the scenario named on the command line, titled with its file name', async () => {
  const file = join(work, 'six-devices.pipescope.json');
  copyFileSync(FIXTURE, file);
  const { app, page } = await launch(file);
  try {
    // Six devices of GPipe, and 1F1B's six under them (the Schedule view's reference).
    await expect(page.getByTestId('gantt')).toHaveAttribute('data-rows', '12');
    await expect.poll(() => page.title()).toContain('six-devices.pipescope.json');
    await expect.poll(() => page.title()).not.toMatch(/^• /);
  } finally {
    await app.close();
  }
});

test('edit, save (back to the same file, atomically), reopen', async () => {
  const file = join(work, 'plan.pipescope.json');
  copyFileSync(FIXTURE, file);
  const { app, page } = await launch(file);
  try {
    const field = page.getByTestId('field-microbatches');
    await field.fill('20');
    await field.blur();
    await expect.poll(() => page.title()).toMatch(/^• plan\.pipescope\.json/);
    await clickMenu(app, 'command:save');
    await expect.poll(() => page.title()).toMatch(/^plan\.pipescope\.json/);
    const saved = loadScenario(readFileSync(file, 'utf8'));
    expect(saved.ok && saved.scenario.microbatches).toBe(20);
  } finally {
    await app.close();
  }
  const again = await launch(file);
  try {
    await expect(again.page.getByTestId('field-microbatches')).toHaveValue('20');
  } finally {
    await again.app.close();
  }
});

test('Save As writes where the dialog says and the file opens again', async () => {
  const { app, page } = await launch(FIXTURE);
  const target = join(work, 'copy.pipescope.json');
  try {
    await answerSaveDialog(app, target);
    await clickMenu(app, 'command:save-as');
    await expect.poll(() => existsSync(target)).toBe(true);
    await expect.poll(() => page.title()).toContain('copy.pipescope.json');
    expect(loadScenario(readFileSync(target, 'utf8')).ok).toBe(true);
  } finally {
    await app.close();
  }
});

test('Export SVG writes an SVG that carries the scenario', async () => {
  const { app } = await launch(FIXTURE);
  const out = join(work, 'chart.svg');
  try {
    await answerSaveDialog(app, out);
    await clickMenu(app, 'command:export-svg');
    await expect.poll(() => existsSync(out)).toBe(true);
    const svg = readFileSync(out, 'utf8');
    expect(svg.trimStart().startsWith('<')).toBe(true);
    const back = loadScenario(svg);
    expect(back.ok && back.scenario.devices).toBe(6);
  } finally {
    await app.close();
  }
});

test('closing with unsaved changes asks first, and Cancel keeps the window', async () => {
  const { app, page } = await launch(FIXTURE);
  try {
    await page.getByTestId('field-microbatches').fill('14');
    await page.getByTestId('field-microbatches').blur();
    await expect.poll(() => page.title()).toMatch(/^• /);
    await app.evaluate(({ dialog }) => {
      const g = globalThis as unknown as { asked: number };
      g.asked = 0;
      dialog.showMessageBox = (async () => {
        g.asked++;
        return { response: 1, checkboxChecked: false }; // Cancel
      }) as typeof dialog.showMessageBox;
    });
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
    await expect.poll(() => app.evaluate(() => (globalThis as unknown as { asked: number }).asked)).toBe(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  } finally {
    await app.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  }
});

test('the page is isolated (no Node, only the preload API, no new windows) and the native menu is in place', async () => {
  const { app, page } = await launch();
  try {
    const inPage = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { pipescope: object }).pipescope).sort(),
      origin: location.origin,
    }));
    expect(inPage.require).toBe('undefined');
    expect(inPage.process).toBe('undefined');
    // Exactly what the renderer calls (renderer/platform.ts), and no way to reach ipcRenderer.
    expect(inPage.api).toEqual([...PAGE_API_KEYS].sort());
    expect(inPage.origin).toBe('app://pipescope');
    const menuIds = await app.evaluate(({ Menu }) => {
      const ids: string[] = [];
      const walk = (items: Electron.MenuItem[]) => {
        for (const item of items) {
          if (item.id) ids.push(item.id);
          if (item.submenu) walk(item.submenu.items);
        }
      };
      walk(Menu.getApplicationMenu()?.items ?? []);
      return ids;
    });
    expect(menuIds).toEqual(
      expect.arrayContaining(['command:open', 'command:save', 'command:export-svg', 'about']),
    );
    const opened = await page.evaluate(() => window.open('https://example.com') === null);
    expect(opened).toBe(true);
  } finally {
    await app.close();
  }
});
