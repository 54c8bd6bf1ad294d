import { describe, expect, it } from 'vitest';
import { type Scenario, defaultScenario } from '../../core/model/scenario';
import { setPart, zeroParts } from '../../core/trace/parts';
import type { RankJson, TraceSummaryJson } from '../../core/trace/summary';
import { measuredTargetText, rankMeasuredOf } from './apply-measured';

/** A summary whose ranks measured attention(F) only (the fields the target sentence reads). */
function summary(ranks: { rank: number; attention: number | null }[]): TraceSummaryJson {
  return {
    ranks: ranks.map((r) => {
      if (r.attention === null) return { rank: r.rank } as RankJson;
      const parts = zeroParts();
      setPart(parts, 'attention(F)', r.attention);
      return { rank: r.rank, parts, partsMeasured: ['attention(F)'], partSources: [] } as unknown as RankJson;
    }),
  } as unknown as TraceSummaryJson;
}

function scenario(attention: number | number[]): Scenario {
  const parts = zeroParts();
  setPart(parts, 'attention(F)', attention);
  return { ...defaultScenario(), schedule: 'dualpipe', devices: 4, parts };
}

describe('what Use as part times says it will write', () => {
  it('reads each rank’s parts, and none for a rank that measured nothing', () => {
    const r = rankMeasuredOf(
      summary([
        { rank: 0, attention: 2 },
        { rank: 1, attention: null },
      ]),
    );
    expect(r.map((x) => [x.rank, x.parts?.measured ?? null])).toEqual([
      [0, ['attention(F)']],
      [1, null],
    ]);
  });

  it('names the devices that get their rank’s times and how many keep theirs', () => {
    expect(
      measuredTargetText(
        summary([
          { rank: 0, attention: 2 },
          { rank: 2, attention: 5 },
          { rank: 7, attention: 9 },
        ]),
        scenario(1),
      ),
    ).toBe(
      'Each rank’s times go to its planned device (rank r is device r): devices 0, 2 of 4; the other 2 keep their current times. Rank 7 is beyond the scenario’s 4 devices and left out.',
    );
  });

  it('with one rank, says all devices when the parts are uniform and its device only when they differ', () => {
    const one = summary([{ rank: 1, attention: 2 }]);
    expect(measuredTargetText(one, scenario(1))).toBe(
      'One rank measured and the scenario’s parts are the same on every device: its times go to all 4 devices.',
    );
    expect(measuredTargetText(one, scenario([1, 1, 3, 3]))).toBe(
      'Each rank’s times go to its planned device (rank r is device r): device 1 of 4; the other 3 keep their current times.',
    );
  });
});
