import { describe, expect, it } from 'vitest';
import { dateText, msText, pctText, signedText, sizeText } from './format';

describe('numbers in the trace tables', () => {
  it('gives small times more decimals than large ones', () => {
    expect([0.0125, 1.5, 46.8759, 660.551, 1234.56].map(msText)).toEqual([
      '0.0125',
      '1.500',
      '46.876',
      '660.55',
      '1234.6',
    ]);
    expect(msText(null)).toBe('–');
  });

  it('writes shares as percentages and differences with their sign', () => {
    expect(pctText(0.164)).toBe('16.4 %');
    expect(signedText(-0.25, '%')).toBe('−25.0 pp');
    expect(signedText(2, 'ms')).toBe('+2.000');
    expect(signedText(null, 'ms')).toBe('–');
  });

  it('writes sizes in decimal units and dates in UTC', () => {
    expect(sizeText(9_812_345)).toBe('9.8 MB');
    expect(dateText('2025-02-25T05:34:39.470Z')).toBe('2025-02-25 05:34:39 UTC');
  });
});
