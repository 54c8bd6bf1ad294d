import { describe, expect, it } from 'vitest';
import { assignAt, valueAt } from './object-path';

describe('object paths', () => {
  it('reads a nested value, and undefined below a null parent', () => {
    const s = { p2p: { time: 0.2 }, parts: null };
    expect(valueAt(s, 'p2p.time')).toBe(0.2);
    expect(valueAt(s, 'parts.forward.mlp')).toBeUndefined();
  });

  it('writes a nested value, null included', () => {
    const s = { memory: { capacity: 5 as number | null } };
    assignAt(s, 'memory.capacity', null);
    expect(s.memory.capacity).toBeNull();
  });

  it('leaves the document alone when a parent is null, instead of creating half an object', () => {
    const s = { parts: null };
    assignAt(s, 'parts.forward.mlp', 3);
    expect(s).toEqual({ parts: null });
  });
});
