import { describe, expect, it } from 'vitest';
import { analyzed, deepSeekExample } from './analysis.test-helper';
import { explainDifference, explainSchedule, sameDirectionShare, topIdleCauses } from './explain';

describe('explain: why a schedule is slow, in sentences with numbers', () => {
  it('names the largest idle causes with their share, where they are worst and the fix, then the critical path', () => {
    // 1F1B P = 4, m = 8, F = 1, BW = 2, no communication: per device fill dF + (3-d)B = 6, 5, 4, 3
    // (18), drain (3-d)F = 3, 2, 1, 0 (6), tail dB = 0, 2, 4, 6 (12); 36 ms in all.
    const a = analyzed({
      devices: 4,
      microbatches: 8,
      costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
    });
    expect(topIdleCauses(a.metrics)).toEqual([
      { cause: 'fill', ms: 18, share: 0.5 },
      { cause: 'tail', ms: 12, share: 12 / 36 },
      { cause: 'drain', ms: 6, share: 6 / 36 },
    ]);
    expect(explainSchedule(a.metrics)).toEqual([
      '50% of the idle time (18 ms summed over 4 devices, most on device 0 (6 ms)) is warm-up (fill): more micro-batches, or a schedule with a shorter warm-up (ZB-V, DualPipe), would shrink it.',
      '33% of the idle time (12 ms summed over 4 devices, most on device 3 (6 ms)) is the tail after a device has finished: it is the other devices finishing; balancing where the pipeline ends would shrink it.',
      '17% of the idle time (6 ms summed over 4 devices, most on device 0 (3 ms)) is cool-down (drain): more micro-batches, or deferring weight gradients into it (the zero-bubble schedules), would fill it.',
      'The critical path (the whole 33 ms iteration) is 33 ms computation, through stages 0-3: only shortening these shortens the iteration.',
    ]);
  });

  it('says when nothing idles', () => {
    const a = analyzed({ devices: 1, microbatches: 3 });
    expect(explainSchedule(a.metrics)[0]).toBe(
      'No device idles: every compute stream runs for the whole iteration.',
    );
  });

  it('without parts, explains a difference by the idle cause that grows most', () => {
    // 1F1B P = 2, m = 2, F = 1, BW = 2: without P2P 9 ms (fill 2 + 1, drain 1, tail 2); with 0.5 ms
    // P2P 10 ms (fill 2.5 + 1, drain 0.5, P2P 0.5 + 0.5 + 0.5, tail 2.5): P2P grows most, by 1.5 ms.
    const costs = { forward: 1, backwardInput: 1, backwardWeight: 1 };
    const fast = analyzed({ devices: 2, microbatches: 2, costs });
    const slow = analyzed({ devices: 2, microbatches: 2, costs, p2p: { time: 0.5, occupiesComm: false } });
    expect(explainDifference(slow, fast)).toEqual([
      '1F1B is 1.11x faster than 1F1B (9 ms vs 10 ms). Critical paths: 1F1B 9 ms computation; 1F1B 9 ms computation and 1 ms P2P.',
      '1F1B idles 1.5 ms more than 1F1B in P2P transfers in flight: 1.5 ms against 0 ms, summed over devices.',
    ]);
  });

  it('counts how often an op follows one of the same direction (GPipe all but the turn, 1F1B only its ends)', () => {
    // P = 2, m = 4. GPipe: per device F F F F BW BW BW BW, 7 neighbours of which 6 alike.
    // 1F1B device 0: F F BW F BW F BW BW (alike: F-F, BW-BW at the end: 2 of 7); device 1
    // alternates F BW F BW ... (0 of 7).
    const over = { devices: 2, microbatches: 4 };
    expect(sameDirectionShare(analyzed(over, 'gpipe').schedule)).toBe(12 / 14);
    expect(sameDirectionShare(analyzed(over, '1f1b').schedule)).toBe(2 / 14);
  });

  it('on the DeepSeek-V3 example, says why GPipe beats 1F1B, DualPipe beats both and 1F1B beats ZB-H1', () => {
    const gpipe = deepSeekExample('gpipe');
    const oneF = deepSeekExample('1f1b');
    const zb = deepSeekExample('zb-h1');
    const dual = deepSeekExample('dualpipe');
    expect(gpipe.metrics.makespan).toBeLessThan(oneF.metrics.makespan);
    const [first, why] = explainDifference(gpipe, oneF);
    expect(first).toMatch(
      /^GPipe is 1\.27x faster than 1F1B \(859\.8 ms vs 1,088\.2 ms\)\. Critical paths: GPipe /,
    );
    expect(why).toMatch(
      /^With chunk parts, consecutive ops of one direction overlap: a forward's attention runs under/,
    );
    expect(why).toContain("of GPipe's ops follow one of the same direction");
    expect(explainDifference(dual, oneF)[1]).toMatch(
      /^DualPipe runs [\d,]+ overlapped forward-backward pairs, each chunk's computation under the other's all-to-all: \d+% of its communication overlaps computation \((9\d|100)% in its steady state\)/,
    );
    expect(explainDifference(zb, oneF)[1]).toMatch(
      /^ZB-H1 splits its backwards into B and W: a B alone idles/,
    );
  });
});
