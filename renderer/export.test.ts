import { describe, expect, it } from 'vitest';
import { oneFOneBTwoByTwo } from '../core/export/fixtures.test-helper';
import { loadScenario, saveScenario } from '../core/format/scenario-file';
import { defaultScenario } from '../core/model/scenario';
import { documentText } from './analysis/document';
import { type ExportDocument, exportBaseName, renderExport } from './export';

const scenario = { ...defaultScenario(), name: 'Two by two' };
const doc: ExportDocument = {
  scenario,
  theme: 'light',
  savedText: async () => saveScenario(scenario),
};
const target = () => ({ analyses: [oneFOneBTwoByTwo()], labels: ['1F1B'] });

/** The content of an export that must succeed. */
async function exported(...args: Parameters<typeof renderExport>) {
  const r = await renderExport(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

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
    const { data, ext } = await exported('csv', target(), doc);
    expect(ext).toBe('csv');
    expect(String(data).trimEnd().split('\r\n')).toHaveLength(9);
  });

  it('writes the trace as one JSON document ending in a newline', async () => {
    const { data, ext } = await exported('chrome-trace', target(), doc);
    expect(ext).toBe('trace.json');
    expect(String(data).endsWith('}\n')).toBe(true);
    expect(() => JSON.parse(String(data))).not.toThrow();
  });

  it('embeds the document in the SVG, so the export reopens as the same scenario', async () => {
    const { data, ext } = await exported('svg', target(), doc);
    expect(ext).toBe('svg');
    const reopened = loadScenario(String(data));
    expect(reopened.ok && reopened.scenario.name).toBe('Two by two');
  });

  it("embeds the file's unknown fields too, as Save writes them", async () => {
    const kept = JSON.stringify({ extra: { 'x-team': 'infra' }, nested: [] });
    const { data } = await exported('svg', target(), {
      ...doc,
      savedText: async () => documentText(scenario, kept),
    });
    const reopened = loadScenario(String(data));
    expect(reopened.ok && reopened.scenario.extra).toEqual({ 'x-team': 'infra' });
  });

  it('refuses an export over its budget with a message naming micro-batches, instead of building it', async () => {
    // The 8-op run's CSV is a header and 8 rows of more than 20 characters: 100 cannot hold it.
    const r = await renderExport('csv', target(), doc, 100);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe('microbatches');
    expect(r.error.message).toMatch(
      /^the CSV of this scenario would be more than .* \(8 rows\), and PipeScope writes at most/,
    );
  });
});
