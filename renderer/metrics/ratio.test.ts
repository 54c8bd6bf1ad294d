import { describe, expect, it } from 'vitest';
import { amountRatio, speedup } from './ratio';

describe('speedup', () => {
  it('684.5 ms against a 1,088.2 ms baseline is 1,088.2 / 684.5 = 1.59x faster', () => {
    const r = speedup(684.5, 1088.2);
    expect(r.value).toBeCloseTo(1.5898, 4);
    expect(r.text).toBe('1.59× faster');
  });

  it('a longer iteration is slower by this / baseline', () => {
    expect(speedup(1497.6, 1088.2).text).toBe('1.38× slower');
  });

  it('the same time reads as the same speed, and no baseline as a dash', () => {
    expect(speedup(10, 10).text).toBe('same speed');
    expect(speedup(10, 0)).toEqual({ value: null, text: '—' });
  });
});

describe('amountRatio', () => {
  it('97.5% against 13.9% overlap is 7.01x more', () => {
    expect(amountRatio(0.975, 0.139).text).toBe('7.01× more');
  });

  it('104.1 ms against 362.5 ms exposed is 362.5 / 104.1 = 3.48x less', () => {
    expect(amountRatio(104.1, 362.5).text).toBe('3.48× less');
  });

  it('nothing against something is none; anything against nothing has no ratio', () => {
    expect(amountRatio(0, 5).text).toBe('none');
    expect(amountRatio(5, 0).text).toBe('—');
    expect(amountRatio(null, 5).text).toBe('—');
  });
});
