import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenarioBytes } from '../../core/format/scenario-file';
import { CHANNELS, EVENTS, type OpenedFile, TRACE_CHUNK_BYTES } from '../contract';
import type { FileData } from '../../node/atomic-write';
import { type DiscardReason, ShellController, type ShellDeps } from './controller';
import { RecentFiles } from './recent-files';

const VALID = '{"format": "pipescope-scenario", "version": 1}\n';
/** VALID as a file holds it (UTF-8). */
const VALID_BYTES = new TextEncoder().encode(VALID);

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-shell-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface Harness {
  controller: ShellController;
  recent: RecentFiles;
  sent: { channel: string; payload: unknown }[];
  titles: [string, boolean][];
  errors: string[];
  asked: DiscardReason[];
  /** What the next dialogs answer. */
  answers: { open: (string | null)[]; save: (string | null)[]; discard: boolean[] };
  saveDialogs: { title: string; defaultPath: string }[];
  windowOpen: boolean;
  /** What went on the clipboard, in order. */
  clipboard: ({ png: Uint8Array } | { svg: string })[];
}

/** Accepts text that names the format, like a much-reduced loadScenario (the real one has its own tests). */
async function namesTheFormat(text: string) {
  return text.includes('"pipescope-scenario"')
    ? ({ ok: true } as const)
    : ({ ok: false, error: '$.format: missing' } as const);
}

async function harness(
  options: { fs?: ShellDeps['fs']; check?: ShellDeps['checkScenarioText'] } = {},
): Promise<Harness> {
  const recent = new RecentFiles(fs, path.join(dir, 'userData', 'recent-files.json'), 'linux');
  const h: Partial<Harness> = {
    recent,
    sent: [],
    titles: [],
    errors: [],
    asked: [],
    answers: { open: [], save: [], discard: [] },
    saveDialogs: [],
    windowOpen: true,
    clipboard: [],
  };
  const full = h as Harness;
  full.controller = new ShellController({
    fs: options.fs ?? fs,
    clipboard: {
      writePng: async (png) => {
        full.clipboard.push({ png });
      },
      writeSvg: async (svg) => {
        full.clipboard.push({ svg });
      },
    },
    traceFs: {
      stat: (file) => fs.stat(file),
      readRange: async (file, offset, length) => (await fs.readFile(file)).subarray(offset, offset + length),
    },
    recent,
    dialogs: {
      showOpen: async () => full.answers.open.shift() ?? null,
      showOpenFiles: async () => {
        const f = full.answers.open.shift();
        return f ? [f] : [];
      },
      showSave: async (o) => {
        full.saveDialogs.push({ title: o.title, defaultPath: o.defaultPath });
        return full.answers.save.shift() ?? null;
      },
      confirmDiscard: async (reason) => {
        full.asked.push(reason);
        return full.answers.discard.shift() ?? false;
      },
      showError: (_t, m) => full.errors.push(m),
    },
    send: (channel, payload) => {
      if (!full.windowOpen) return false;
      full.sent.push({ channel, payload });
      return true;
    },
    setWindowTitle: (t, d) => full.titles.push([t, d]),
    checkScenarioText: options.check ?? namesTheFormat,
    defaultDir: dir,
    onRecentChanged: () => {},
  });
  return full;
}

async function write(name: string, text: string | Uint8Array = VALID): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

