import { describe, expect, it } from 'vitest';
import { oneFOneBTwoByTwo } from '../core/export/fixtures.test-helper';
import { loadScenario, saveScenario } from '../core/format/scenario-file';
import { defaultScenario } from '../core/model/scenario';
import { documentText } from './analysis/document';
import {
  type ExportDocument,
  exportBaseName,
  exportScope,
  renderExport,
  scopeSuffix,
  visibleTimeRange,
} from './export';

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
    const r = await renderExport('csv', target(), doc, { maxChars: 100 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe('microbatches');
    expect(r.error.message).toMatch(
      /^the CSV of this scenario would be more than .* \(8 rows\), and PipeScope writes at most/,
    );
  });
});

describe('export scopes from the view', () => {
  // The hand-worked run's makespan is 9 ms; the chart fits it as [-0.09, 9.09] (a 1% margin).
  it('the visible range is the part of [0, makespan] the chart shows, none when it shows all of it', () => {
    expect(visibleTimeRange(null, 9)).toBeNull();
    expect(visibleTimeRange({ t0: -0.09, t1: 9.09 }, 9)).toBeNull();
    expect(visibleTimeRange({ t0: 2, t1: 5 }, 9)).toEqual({ t0: 2, t1: 5 });
    expect(visibleTimeRange({ t0: -0.09, t1: 4 }, 9)).toEqual({ t0: 0, t1: 4 });
  });

  it('gives everything, the zoomed range, or the selected devices in order; no device is a message', () => {
    const view = { viewport: { t0: 2, t1: 5 }, selectedDevices: [1, 0] };
    expect(exportScope('all', view, target())).toEqual({ ok: true, scope: undefined });
    expect(exportScope('visible', view, target())).toEqual({ ok: true, scope: { range: { t0: 2, t1: 5 } } });
    expect(exportScope('visible', { ...view, viewport: null }, target())).toEqual({
      ok: true,
      scope: undefined,
    });
    expect(exportScope('devices', view, target())).toEqual({ ok: true, scope: { devices: [0, 1] } });
    expect(exportScope('devices', { ...view, selectedDevices: null }, target())).toMatchObject({
      ok: false,
      message: /click device labels in the chart/,
    });
  });

  it('names scoped files after what they hold', () => {
    expect(scopeSuffix(undefined)).toBe('');
    expect(scopeSuffix({ range: { t0: 2, t1: 5.125 } })).toBe('-2-5.13ms');
    expect(scopeSuffix({ devices: [0, 3] })).toBe('-devices-0-3');
  });

  it('exports an SVG of the zoomed range that differs from the whole one and holds only its ops', async () => {
    const whole = String((await exported('svg', target(), doc)).data);
    const zoomed = String(
      (await exported('svg', target(), doc, { scope: { range: { t0: 3, t1: 6 } } })).data,
    );
    expect(zoomed).not.toBe(whole);
    const rects = (svg: string) =>
      (
        svg
          .split('<g id="ops">')[1]
          .split('</g>\n</g>')[0]
          .match(/<rect /g) ?? []
      ).length;
    expect(rects(whole)).toBe(8);
    expect(rects(zoomed)).toBe(4);
  });
});
