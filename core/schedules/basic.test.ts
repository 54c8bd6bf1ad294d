import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { deviceOps } from '../model/schedule';
import { gpipe } from './gpipe';
import { oneFOneB } from './one-f-one-b';

describe('1F1B order', () => {
  it('stage s warms up with P - s - 1 forwards before its first backward', () => {
    const s = oneFOneB.generate(uniformConfig(4, 8));
    for (let d = 0; d < 4; d++) {
      const ops = deviceOps(s, d);
      const firstBackward = ops.findIndex((o) => o.kind === OpKind.BW);
      // warm-up forwards plus the first steady-state forward come before the first backward
      expect(firstBackward).toBe(4 - d - 1 + 1);
    }
  });

  it('runs every micro-batch forward and backward once per stage', () => {
    const s = oneFOneB.generate(uniformConfig(3, 5));
    expect(s.count).toBe(2 * 3 * 5);
  });
});

describe('GPipe order', () => {
  it('runs all forwards before any backward on every device', () => {
    const s = gpipe.generate(uniformConfig(3, 4));
    for (let d = 0; d < 3; d++) {
      const kinds = deviceOps(s, d).map((o) => o.kind);
      expect(kinds).toEqual([0, 0, 0, 0, 3, 3, 3, 3]);
    }
  });
});
