import { describe, expect, it } from 'vitest';
import { compareBaseline } from './baseline';

describe('compareBaseline', () => {
  it('is the chosen schedule while it is compared', () => {
    expect(compareBaseline('gpipe', ['gpipe', '1f1b', 'dualpipe'])).toBe('gpipe');
  });

  it('falls back to 1F1B when the choice is not compared or there is none, as pipescope compare does', () => {
    expect(compareBaseline('zb-h1', ['gpipe', '1f1b', 'dualpipe'])).toBe('1f1b');
    expect(compareBaseline(null, ['dualpipe', '1f1b'])).toBe('1f1b');
  });

  it('without 1F1B it is the first compared schedule, and nothing when none is', () => {
    expect(compareBaseline(null, ['dualpipe', 'zb-h1'])).toBe('dualpipe');
    expect(compareBaseline(null, [])).toBeNull();
  });
});
