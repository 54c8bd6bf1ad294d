import { describe, expect, it } from 'vitest';
import { oneFOneBTwoByTwo } from '../core/export/fixtures.test-helper';
import { loadScenario } from '../core/format/scenario-file';
import { defaultScenario } from '../core/model/scenario';
import { exportBaseName, renderExport } from './export';

const doc = { scenario: { ...defaultScenario(), name: 'Two by two' }, theme: 'light' as const };
const target = () => ({ analyses: [oneFOneBTwoByTwo()], labels: ['1F1B'] });

describe('exportBaseName', () => {
  it('drops the scenario and SVG extensions, keeping any other dots', () => {
    expect(exportBaseName('deepseek-v3.json')).toBe('deepseek-v3');
    expect(exportBaseName('run.pipescope.json')).toBe('run');
    expect(exportBaseName('run.pipescope')).toBe('run');
    expect(exportBaseName('chart.SVG')).toBe('chart');
    expect(exportBaseName('v1.2 run.json')).toBe('v1.2 run');
    expect(exportBaseName('Untitled')).toBe('Untitled');
  });
});

describe('renderExport', () => {
  it('writes the CSV with one line per op of the hand-worked 1F1B run (8 ops + header)', async () => {
    const { data, ext } = await renderExport('csv', target(), doc);
    expect(ext).toBe('csv');
    expect(String(data).trimEnd().split('\r\n')).toHaveLength(9);
  });

  it('writes the trace as one JSON document ending in a newline', async () => {
    const { data, ext } = await renderExport('chrome-trace', target(), doc);
    expect(ext).toBe('trace.json');
    expect(String(data).endsWith('}\n')).toBe(true);
    expect(() => JSON.parse(String(data))).not.toThrow();
  });

  it('embeds the document in the SVG, so the export reopens as the same scenario', async () => {
    const { data, ext } = await renderExport('svg', target(), doc);
    expect(ext).toBe('svg');
    const reopened = loadScenario(String(data));
    expect(reopened.ok && reopened.scenario.name).toBe('Two by two');
  });
});
