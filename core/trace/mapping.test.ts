import { describe, expect, it } from 'vitest';
import {
  defaultTraceMapDocument,
  parseTraceMapping,
  partMatcher,
  withLayersPerChunk,
  withPartRule,
  withStreamRole,
} from './mapping';

const matcher = (doc: object) => {
  const r = parseTraceMapping(doc, 'test');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return partMatcher(r.mapping);
};

describe('editing a mapping document (what the app saves with the scenario)', () => {
  it('gives a name its own part, first, so it beats a wildcard rule', () => {
    const doc = { ...defaultTraceMapDocument(), parts: { 'attn*': 'attention(F)' } };
    const next = withPartRule(doc, 'attn(W)', 'attention-weight-grad(B)');
    expect(Object.keys(next.parts!)).toEqual(['attn(W)', 'attn*']);
    expect(matcher(next)('attn(W)')).toBe('attention-weight-grad(B)');
    expect(matcher(next)('attn(F)')).toBe('attention(F)');
  });

  it('hides a default name with null, and gives it back to the defaults with undefined', () => {
    const hidden = withPartRule(defaultTraceMapDocument(), 'mlp(F)', null);
    expect(matcher(hidden)('mlp(F)')).toBeNull();
    const back = withPartRule(hidden, 'mlp(F)', undefined);
    expect(back).toEqual(defaultTraceMapDocument());
    expect(matcher(back)('mlp(F)')).toBe('mlp(F)');
  });

  it('sets and clears a stream role and layers per chunk, leaving the rest alone', () => {
    const doc = withStreamRole(withLayersPerChunk(defaultTraceMapDocument(), 4), '0:27', 'compute');
    expect(doc).toEqual({
      format: 'pipescope-trace-map',
      version: 1,
      layersPerChunk: 4,
      streamRoles: { '0:27': 'compute' },
    });
    const r = parseTraceMapping(doc, 'test');
    expect(r.ok && r.mapping.streamRoles).toEqual([{ rank: 0, stream: 27, role: 'compute' }]);
    expect(withLayersPerChunk(withStreamRole(doc, '0:27', undefined), null)).toEqual(
      defaultTraceMapDocument(),
    );
  });
});
