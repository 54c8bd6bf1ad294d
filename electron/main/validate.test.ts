import { describe, expect, it } from 'vitest';
import {
  checkDocumentState,
  checkExportRequest,
  checkExternalUrl,
  checkFilePath,
  checkSaveRequest,
  sanitizeFileName,
} from './validate';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('payload checks', () => {
  it('accepts a well-formed save request and rejects every malformed one with a reason', () => {
    expect(checkSaveRequest({ path: null, text: '{}' })).toEqual({
      ok: true,
      value: { path: null, text: '{}' },
    });
    expect(checkSaveRequest({ path: '/a.json', text: '{}', suggestedName: '../../x.json' })).toEqual({
      ok: true,
      value: { path: '/a.json', text: '{}', suggestedName: 'x.json' },
    });
    for (const bad of [
      null,
      'text',
      [],
      { path: 3, text: '' },
      { path: null },
      { path: 'a\0b', text: '' },
      { path: null, text: 1 },
    ]) {
      const r = checkSaveRequest(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/save request/);
    }
  });

  it('refuses text whose file would be over the file budget, counting its UTF-8 bytes', () => {
    // é is two bytes in UTF-8: 16 Mi of them make exactly the 32 MB budget, one more is over it
    // although the text has half as many characters.
    const atBudget = 'é'.repeat(16 * 1024 * 1024);
    expect(checkSaveRequest({ path: null, text: atBudget }).ok).toBe(true);
    expect(checkSaveRequest({ path: null, text: `${atBudget}é` })).toEqual({
      ok: false,
      error:
        'save request text is too large: as a file, the file is 33,554,434 bytes; scenario files are at most 32.0 MB',
    });
  });

  it('checks export data matches its kind', () => {
    expect(checkExportRequest({ kind: 'svg', suggestedName: 'a.svg', data: '<svg/>' }).ok).toBe(true);
    expect(checkExportRequest({ kind: 'png', suggestedName: 'a.png', data: PNG }).ok).toBe(true);
    expect(
      checkExportRequest({ kind: 'chrome-trace', suggestedName: 't.json', data: ' {"traceEvents":[]}' }).ok,
    ).toBe(true);
    expect(checkExportRequest({ kind: 'csv', suggestedName: 'a.csv', data: 'a,b\n' }).ok).toBe(true);
    const bad = [
      { kind: 'exe', suggestedName: 'a', data: '' },
      { kind: 'svg', suggestedName: 'a.svg', data: 'hello' },
      { kind: 'svg', suggestedName: 'a.svg', data: PNG },
      { kind: 'png', suggestedName: 'a.png', data: 'not bytes' },
      { kind: 'png', suggestedName: 'a.png', data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { kind: 'chrome-trace', suggestedName: 't.json', data: 'oops' },
      { kind: 'svg', data: '<svg/>' },
      'svg',
    ];
    for (const b of bad) expect(checkExportRequest(b).ok, JSON.stringify(b)).toBe(false);
  });

  it('strips folders and reserved characters from suggested names', () => {
    const r = checkExportRequest({ kind: 'svg', suggestedName: '/etc/cron.d/evil', data: '<svg/>' });
    expect(r.ok && r.value.suggestedName).toBe('evil');
    expect(sanitizeFileName('C:\\Windows\\a<b>.svg', 'f')).toBe('a_b_.svg');
    expect(sanitizeFileName('..', 'fallback.svg')).toBe('fallback.svg');
    expect(sanitizeFileName('a\nb\u0007.svg', 'f')).toBe('a_b_.svg');
  });

  it('requires a string title and a boolean dirty flag, removing control characters from the title', () => {
    expect(checkDocumentState({ title: 'a\nb.json', dirty: true })).toEqual({
      ok: true,
      value: { title: 'a b.json', dirty: true },
    });
    expect(checkDocumentState({ title: 'a', dirty: 'yes' }).ok).toBe(false);
    expect(checkDocumentState({ dirty: false }).ok).toBe(false);
  });

  it('lets only https links out', () => {
    expect(checkExternalUrl('https://github.com/deepseek-ai/DualPipe')).toEqual({
      ok: true,
      value: 'https://github.com/deepseek-ai/DualPipe',
    });
    for (const u of [
      'http://x.org',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://pipescope/',
      'https://u:p@x.org',
      5,
      'x',
    ]) {
      expect(checkExternalUrl(u).ok, String(u)).toBe(false);
    }
  });

  it('rejects empty, huge or NUL-containing paths', () => {
    expect(checkFilePath('/a').ok).toBe(true);
    expect(checkFilePath('').ok).toBe(false);
    expect(checkFilePath('/a'.repeat(3000)).ok).toBe(false);
    expect(checkFilePath('/a\0').ok).toBe(false);
    expect(checkFilePath({}).ok).toBe(false);
  });
});