describe('opening', () => {
  it('opens the file chosen in the dialog, returns its bytes and remembers it as recent', async () => {
    const h = await harness();
    const file = await write('a.pipescope.json');
    h.answers.open.push(file);
    const r = await h.controller.openScenario();
    expect(r).toEqual({ ok: true, path: file, name: 'a.pipescope.json', bytes: VALID_BYTES });
    expect(h.recent.list()).toEqual([file]);
  });

  it('reports a cancelled dialog as canceled, not as an error to show', async () => {
    const h = await harness();
    expect(await h.controller.openScenario()).toEqual({ ok: false, error: 'Canceled.', canceled: true });
  });

  it('asks before replacing unsaved changes, and does nothing when the user keeps them', async () => {
    const h = await harness();
    h.controller.setDocumentState({ title: 'draft', dirty: true });
    h.answers.discard.push(false);
    h.answers.open.push(await write('b.json'));
    expect(await h.controller.openScenario()).toMatchObject({ ok: false, canceled: true });
    expect(h.asked).toEqual(['open']);
    expect(h.answers.open).toHaveLength(1); // the Open dialog was never shown
  });

  it('does not ask when nothing is unsaved', async () => {
    const h = await harness();
    h.answers.open.push(await write('b.json'));
    expect((await h.controller.openScenario()).ok).toBe(true);
    expect(h.asked).toEqual([]);
  });

  it('says plainly when a file cannot be read', async () => {
    const h = await harness();
    h.answers.open.push(path.join(dir, 'gone.json'));
    const r = await h.controller.openScenario();
    expect(r).toMatchObject({ ok: false });
    if (!r.ok)
      expect(r.error).toBe(
        `Could not open ${path.join(dir, 'gone.json')}: the file does not exist (moved or deleted?).`,
      );
    h.answers.open.push(dir);
    const d = await h.controller.openScenario();
    if (!d.ok) expect(d.error).toMatch(/not a file/);
  });

  it('opens a recent file from the menu, and drops the entry once its file is gone', async () => {
    const h = await harness();
    await h.controller.markRendererReady();
    const file = await write('r.json');
    await h.recent.add(file);
    await h.controller.openFromOutside(file);
    expect(h.sent.map((s) => (s.payload as OpenedFile).bytes)).toEqual([VALID_BYTES]);
    await fs.rm(file);
    await h.controller.openFromOutside(file);
    expect(h.errors).toHaveLength(1);
    expect(h.recent.list()).toEqual([]);
  });

  it('opens dropped scenario files from disk but refuses other kinds of file', async () => {
    const h = await harness();
    const file = await write('d.pipescope');
    expect(await h.controller.openDropped(file)).toMatchObject({ ok: true, name: 'd.pipescope' });
    expect(await h.controller.openDropped(await write('notes.txt', 'hi'))).toMatchObject({ ok: false });
    expect(await h.controller.openDropped('')).toEqual({
      ok: false,
      error: 'The dropped item is not a file on disk.',
    });
    expect(await h.controller.openDropped({ path: file })).toMatchObject({ ok: false });
  });

  it('hands the bytes over as the file holds them, so a UTF-16 file opens as on the web', async () => {
    const h = await harness();
    const text = '{"format": "pipescope-scenario", "version": 1, "name": "Grüße"}';
    // UTF-16LE with its byte-order mark, by hand: FF FE, then each code unit low byte first.
    const utf16 = new Uint8Array(2 + 2 * text.length);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    h.answers.open.push(await write('utf16.json', utf16));
    const r = await h.controller.openScenario();
    expect(r).toMatchObject({ ok: true, bytes: utf16 });
    // What the page's document worker then does with them.
    const loaded = r.ok ? loadScenarioBytes(r.bytes) : null;
    expect(loaded?.ok && loaded.scenario.name).toBe('Grüße');
  });
});

describe('files from outside (argv, OS, second launch, Open Recent)', () => {
  it('keeps a file that arrives before the page is ready and delivers it when the page subscribes', async () => {
    const h = await harness();
    const file = await write('argv.pipescope.json');
    await h.controller.openFromOutside(file);
    expect(h.sent).toEqual([]);
    await h.controller.markRendererReady();
    expect(h.sent).toEqual([
      {
        channel: EVENTS.openFile,
        payload: { path: file, name: 'argv.pipescope.json', bytes: VALID_BYTES } satisfies OpenedFile,
      },
    ]);
  });

  it('sends at once when the page is ready, asking first about unsaved changes', async () => {
    const h = await harness();
    await h.controller.markRendererReady();
    h.controller.setDocumentState({ title: 'x', dirty: true });
    const file = await write('second.json');
    h.answers.discard.push(false);
    await h.controller.openFromOutside(file);
    expect(h.sent).toEqual([]);
    h.answers.discard.push(true);
    await h.controller.openFromOutside(file);
    expect(h.sent.map((s) => (s.payload as OpenedFile).path)).toEqual([file]);
  });

  it('shows read errors in a dialog, since no page request is waiting for them', async () => {
    const h = await harness();
    await h.controller.markRendererReady();
    await h.controller.openFromOutside(path.join(dir, 'missing.json'));
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/does not exist/);
    expect(h.sent).toEqual([]);
  });

  it('holds files again while the page reloads', async () => {
    const h = await harness();
    await h.controller.markRendererReady();
    h.controller.markRendererGone();
    const file = await write('later.json');
    await h.controller.openFromOutside(file);
    expect(h.sent).toEqual([]);
    await h.controller.markRendererReady();
    expect(h.sent).toHaveLength(1);
  });
});

