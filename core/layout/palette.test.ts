import { describe, expect, it } from 'vitest';
import { OpKind } from '../model/ops';
import { PART_NAMES, Stream } from '../sim/timeline';
import {
  CATEGORIES,
  CHART_COLORS,
  categoryOfOpKind,
  IDLE_STYLES,
  categoryOfPart,
  P2P_CATEGORY,
  type Theme,
} from './palette';

/** WCAG 2 relative luminance and contrast ratio, from the formula in the WCAG 2.1 definition. */
function luminance(hex: string): number {
  const v = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = v.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const themes: Theme[] = ['light', 'dark'];

describe('palette', () => {
  it('has a category for every op kind, every part name and P2P, with unique ids, keys and labels', () => {
    expect(categoryOfOpKind(OpKind.F)).toBe(0);
    expect(CATEGORIES[categoryOfOpKind(OpKind.BW)].key).toBe('BW');
    PART_NAMES.forEach((name, i) => {
      const c = CATEGORIES[categoryOfPart(i)];
      expect(c.key).toBe(name === 'p2p' ? 'P2P' : name);
    });
    expect(CATEGORIES[P2P_CATEGORY].key).toBe('P2P');
    expect(CATEGORIES.map((c) => c.id)).toEqual(CATEGORIES.map((_, i) => i));
    expect(new Set(CATEGORIES.map((c) => c.key)).size).toBe(CATEGORIES.length);
    expect(new Set(CATEGORIES.map((c) => c.label)).size).toBe(CATEGORIES.length);
  });

  it('gives each op kind the category id of its own value (the layout copies kinds as categories)', () => {
    for (const k of [OpKind.F, OpKind.B, OpKind.W, OpKind.BW]) expect(categoryOfOpKind(k)).toBe(k);
  });

  it('keeps F, B and W far apart in colour in both themes', () => {
    for (const theme of themes) {
      const fills = [OpKind.F, OpKind.B, OpKind.W].map((k) => CATEGORIES[k][theme].fill);
      expect(new Set(fills).size).toBe(3);
      // Their lightness alone already differs, which survives any colour-vision deficiency.
      const l = fills.map(luminance);
      expect(Math.abs(l[0] - l[1])).toBeGreaterThan(0.1);
      expect(Math.abs(l[0] - l[2])).toBeGreaterThan(0.1);
    }
  });

  it('gives communication parts colours no compute category uses, and puts them on the comm stream', () => {
    for (const theme of themes) {
      const compute = new Set(
        CATEGORIES.filter((c) => c.stream === Stream.COMPUTE).map((c) => c[theme].fill),
      );
      const comm = CATEGORIES.filter((c) => c.stream === Stream.COMM);
      expect(comm.map((c) => c.key).sort()).toEqual(
        ['P2P', 'combine', 'combine-backward', 'dispatch', 'dispatch-backward'].sort(),
      );
      for (const c of comm) expect(compute.has(c[theme].fill)).toBe(false);
    }
  });

  it('writes bar labels with at least 4.5:1 contrast against the bar', () => {
    for (const theme of themes) {
      for (const c of CATEGORIES) {
        const ratio = contrast(c[theme].fill, c[theme].text);
        if (ratio < 4.5) throw new Error(`${c.key} ${theme}: contrast ${ratio.toFixed(2)}`);
      }
      expect(contrast(CHART_COLORS[theme].background, CHART_COLORS[theme].text)).toBeGreaterThan(7);
    }
  });

  it('names each idle look once, shortly, apart from every other look (fill and drain are one look)', () => {
    const looks = new Map(IDLE_STYLES.map((s) => [s.legend, s.short]));
    expect(looks.size).toBe(IDLE_STYLES.length - 1);
    expect(new Set(looks.values()).size).toBe(looks.size);
    for (const [legend, short] of looks) expect(short.length).toBeLessThan(legend.length);
  });
});
