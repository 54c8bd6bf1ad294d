import { describe, expect, it } from 'vitest';
import example from '../../examples/deepseek-v3.json';
import { analyze } from '../../core/analyze';
import { loadScenario } from '../../core/format/scenario-file';
import { explainDifference } from '../../core/metrics/explain';
import { defaultScenario } from '../../core/model/scenario';
import { referenceAnalysis } from '../analysis/reference';
import { blockLabel } from './block-label';
import { gpipeBeats1f1b } from './parts-note';
import { differenceSection } from './sections';

function deepSeek() {
  const r = loadScenario(JSON.stringify(example));
  if (!r.ok) throw new Error('the example loads');
  return r.scenario;
}

describe('gpipeBeats1f1b', () => {
  it("on the DeepSeek-V3 example (chunk parts) GPipe is faster than 1F1B, and the note is core's explanation of the two", () => {
    const s = deepSeek();
    const note = gpipeBeats1f1b(s, (name) => {
      const r = analyze(s, name);
      return r.ok ? { ok: true, analysis: r.analysis } : { ok: false, errors: r.errors };
    });
    expect(note).not.toBeNull();
    expect(note!.gpipe).toBeLessThan(note!.oneF1b);
    const g = analyze(s, 'gpipe');
    const o = analyze(s, '1f1b');
    if (!g.ok || !o.ok) throw new Error('both run');
    expect(note!.sentences).toEqual(explainDifference(g.analysis, o.analysis));
    expect(note!.sentences[1]).toMatch(/^With chunk parts, consecutive ops of one direction overlap/);
  });

  it('says nothing without chunk parts, where the overlap it explains cannot happen', () => {
    const s = { ...defaultScenario(), devices: 4, microbatches: 8 };
    expect(s.parts).toBeNull();
    expect(referenceAnalysis(s, null).partsNote).toBeNull();
  });
});

describe('referenceAnalysis', () => {
  it('analyses the reference schedule of the same scenario, and nothing when none is asked for', () => {
    const s = deepSeek();
    const r = referenceAnalysis(s, '1f1b');
    expect(r.result?.ok && r.result.analysis.schedule.name).toBe('1f1b');
    expect(referenceAnalysis(s, null).result).toBeNull();
  });
});

describe('differenceSection', () => {
  it('keeps only the mechanism (what follows the ratio and the critical paths) when asked', () => {
    const s = deepSeek();
    const d = analyze(s, 'dualpipe');
    const o = analyze(s, '1f1b');
    if (!d.ok || !o.ok) throw new Error('both run');
    const all = explainDifference(d.analysis, o.analysis);
    expect(all.length).toBeGreaterThan(1);
    expect(differenceSection('k', d.analysis, o.analysis, 't').sentences).toEqual(all);
    expect(differenceSection('k', d.analysis, o.analysis, 't', true).sentences).toEqual(all.slice(1));
  });
});

describe('blockLabel', () => {
  it('without communication: the name and the iteration time only', () => {
    const r = analyze({ ...defaultScenario(), schedule: '1f1b' });
    if (!r.ok) throw new Error('runs');
    // Default scenario: 1F1B, 4 devices, 8 micro-batches, F = B = W = 1 ms: (8 + 3) x 3 = 33 ms.
    expect(blockLabel('1F1B', r.analysis.metrics)).toBe('1F1B · 33 ms');
  });

  it('with communication: the share under computation, whole and in the steady state', () => {
    const s = deepSeek();
    const r = analyze(s, 'dualpipe');
    if (!r.ok) throw new Error('runs');
    const m = r.analysis.metrics;
    const whole = Math.round(m.comm.overlapFraction! * 100);
    const steady = Math.round(m.steadyState.overlap! * 100);
    expect(blockLabel('DualPipe', m)).toMatch(
      new RegExp(
        `^DualPipe · [\\d.]+ ms · ${whole}% of its communication under computation, ${steady}% in the steady state$`,
      ),
    );
  });
});
