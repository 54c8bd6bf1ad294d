import { describe, expect, it } from 'vitest';
import { SAIL_TYPE_NAMES, sailVOrder } from './testing/sail-v-orders';
import { OpKind } from '../model/ops';
import { type VMemory, periodicFrom, vControllableColumns } from './v-controllable-order';

/**
 * Each device's ops in sail's names ("F0" chunk-0 forward, "f0" chunk-1 forward, "B0" chunk-1 input
 * backward, "b0" chunk-0 input backward, "W0" / "w0" their W), read back from the columns.
 */
function names(P: number, m: number, memory: VMemory): string[][] {
  const { deviceStart, columns } = vControllableColumns(P, m, memory);
  const { kind, chunk, stage, microbatch } = columns;
  const out: string[][] = [];
  for (let d = 0; d < P; d++) {
    const ops: string[] = [];
    for (let i = deviceStart[d]; i < deviceStart[d + 1]; i++) {
      expect(stage[i]).toBe(chunk[i] === 0 ? d : 2 * P - 1 - d);
      const type = kind[i] === OpKind.F ? chunk[i] : kind[i] === OpKind.B ? 3 - chunk[i] : 5 - chunk[i];
      ops.push(`${SAIL_TYPE_NAMES[type]}${microbatch[i]}`);
    }
    out.push(ops);
  }
  return out;
}

describe('controllable-memory V order stretching', () => {
  it('starts at 2P + 8 micro-batches, above where the tests see the period begin (about 1.5P + 3)', () => {
    expect([1, 4, 16].map(periodicFrom)).toEqual([10, 16, 40]);
  });
});

describe('controllable-memory V order, worked by hand', () => {
  // P = 1, V-Half: the pattern puts F, f, B, b of micro-batch j at slots 6j + 0, 1, 2, 4; W go to
  // the free slots 3, 5, 9, 11. The first squeeze moves nothing (every op already sits right after
  // its dependencies, or its free slot would be taken); the second (W only implied) moves b1 from
  // slot 10 to the free slot 9, which leaves the held peak at 2. Read in slot order, with each W
  // after its own chunk's backward:
  it('P=1, m=2, V-Half', () => {
    expect(names(1, 2, 'half')).toEqual([
      ['F0', 'f0', 'B0', 'W0', 'b0', 'w0', 'F1', 'f1', 'B1', 'b1', 'W1', 'w1'],
    ]);
  });
});

describe('controllable-memory V order equals a plain re-statement of sail-sg zbv_greedy.py, op by op', () => {
  for (const memory of ['half', 'min'] as VMemory[]) {
    it(`${memory}: P = 1..6, m = 1..2P + 12 (built directly up to 2P + 9, stretched beyond)`, () => {
      let compared = 0;
      for (let P = 1; P <= 6; P++)
        for (let m = 1; m <= 2 * P + 12; m++) {
          expect(names(P, m, memory), `P=${P} m=${m}`).toEqual(sailVOrder(P, m, memory));
          compared++;
        }
      expect(compared).toBeGreaterThan(100);
    });

    it(`${memory}: larger P, and m far past where the generator starts stretching (2P + 9)`, () => {
      for (const [P, m] of [
        [8, 40],
        [9, 27],
        [4, 120],
      ]) {
        expect(names(P, m, memory), `P=${P} m=${m}`).toEqual(sailVOrder(P, m, memory));
      }
    }, 60_000);
  }
});
