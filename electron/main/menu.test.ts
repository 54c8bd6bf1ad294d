import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../contract';
import { aboutDetail, buildMenuTemplate, type MenuContext, recentLabel } from './menu';

function context(overrides: Partial<MenuContext> = {}) {
  const calls = { sent: [] as MenuCommand[], recent: [] as string[], cleared: 0, about: 0, docs: 0 };
  const ctx: MenuContext = {
    platform: 'linux',
    isDev: false,
    appName: 'PipeScope',
    recent: ['/runs/a.pipescope.json', '/runs/b & c.pipescope.json'],
    send: (c) => calls.sent.push(c),
    openRecent: (f) => calls.recent.push(f),
    clearRecent: () => calls.cleared++,
    showAbout: () => calls.about++,
    openDocs: () => calls.docs++,
    ...overrides,
  };
  return { ctx, calls };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions) {
  (item.click as () => void)();
}

function byId(items: MenuItemConstructorOptions[], id: string) {
  const found = flatten(items).find((i) => i.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help menus on Linux and Windows, plus the app and Window menus on macOS', () => {
    expect(buildMenuTemplate(context().ctx).map((m) => m.label ?? m.role)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
    expect(buildMenuTemplate(context({ platform: 'darwin' }).ctx).map((m) => m.label ?? m.role)).toEqual([
      'PipeScope',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
  });

  it('sends every menu command of the contract to the page, from exactly one item each', () => {
    const { ctx, calls } = context();
    const items = flatten(buildMenuTemplate(ctx)).filter((i) => i.id?.startsWith('command:'));
    expect(items.map((i) => i.id!.slice('command:'.length)).sort()).toEqual([...MENU_COMMANDS].sort());
    for (const item of items) click(item);
    expect(calls.sent.sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('gives document commands the usual accelerators', () => {
    const items = buildMenuTemplate(context().ctx);
    const accel = (c: MenuCommand) => byId(items, `command:${c}`).accelerator;
    expect(accel('new')).toBe('CmdOrCtrl+N');
    expect(accel('open')).toBe('CmdOrCtrl+O');
    expect(accel('save')).toBe('CmdOrCtrl+S');
    expect(accel('save-as')).toBe('CmdOrCtrl+Shift+S');
    expect(accel('undo')).toBe('CmdOrCtrl+Z');
    expect(accel('redo')).toBe('CmdOrCtrl+Shift+Z');
    expect(accel('zoom-in')).toBe('CmdOrCtrl+=');
    expect(accel('zoom-out')).toBe('CmdOrCtrl+-');
    expect(accel('fit')).toBe('CmdOrCtrl+0');
    expect(byId(items, 'close').accelerator).toBe('CmdOrCtrl+W');
    expect(byId(items, 'quit').accelerator).toBe('Ctrl+Q');
    expect(byId(buildMenuTemplate(context({ platform: 'win32' }).ctx), 'command:redo').accelerator).toBe(
      'Ctrl+Y',
    );
  });

  it('never binds one accelerator to two items', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accels = flatten(buildMenuTemplate(context({ platform, isDev: true }).ctx))
        .map((i) => i.accelerator)
        .filter((a): a is string => typeof a === 'string');
      expect(new Set(accels).size, platform).toBe(accels.length);
    }
  });

  it('lists recent files (escaping & for mnemonics) and opens the one clicked', () => {
    const { ctx, calls } = context();
    const items = buildMenuTemplate(ctx);
    expect(byId(items, 'recent:1').label).toBe('b && c.pipescope.json — /runs');
    click(byId(items, 'recent:1'));
    expect(calls.recent).toEqual(['/runs/b & c.pipescope.json']);
    click(byId(items, 'recent:clear'));
    expect(calls.cleared).toBe(1);
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const items = buildMenuTemplate(context({ recent: [] }).ctx);
    expect(byId(items, 'recent:none').enabled).toBe(false);
    expect(byId(items, 'recent:clear').enabled).toBe(false);
  });

  it('offers About (in Help, or the app menu on macOS) and the documentation link', () => {
    const { ctx, calls } = context();
    const items = buildMenuTemplate(ctx);
    click(byId(items, 'about'));
    click(byId(items, 'docs'));
    expect(calls).toMatchObject({ about: 1, docs: 1 });
    const mac = buildMenuTemplate(context({ platform: 'darwin' }).ctx);
    expect(
      flatten((mac[0].submenu as MenuItemConstructorOptions[]) ?? []).some((i) => i.id === 'about'),
    ).toBe(true);
    expect(flatten(mac).filter((i) => i.id === 'about')).toHaveLength(1);
  });

  it('offers reload and dev tools only in development', () => {
    expect(flatten(buildMenuTemplate(context().ctx)).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(
      flatten(buildMenuTemplate(context({ isDev: true }).ctx)).some((i) => i.role === 'toggleDevTools'),
    ).toBe(true);
  });

  it('keeps the standard clipboard roles in Edit', () => {
    const edit = buildMenuTemplate(context().ctx).find((m) => m.label === '&Edit')!;
    const roles = (edit.submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });
});

describe('about text', () => {
  it('names the app and runtime versions', () => {
    const text = aboutDetail({
      app: '0.1.0',
      electron: '45.4.1',
      chrome: '142.0',
      node: '22.20.0',
      v8: '14.2',
    });
    expect(text).toContain('PipeScope 0.1.0');
    expect(text).toContain('Electron 45.4.1');
    expect(text).toContain('Chromium 142.0');
    expect(text).toContain('Node.js 22.20.0');
  });

  it('labels recent files with their folder', () => {
    expect(recentLabel('/home/me/x.pipescope.json')).toBe('x.pipescope.json — /home/me');
  });
});
