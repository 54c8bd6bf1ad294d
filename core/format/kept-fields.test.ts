import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withKept, separateKept } from './kept-fields';
import { loadScenario, parseScenarioObject, saveScenario } from './scenario-file';
import { unitChunkParts } from './testing/chunk-parts';
import { mutatedDocument } from './testing/fuzz-documents';

describe('separateKept and withKept', () => {
  it('split a loaded scenario into known and unknown fields and join them back to the same saved text', () => {
    fc.assert(
      fc.property(mutatedDocument, (doc) => {
        const r = parseScenarioObject(doc);
        if (!r.ok) return;
        const { scenario, kept } = separateKept(r.scenario);
        expect(JSON.stringify(scenario)).not.toContain('someUnknownField');
        expect(saveScenario(withKept(scenario, kept))).toBe(saveScenario(r.scenario));
        // Through JSON (how the worker hands the kept fields to the page) as well.
        expect(saveScenario(withKept(scenario, JSON.parse(JSON.stringify(kept))))).toBe(
          saveScenario(r.scenario),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('keep only known fields in the document, wherever the unknown ones were', () => {
    const r = loadScenario(
      JSON.stringify({
        format: 'pipescope-scenario',
        version: 1,
        team: { notes: 'x' },
        costs: { forward: 2, estimate: 'rough' },
        parts: { ...unitChunkParts(), forward: { ...unitChunkParts().forward, __proto__x: 1 } },
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const { scenario, kept } = separateKept(r.scenario);
    expect(scenario.extra).toBeUndefined();
    expect(scenario.costs).toEqual({ forward: 2, backwardInput: 1, backwardWeight: 1 });
    expect(Object.keys(scenario.parts!.forward)).toEqual(['attention', 'dispatch', 'mlp', 'combine']);
    expect(kept).toEqual({
      extra: { team: { notes: 'x' } },
      nested: [
        { at: ['costs'], key: 'estimate', value: 'rough' },
        { at: ['parts', 'forward'], key: '__proto__x', value: 1 },
      ],
    });
    // An edit that removes the object a field lived in removes the field, as in the loaded scenario.
    const edited = withKept({ ...scenario, parts: null }, kept);
    expect(edited.parts).toBeNull();
    expect((edited.costs as Record<string, unknown>).estimate).toBe('rough');
  });
});