describe('saving', () => {
  it('asks for a path the first time, writes the text, and adds a scenario extension GTK dialogs leave out', async () => {
    const h = await harness();
    h.answers.save.push(path.join(dir, 'plan'));
    const r = await h.controller.saveScenario({
      path: null,
      text: VALID,
      suggestedName: 'deepseek.pipescope.json',
    });
    const target = path.join(dir, 'plan.pipescope.json');
    expect(r).toEqual({ ok: true, path: target, name: 'plan.pipescope.json' });
    expect(await fs.readFile(target, 'utf8')).toBe(VALID);
    expect(h.saveDialogs[0].defaultPath).toBe(path.join(dir, 'deepseek.pipescope.json'));
    expect(h.recent.list()).toEqual([target]);
  });

  it('saves back to a file it opened without asking', async () => {
    const h = await harness();
    const file = await write('open.json');
    h.answers.open.push(file);
    await h.controller.openScenario();
    const text = VALID.replace('1}', '1, "name": "v2"}');
    expect(await h.controller.saveScenario({ path: file, text })).toMatchObject({ ok: true, path: file });
    expect(await fs.readFile(file, 'utf8')).toBe(text);
    expect(h.saveDialogs).toEqual([]);
  });

  it('refuses to write to a path the user never opened or chose (a page cannot pick files to overwrite)', async () => {
    const h = await harness();
    const victim = await write('victim.txt', 'precious');
    const r = await h.controller.saveScenario({ path: victim, text: VALID });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/only writes to files you opened or chose/);
    expect(await fs.readFile(victim, 'utf8')).toBe('precious');
  });

  it('refuses text that is not a loadable scenario, leaving the file alone', async () => {
    const h = await harness();
    const file = await write('s.json');
    h.answers.open.push(file);
    await h.controller.openScenario();
    const r = await h.controller.saveScenario({ path: file, text: '{"half": ' });
    expect(r).toEqual({ ok: false, error: 'Not saved: the scenario is not valid. $.format: missing' });
    expect(await fs.readFile(file, 'utf8')).toBe(VALID);
  });

  it('rejects malformed save payloads', async () => {
    const h = await harness();
    for (const bad of [undefined, 'x', { text: 5 }, { path: 7, text: VALID }]) {
      expect(await h.controller.saveScenario(bad)).toMatchObject({ ok: false });
    }
    expect(h.saveDialogs).toEqual([]);
  });

  it('keeps the previous file and says so when the write fails midway', async () => {
    const fullDisk: ShellDeps['fs'] = {
      ...fs,
      open: async (f: string, flags: string | number, mode?: number) => {
        const handle = await fs.open(f, flags, mode);
        if (flags !== 'wx') return handle;
        // The temporary file: the disk fills up halfway through.
        return Object.assign(Object.create(handle), {
          writeFile: async (data: FileData) => {
            await handle.writeFile(String(data).slice(0, 5));
            throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
          },
          close: () => handle.close(),
        });
      },
    } as ShellDeps['fs'];
    const h = await harness({ fs: fullDisk });
    const file = await write('big.json');
    h.answers.open.push(file);
    await h.controller.openScenario();
    const r = await h.controller.saveScenario({ path: file, text: VALID.replace('1}', '1, "name": "new"}') });
    expect(r).toEqual({
      ok: false,
      error: `Could not save ${file}: the disk is full. The previous version of the file is unchanged.`,
    });
    expect(await fs.readFile(file, 'utf8')).toBe(VALID);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('saving without blocking the main process', () => {
  it('hands the text to the check and lets the event loop run until the check answers', async () => {
    let answer: (r: { ok: true }) => void = () => {};
    const checking = new Promise<{ ok: true }>((resolve) => {
      answer = resolve;
    });
    const calls: string[] = [];
    const watched: ShellDeps['fs'] = {
      ...fs,
      open: async (f: string, flags: string | number, mode?: number) => {
        calls.push(`open ${typeof flags === 'string' ? flags : 'read'}`);
        return fs.open(f, flags, mode);
      },
    } as ShellDeps['fs'];
    const h = await harness({ fs: watched, check: () => checking });
    const file = await write('plan.json');
    h.answers.open.push(file);
    await h.controller.openScenario();
    calls.length = 0;
    let settled = false;
    const saving = h.controller.saveScenario({ path: file, text: VALID.replace('1}', '1, "name": "v2"}') });
    void saving.then(() => {
      settled = true;
    });
    // Other work (input, menus, another window's request) gets its turn while the check runs.
    let turns = 0;
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((r) =>
        setImmediate(() => {
          turns++;
          r();
        }),
      );
    }
    expect(turns).toBe(5);
    expect(settled).toBe(false);
    expect(calls).toEqual([]); // nothing is written before the text is known to be loadable
    answer({ ok: true });
    expect(await saving).toMatchObject({ ok: true });
    expect(calls).toContain('open wx');
    expect(await fs.readFile(file, 'utf8')).toContain('"v2"');
  });
});

describe('saving keeps links', () => {
  it('saves through a symbolic link the user opened, and the link stays', async () => {
    const h = await harness();
    const real = await write('real.pipescope.json');
    const link = path.join(dir, 'link.pipescope.json');
    await fs.symlink('real.pipescope.json', link);
    h.answers.open.push(link);
    await h.controller.openScenario();
    const text = VALID.replace('1}', '1, "name": "through the link"}');
    expect(await h.controller.saveScenario({ path: link, text })).toMatchObject({ ok: true, path: link });
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toBe(text);
  });

  it('saves a hard-linked file so that every name sees the new version', async () => {
    const h = await harness();
    const file = await write('a.pipescope.json');
    await fs.link(file, path.join(dir, 'b.pipescope.json'));
    h.answers.open.push(file);
    await h.controller.openScenario();
    const text = VALID.replace('1}', '1, "name": "both"}');
    expect(await h.controller.saveScenario({ path: file, text })).toMatchObject({ ok: true });
    expect(await fs.readFile(path.join(dir, 'b.pipescope.json'), 'utf8')).toBe(text);
    expect((await fs.readdir(dir)).sort()).toEqual(['a.pipescope.json', 'b.pipescope.json', 'userData']);
  });
});

describe('exporting', () => {
  it('writes SVG text and PNG bytes where the user chose', async () => {
    const h = await harness();
    h.answers.save.push(path.join(dir, 'chart.svg'));
    expect(
      await h.controller.exportFile({ kind: 'svg', suggestedName: 'chart.svg', data: '<svg/>' }),
    ).toEqual({
      ok: true,
      path: path.join(dir, 'chart.svg'),
    });
    expect(await fs.readFile(path.join(dir, 'chart.svg'), 'utf8')).toBe('<svg/>');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    h.answers.save.push(path.join(dir, 'chart.png'));
    expect((await h.controller.exportFile({ kind: 'png', suggestedName: 'chart.png', data: png })).ok).toBe(
      true,
    );
    expect(new Uint8Array(await fs.readFile(path.join(dir, 'chart.png')))).toEqual(png);
    expect(h.saveDialogs.map((d) => d.title)).toEqual(['Export SVG image', 'Export PNG image']);
  });

  it('rejects invalid export payloads before showing any dialog', async () => {
    const h = await harness();
    expect(await h.controller.exportFile({ kind: 'svg', suggestedName: 'x', data: 42 })).toMatchObject({
      ok: false,
    });
    expect(await h.controller.exportFile({ kind: 'bat', suggestedName: 'x', data: '' })).toMatchObject({
      ok: false,
    });
    expect(h.saveDialogs).toEqual([]);
  });
});

describe('copying the chart to the clipboard', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);

  it('puts PNG bytes on the clipboard as an image and SVG as its text', async () => {
    const h = await harness();
    expect(await h.controller.copyImage({ kind: 'png', data: png })).toEqual({ ok: true });
    expect(
      await h.controller.copyImage({ kind: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
    ).toEqual({ ok: true });
    expect(h.clipboard).toEqual([{ png }, { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }]);
  });

  it('refuses what is not a PNG or an SVG, and leaves the clipboard alone', async () => {
    const h = await harness();
    const bad = [
      null,
      { kind: 'png', data: 'not bytes' },
      { kind: 'png', data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { kind: 'svg', data: 42 },
      { kind: 'svg', data: 'plain text, not XML' },
      { kind: 'html', data: '<b>x</b>' },
    ];
    for (const b of bad) expect((await h.controller.copyImage(b)).ok, JSON.stringify(b)).toBe(false);
    expect(h.clipboard).toEqual([]);
  });
});

describe('document state and the rest', () => {
  it('sets the window title with the unsaved marker, and rejects malformed state', async () => {
    const h = await harness();
    expect(h.controller.setDocumentState({ title: 'a.json', dirty: true })).toEqual({ ok: true });
    expect(h.titles).toEqual([['• a.json — PipeScope', true]]);
    expect(h.controller.dirty).toBe(true);
    expect(h.controller.setDocumentState({ title: 'a.json', dirty: 1 })).toMatchObject({ ok: false });
    expect(h.controller.dirty).toBe(true);
  });

  it('confirmDiscard proceeds without asking when clean and asks when dirty', async () => {
    const h = await harness();
    const handlers = h.controller.handlers();
    expect(await handlers[CHANNELS.confirmDiscard](undefined)).toEqual({ proceed: true });
    h.controller.setDocumentState({ title: 'a', dirty: true });
    h.answers.discard.push(true);
    expect(await handlers[CHANNELS.confirmDiscard](undefined)).toEqual({ proceed: true });
    expect(await handlers[CHANNELS.confirmDiscard](undefined)).toEqual({ proceed: false });
    expect(h.asked).toEqual(['new', 'new']);
  });

  it('does not ask twice when the page confirmed before handing over a dropped file', async () => {
    const h = await harness();
    h.controller.setDocumentState({ title: 'draft', dirty: true });
    const file = await write('drop.json');
    h.answers.discard.push(true);
    expect(await h.controller.handlers()[CHANNELS.confirmDiscard](undefined)).toEqual({ proceed: true });
    expect(await h.controller.openDropped(file)).toMatchObject({ ok: true });
    expect(h.asked).toEqual(['new']);
    // The approval is used up: the next open asks again while the document is still dirty.
    h.answers.open.push(file);
    await h.controller.openScenario();
    expect(h.asked).toEqual(['new', 'open']);
  });

  it('forgets an approval once the document changes', async () => {
    const h = await harness();
    h.controller.setDocumentState({ title: 'draft', dirty: true });
    h.answers.discard.push(true);
    await h.controller.handlers()[CHANNELS.confirmDiscard](undefined);
    h.controller.setDocumentState({ title: 'draft', dirty: true });
    await h.controller.openDropped(await write('x.json'));
    expect(h.asked).toEqual(['new', 'open']);
  });

  it('has a handler for every channel of the contract', async () => {
    const h = await harness();
    expect(Object.keys(h.controller.handlers()).sort()).toEqual(Object.values(CHANNELS).sort());
  });
});

describe('profiler traces', () => {
  it('opens a chosen trace without asking about unsaved changes, and reads it back in chunks by token', async () => {
    const h = await harness();
    h.controller.setDocumentState({ title: 'plan', dirty: true });
    const bytes = Buffer.alloc(TRACE_CHUNK_BYTES + 10, 7);
    const file = await write('rank0.json.gz', bytes.toString('latin1'));
    h.answers.open.push(file);
    const opened = await h.controller.handlers()[CHANNELS.openTrace](undefined);
    expect(opened).toEqual({
      ok: true,
      traces: [{ token: expect.any(String), name: 'rank0.json.gz', size: bytes.length }],
    });
    expect(h.asked).toEqual([]);
    const token = (opened as { traces: { token: string }[] }).traces[0].token;
    const read = h.controller.handlers()[CHANNELS.readTraceChunk];
    const first = (await read({ token, offset: 0 })) as { ok: true; bytes: Uint8Array };
    const second = (await read({ token, offset: TRACE_CHUNK_BYTES })) as { ok: true; bytes: Uint8Array };
    const end = (await read({ token, offset: bytes.length })) as { ok: true; bytes: Uint8Array };
    expect([first.bytes.length, second.bytes.length, end.bytes.length]).toEqual([TRACE_CHUNK_BYTES, 10, 0]);
    // a trace is not a document: Save does not gain the right to write it
    expect(h.controller.isGranted(file)).toBe(false);
  });

  it('refuses a token it did not hand out and a bad offset, and says when the dialog was cancelled', async () => {
    const h = await harness();
    const read = h.controller.handlers()[CHANNELS.readTraceChunk];
    expect(await read({ token: 'trace-9', offset: 0 })).toEqual({
      ok: false,
      error: 'Refused: that trace was not opened with Open Trace in this window.',
    });
    expect(await read({ token: 'trace-1', offset: -1 })).toEqual({
      ok: false,
      error: 'trace chunk offset must be a whole number of bytes >= 0',
    });
    expect(await h.controller.handlers()[CHANNELS.openTrace](undefined)).toMatchObject({
      ok: false,
      canceled: true,
    });
  });
});
