/**
 * The native application menu, as a template (Electron's Menu.buildFromTemplate input) built from
 * injected callbacks so that every item, accelerator and command can be tested without Electron.
 * Document commands go to the page (the MENU_COMMANDS of electron/contract.ts); window, quit,
 * clipboard and About are handled natively.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract';

export interface MenuContext {
  platform: NodeJS.Platform;
  isDev: boolean;
  appName: string;
  recent: readonly string[];
  send(command: MenuCommand): void;
  openRecent(file: string): void;
  clearRecent(): void;
  showAbout(): void;
  openDocs(): void;
}

/** What About PipeScope lists: the versions of the app and of what it runs on. */
export interface Versions {
  app: string;
  electron: string;
  chrome: string;
  node: string;
  v8: string;
}

export function aboutDetail(v: Versions): string {
  return [
    `PipeScope ${v.app}`,
    'Design pipeline-parallel training schedules and see what they cost.',
    '',
    `Electron ${v.electron}`,
    `Chromium ${v.chrome}`,
    `Node.js ${v.node}`,
    `V8 ${v.v8}`,
  ].join('\n');
}

/** "name — folder" so that two files called deepseek-v3.pipescope.json can be told apart. */
export function recentLabel(file: string): string {
  const label = `${path.basename(file)} — ${path.dirname(file)}`;
  // '&' marks a mnemonic on Windows and Linux menus.
  return label.replace(/&/g, '&&');
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const command = (id: MenuCommand, label: string, accelerator?: string): MenuItemConstructorOptions => ({
    id: `command:${id}`,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(id),
  });
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const recentItems: MenuItemConstructorOptions[] =
    ctx.recent.length === 0
      ? [{ id: 'recent:none', label: 'No Recent Files', enabled: false }]
      : ctx.recent.map((file, i) => ({
          id: `recent:${i}`,
          label: recentLabel(file),
          click: () => ctx.openRecent(file),
        }));

  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: `About ${ctx.appName}`,
    click: () => ctx.showAbout(),
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        about,
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    submenu: [
      command('new', '&New', 'CmdOrCtrl+N'),
      command('open', '&Open...', 'CmdOrCtrl+O'),
      command('open-trace', 'Open &Trace...', 'CmdOrCtrl+Shift+O'),
      {
        id: 'open-recent',
        label: 'Open &Recent',
        submenu: [
          ...recentItems,
          separator,
          {
            id: 'recent:clear',
            label: 'Clear Recent Files',
            enabled: ctx.recent.length > 0,
            click: () => ctx.clearRecent(),
          },
        ],
      },
      separator,
      command('save', '&Save', 'CmdOrCtrl+S'),
      command('save-as', 'Save &As...', 'CmdOrCtrl+Shift+S'),
      separator,
      command('export-svg', 'Export S&VG...', 'CmdOrCtrl+E'),
      command('export-png', 'Export &PNG...', 'CmdOrCtrl+Shift+E'),
      command('export-trace', 'Export Perfe&tto Trace...', 'CmdOrCtrl+Alt+E'),
      separator,
      { id: 'close', role: 'close', label: '&Close Window', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : [{ id: 'quit', role: 'quit', label: 'E&xit', accelerator: 'Ctrl+Q' } as const]),
    ],
  });

  template.push({
    label: '&Edit',
    submenu: [
      command('undo', '&Undo', 'CmdOrCtrl+Z'),
      command('redo', '&Redo', ctx.platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z'),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      command('copy-png', 'Copy Chart as &PNG'),
      command('copy-svg', 'Copy Chart as S&VG'),
    ],
  });

  template.push({
    label: '&View',
    submenu: [
      command('zoom-in', 'Zoom &In', 'CmdOrCtrl+='),
      command('zoom-out', 'Zoom &Out', 'CmdOrCtrl+-'),
      command('fit', '&Fit to Window', 'CmdOrCtrl+0'),
      separator,
      command('toggle-theme', 'Toggle &Dark Theme', 'CmdOrCtrl+Shift+L'),
      command('toggle-compare', '&Compare Schedules', 'CmdOrCtrl+Shift+K'),
      separator,
      { role: 'togglefullscreen' },
      ...(ctx.isDev
        ? [
            separator,
            { id: 'reload', role: 'reload' } as const,
            { id: 'devtools', role: 'toggleDevTools' } as const,
          ]
        : []),
    ],
  });

  if (mac) template.push({ role: 'windowMenu' });

  template.push({
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'docs', label: '&Documentation', click: () => ctx.openDocs() },
      ...(mac ? [] : [separator, about]),
    ],
  });

  return template;
}
