import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../core/analyze';
import { rederive } from '../core/cost-model/scenario-derive';
import { loadScenario, saveScenario } from '../core/format/scenario-file';

// Every scenario users open first must load cleanly and analyze (deepseek-v3.json included when present).
const dir = join(__dirname, '..', 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const ours = [
  '1f1b-small.json',
  'zb-h1-vs-1f1b.json',
  'interleaved.json',
  'dualpipe-small.json',
  'deepseek-v3-derived.json',
  'llama-3.1-405b-derived.json',
];
/** Written by `pipescope derive -o` (docs/cost-model.md, "The DeepSeek-V3 check"). */
const derived = ['deepseek-v3-derived.json', 'llama-3.1-405b-derived.json'];

describe('examples/', () => {
  it('holds the starter scenarios', () => {
    for (const f of ours) expect(files).toContain(f);
  });

  it.each(files)('%s loads without warnings, describes itself and analyzes', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const r = loadScenario(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([]);
    expect(r.scenario.description.length).toBeGreaterThan(20);
    const schemaRef = r.scenario.extra?.$schema;
    expect(typeof schemaRef).toBe('string');
    expect(existsSync(resolve(dirname(join(dir, f)), schemaRef as string))).toBe(true);
    const a = analyze(r.scenario);
    if (!a.ok) throw new Error(JSON.stringify(a.errors));
    expect(a.analysis.metrics.makespan).toBeGreaterThan(0);
  });

  it.each(ours)('%s is in canonical form (saving it changes nothing)', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const r = loadScenario(text);
    expect(r.ok && saveScenario(r.scenario)).toBe(text);
  });

  it("zb-h1-vs-1f1b.json's description states the makespans the simulator gives", () => {
    // m(F+B+W) + (P-1)(F+B-W) = 12 x 3 + 3 x 1 = 39; 1F1B: (m + P - 1)(F + B + W) = 15 x 3 = 45.
    const r = loadScenario(readFileSync(join(dir, 'zb-h1-vs-1f1b.json'), 'utf8'));
    if (!r.ok) throw new Error('does not load');
    const zb = analyze(r.scenario, 'zb-h1');
    const one = analyze(r.scenario, '1f1b');
    expect(zb.ok && zb.analysis.metrics.makespan).toBe(39);
    expect(one.ok && one.analysis.metrics.makespan).toBe(45);
    expect(r.scenario.description).toContain('39 ms');
    expect(r.scenario.description).toContain('45 ms');
  });

  it.each(derived)('%s holds what its derive section gives: re-deriving changes nothing', (f) => {
    const r = loadScenario(readFileSync(join(dir, f), 'utf8'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.scenario.derive?.overrides).toEqual([]);
    const again = rederive(r.scenario);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.scenario).toEqual(r.scenario);
  });
});
