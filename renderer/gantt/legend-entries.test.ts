import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoryOfOpKind, categoryOfPart } from '../../core/layout/palette';
import { OpKind } from '../../core/model/ops';
import { PART_NAMES } from '../../core/sim/timeline';
import { legendKinds } from './legend-entries';

const keys = (ids: number[]) => ids.map((id) => CATEGORIES[id].key);

describe('legendKinds', () => {
  it('lists op kinds first, then the parts by lane and pass in the same name order, then P2P', () => {
    // Every part (the P2P part is the P2P category), in registry order, and the forward op kind.
    const present = [
      ...new Set([...PART_NAMES.map((_, i) => categoryOfPart(i)), categoryOfOpKind(OpKind.F)]),
    ];
    const k = legendKinds(present);
    expect(keys(k.before)).toEqual(['F']);
    expect(
      k.lanes.map((l) => ({ lane: l.lane, passes: l.passes.map((g) => [g.pass, ...keys(g.ids)]) })),
    ).toEqual([
      {
        lane: 'compute',
        passes: [
          ['F', 'attention', 'mlp'],
          ['B', 'attention-input-grad', 'mlp-input-grad'],
          ['W', 'attention-weight-grad', 'mlp-weight-grad'],
        ],
      },
      {
        lane: 'comm',
        passes: [
          ['F', 'dispatch', 'combine'],
          ['B', 'dispatch-backward', 'combine-backward'],
        ],
      },
    ]);
    expect(keys(k.after)).toEqual(['P2P']);
  });

  it('names a part by what it is within its pass, so the pass heading says the rest', () => {
    const named = CATEGORIES.filter((c) => c.pass !== null).map((c) => `${c.pass} ${c.name}`);
    expect(named.sort()).toEqual(
      [
        'F attention',
        'F MLP',
        'B attention',
        'B MLP',
        'W attention',
        'W MLP',
        'F dispatch',
        'F combine',
        'B dispatch',
        'B combine',
      ].sort(),
    );
  });

  it('leaves out lanes and passes with nothing present', () => {
    const k = legendKinds([categoryOfOpKind(OpKind.F), categoryOfOpKind(OpKind.BW)]);
    expect(keys(k.before)).toEqual(['F', 'BW']);
    expect(k.lanes).toEqual([]);
    expect(k.after).toEqual([]);
  });
});
