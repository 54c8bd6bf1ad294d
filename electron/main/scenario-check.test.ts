import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/format/scenario-file';
import { checkScenarioTextWith } from './scenario-check';

describe('checkScenarioTextWith (core/format loadScenario)', () => {
  it('accepts a minimal scenario file (defaults fill the rest)', () => {
    expect(checkScenarioTextWith(loadScenario, '{"format": "pipescope-scenario", "version": 1}')).toEqual({
      ok: true,
    });
  });

  it('refuses text that is not a scenario, naming where the problem is', () => {
    const r = checkScenarioTextWith(
      loadScenario,
      '{"format": "pipescope-scenario", "version": 1, "devices": "eight"}',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/devices/);
    expect(checkScenarioTextWith(loadScenario, 'not json').ok).toBe(false);
  });

  it('shows at most three errors and counts the rest', () => {
    const r = checkScenarioTextWith(
      () => ({ ok: false, errors: [1, 2, 3, 4, 5].map((i) => ({ path: `$.a${i}`, message: 'bad' })) }),
      '',
    );
    expect(r).toEqual({ ok: false, error: '$.a1: bad; $.a2: bad; $.a3: bad (and 2 more)' });
  });
});
