import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/format/limits';
import { parseScenarioObject, saveScenario } from '../../core/format/scenario-file';
import { defaultScenario } from '../../core/model/scenario';
import { COST_FIELDS, EDITOR_SECTIONS, type NumberSpec, PART_FIELDS } from './field-table';
import { partsFromCosts } from './parts-fields';
import { assignAt } from '../object-path';

const numberFields: NumberSpec[] = [
  ...EDITOR_SECTIONS.flatMap((s) => s.entries).filter((e): e is NumberSpec => e.kind === 'number'),
  ...COST_FIELDS,
  ...PART_FIELDS.forward,
  ...PART_FIELDS.backward,
];

/**
 * The error paths the file loader reports for a default scenario whose `path` is `value`; with
 * parts, and with as many SMs as allowed (so that any valid number of reserved SMs is below it).
 */
function errorPathsWith(path: string, value: number): string[] {
  const s = defaultScenario();
  s.parts = partsFromCosts(s);
  s.smSplit = { total: LIMITS.smTotal, reserved: 0 };
  const file = JSON.parse(saveScenario(s));
  assignAt(file, path, value);
  const r = parseScenarioObject(file);
  return r.ok ? [] : r.errors.map((e) => e.path);
}

describe('the editor field table', () => {
  it('has a field for every number the editor showed before it was a table', () => {
    expect(numberFields.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'devices',
        'microbatches',
        'chunks',
        'groupSize',
        'p2p.time',
        'p2p.bytes',
        'p2p.bandwidth',
        'smSplit.total',
        'smSplit.reserved',
        'memory.activation',
        'memory.weightGradStash',
        'memory.parameters',
        'memory.capacity',
        'memory.activationBudget',
        'costs.forward',
        'parts.forward.attention',
        'parts.backward.attentionWeight',
      ]),
    );
  });

  it('gives each field the range the file loader enforces at that field: its ends pass, one step past is an error there', () => {
    for (const f of numberFields) {
      const lowest = f.aboveMin ? f.min + 1e-3 : f.min;
      expect(errorPathsWith(f.path, lowest), `${f.path} = ${lowest}`).not.toContain(f.path);
      if (f.max !== undefined)
        expect(errorPathsWith(f.path, f.max), `${f.path} = ${f.max}`).not.toContain(f.path);
      const below = f.aboveMin ? f.min : f.integer ? f.min - 1 : f.min - 1e-3;
      expect(errorPathsWith(f.path, below), `${f.path} = ${below}`).toContain(f.path);
      if (f.max === undefined) continue;
      const above = f.integer ? f.max + 1 : f.max * (1 + 1e-6);
      expect(errorPathsWith(f.path, above), `${f.path} = ${above}`).toContain(f.path);
    }
  });

  it('uses one test id per field, except a slider, which shares its number field’s path', () => {
    const ids = EDITOR_SECTIONS.flatMap((s) => s.entries).flatMap((e) =>
      e.kind === 'block' || e.kind === 'range' ? [] : [e.path],
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
