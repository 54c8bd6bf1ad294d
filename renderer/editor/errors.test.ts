import { describe, expect, it } from 'vitest';
import { FieldErrors, normalizePath } from './errors';

describe('FieldErrors', () => {
  it('a field gets the errors at its path and, prefixed with the rest of the path, the ones inside it', () => {
    const errors = new FieldErrors([
      { path: 'costs.forward[2]', message: 'must be >= 0' },
      { path: 'devices', message: 'must be even' },
      { path: 'memory.capacity', message: 'too small' },
    ]);
    expect(errors.at('devices')).toEqual(['must be even']);
    expect(errors.at('costs.forward')).toEqual(['[2]: must be >= 0']);
    expect(errors.unclaimed()).toEqual([{ path: 'memory.capacity', message: 'too small' }]);
  });

  it('a field does not claim a sibling whose name merely starts the same', () => {
    const errors = new FieldErrors([{ path: 'microbatchesExtra', message: 'x' }]);
    expect(errors.at('microbatches')).toEqual([]);
  });

  it('normalises JSON-pointer and $-rooted spellings to the dotted one', () => {
    expect(normalizePath('/costs/forward/3')).toBe('costs.forward[3]');
    expect(normalizePath('$.memory.capacity')).toBe('memory.capacity');
    expect(normalizePath('p2p.time')).toBe('p2p.time');
  });
});
