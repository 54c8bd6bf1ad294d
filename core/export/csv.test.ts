import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { defaultScenario } from '../model/scenario';
import { unevenParts } from '../sim/uneven-parts.test-helper';
import { OPS_CSV_HEADER, PARTS_CSV_HEADER, toCsv, toPartsCsv } from './csv';
import { oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import { csvField } from './text';

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('toCsv', () => {
  it('writes a header and one row per op with the hand-worked 1F1B times', () => {
    const rows = parseCsv(toCsv(oneFOneBTwoByTwo()));
    expect(rows[0]).toEqual([...OPS_CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['0', '0', 'F', '0', '0', '0', '', '0', '1', '1'],
      ['0', '1', 'F', '1', '0', '0', '', '1', '2', '1'],
      ['0', '2', 'BW', '0', '0', '0', '', '4', '6', '2'],
      ['0', '3', 'BW', '1', '0', '0', '', '7', '9', '2'],
      ['1', '0', 'F', '0', '0', '1', '', '1', '2', '1'],
      ['1', '1', 'BW', '0', '0', '1', '', '2', '4', '2'],
      ['1', '2', 'F', '1', '0', '1', '', '4', '5', '1'],
      ['1', '3', 'BW', '1', '0', '1', '', '5', '7', '2'],
    ]);
  });

  it('ends every line with CRLF, including the last', () => {
    const text = toCsv(oneFOneBTwoByTwo());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 8 + 1);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('fills the pair column for the two ops of an overlapped pair only', () => {
    const rows = parseCsv(toCsv(pairWithParts()));
    const pairColumn = OPS_CSV_HEADER.indexOf('pair');
    expect(rows.slice(1).map((r) => r[pairColumn])).toEqual(['0', '0', '']);
  });

  it('rounds float noise away: 0.1 + 0.2 ms is written as 0.3', () => {
    const a = oneFOneBTwoByTwo();
    a.timeline.end[0] = 0.1 + 0.2;
    const rows = parseCsv(toCsv(a));
    expect(rows[1].slice(7)).toEqual(['0', '0.3', '0.3']);
  });
});

describe('toPartsCsv', () => {
  it('lists every part under its op, sorted by start, with its stream', () => {
    const rows = parseCsv(toPartsCsv(pairWithParts()));
    expect(rows[0]).toEqual([...PARTS_CSV_HEADER]);
    expect(rows.slice(1, 5)).toEqual([
      ['0', '0', 'F', '1', '0', '0', '0', 'attention', 'compute', '0', '1', '1'],
      ['0', '0', 'F', '1', '0', '0', '0', 'dispatch', 'comm', '1', '2', '1'],
      ['0', '0', 'F', '1', '0', '0', '0', 'mlp', 'compute', '2', '3', '1'],
      ['0', '0', 'F', '1', '0', '0', '0', 'combine', 'comm', '4', '5', '1'],
    ]);
    expect(rows).toHaveLength(1 + 12);
  });

  it("gives each device's rows its own part times when the parts are per device", () => {
    // 1F1B on 2 devices, one micro-batch (uneven-parts.test-helper.ts works the times out)
    const s = defaultScenario();
    Object.assign(s, { devices: 2, microbatches: 1, schedule: '1f1b' });
    s.parts = unevenParts();
    const a = analyze(s);
    if (!a.ok) throw new Error(JSON.stringify(a.errors));
    const rows = parseCsv(toPartsCsv(a.analysis)).slice(1);
    const row = (device: number, part: string) =>
      rows.find((r) => r[0] === String(device) && r[7] === part)?.slice(9);
    expect(row(0, 'attention')).toEqual(['0', '1', '1']);
    expect(row(1, 'attention')).toEqual(['1.5', '3.5', '2']);
    expect(row(1, 'mlp-input-grad')).toEqual(['4.5', '7.5', '3']);
    expect(row(0, 'attention-input-grad')).toEqual(['9.5', '10.5', '1']);
  });

  it('is only the header when the chunks have no parts', () => {
    expect(toPartsCsv(oneFOneBTwoByTwo())).toBe(`${PARTS_CSV_HEADER.join(',')}\r\n`);
  });
});

describe('csvField', () => {
  it('quotes fields with commas, quotes or line breaks and doubles inner quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(parseCsv(`${csvField('x,"y"\n')},z\r\n`)).toEqual([['x,"y"\n', 'z']]);
  });
});
