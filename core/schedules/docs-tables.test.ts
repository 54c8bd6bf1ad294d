import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allSchedules } from './registry';

/** The rows of the markdown table whose header row starts with these headers, as trimmed cells. */
function tableRows(file: string, headers: string[]): string[][] {
  const lines = readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${headers.join(' | ')} |`));
  if (start < 0) throw new Error(`docs/${file} has no table with the headers ${headers.join(', ')}`);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++)
    rows.push(
      lines[i]
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  return rows;
}

// Stage counts on P = 5 devices with v = 3, read from the table's words.
const STAGES: Record<string, number> = { P: 5, 'v x P': 15, '2P': 10 };

describe('docs tables of schedules', () => {
  const schedules = allSchedules();

  it('docs/schedules.md lists exactly the registered schedules, in order, with their facts', () => {
    const rows = tableRows('schedules.md', ['name', 'title', 'placement']);
    expect(rows.map((r) => r[0])).toEqual(schedules.map((s) => `\`${s.name}\``));
    rows.forEach(([, title, placement, , stages, parameters, formula], k) => {
      const s = schedules[k];
      expect({ title, placement, stages: STAGES[stages], parameters, formula }).toEqual({
        title: s.title,
        placement: s.placement,
        stages: s.stages(5, 3),
        parameters: `${s.paramMultiplier}x`,
        formula: s.analyticBubble.formula,
      });
    });
  });

  it('docs/formulas.md gives every registered schedule its analytic bubble and its activations in flight', () => {
    const bubbles = tableRows('formulas.md', ['schedule', 'formula']);
    expect(bubbles.map((r) => r[0])).toEqual(schedules.map((s) => s.title));
    bubbles.forEach(([, formula], k) => {
      expect(formula.startsWith(schedules[k].analyticBubble.formula)).toBe(true);
    });
    const memory = tableRows('formulas.md', ['schedule', 'activations in flight']);
    expect(memory.map((r) => r[0])).toEqual(schedules.map((s) => s.title));
  });
});
