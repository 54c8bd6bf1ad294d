import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { buildTimeline } from '../../core/layout/test-timelines';
import { OpKind } from '../../core/model/ops';
import { Stream } from '../../core/sim/timeline';
import { deviceOfOp, describeBar, formatMs, microbatchPath } from './describe';

const { F, B, W } = OpKind;

// Two stages, one micro-batch, split backward: F0 -> F1 -> B1 -> B0, W after each B.
// Op indices (device-major): d0: 0 F, 1 B, 2 W; d1: 3 F, 4 B, 5 W.
const pipeline = () =>
  buildTimeline([
    [
      { kind: F, mb: 0, stage: 0, start: 0, end: 1 },
      { kind: B, mb: 0, stage: 0, start: 4, end: 5, waitedFor: 4 },
      { kind: W, mb: 0, stage: 0, start: 5, end: 6 },
    ],
    [
      { kind: F, mb: 0, stage: 1, start: 1.5, end: 2.5, waitedFor: 0 },
      { kind: B, mb: 0, stage: 1, start: 2.5, end: 3.5 },
      { kind: W, mb: 0, stage: 1, start: 3.5, end: 4.5 },
    ],
  ]);

describe('tooltip text', () => {
  it('formats milliseconds with precision that suits the magnitude', () => {
    expect(formatMs(1234.56)).toBe('1234.6 ms');
    expect(formatMs(12.345)).toBe('12.35 ms');
    expect(formatMs(1.2)).toBe('1.200 ms');
    expect(formatMs(0.012345)).toBe('0.0123 ms');
    expect(formatMs(0)).toBe('0 ms');
  });

  it('finds the device of an op from the schedule offsets', () => {
    const t = pipeline();
    expect([0, 1, 2, 3, 4, 5].map((op) => deviceOfOp(t, op))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('describes an op with its micro-batch, stage, times and the op it waited for', () => {
    const t = pipeline();
    const layout = layoutGantt([t]);
    // Device 1's first bar is F (op 3), which waited for F of stage 0 on device 0.
    const d = describeBar(layout, [t], layout.laneStart[1]);
    const rows = Object.fromEntries(d.rows.map((r) => [r.label, r.value]));
    expect(d.title).toBe('F (forward)');
    expect(rows).toMatchObject({
      'micro-batch': '0',
      stage: '1',
      device: '1',
      start: '1.500 ms',
      end: '2.500 ms',
      duration: '1.000 ms',
      'waited for': 'F mb 0, stage 0 (device 0), done at 1.000 ms',
    });
    const first = Object.fromEntries(describeBar(layout, [t], 0).rows.map((r) => [r.label, r.value]));
    expect(first['waited for']).toMatch(/nothing/);
  });

  it('names the part and the whole op when the bar is a part', () => {
    const t = buildTimeline([[{ kind: F, mb: 2, start: 0, end: 4 }]], {
      parts: [
        { op: 0, name: 'attention', stream: Stream.COMPUTE, start: 0, end: 2 },
        { op: 0, name: 'dispatch', stream: Stream.COMM, start: 2, end: 4 },
      ],
    });
    const layout = layoutGantt([t]);
    const d = describeBar(layout, [t], layout.laneStart[1]);
    const rows = Object.fromEntries(d.rows.map((r) => [r.label, r.value]));
    expect(d.title).toContain('dispatch');
    expect(rows.part).toBe('dispatch');
    expect(rows.duration).toBe('2.000 ms');
    expect(rows['whole op']).toBe('0 ms – 4.000 ms');
  });
});

describe('microbatchPath', () => {
  it('chains forwards down the stages, turns at the last stage, chains backwards up, and adds W after B', () => {
    const path = microbatchPath(pipeline(), 0);
    const expected = [
      [0, 3], // F stage 0 -> F stage 1
      [3, 4], // F stage 1 -> B stage 1 (the loss)
      [4, 1], // B stage 1 -> B stage 0
      [1, 2], // B stage 0 -> W stage 0
      [4, 5], // B stage 1 -> W stage 1
    ];
    expect(path).toHaveLength(expected.length);
    expect(new Set(path.map(String))).toEqual(new Set(expected.map(String)));
  });

  it('is empty for a micro-batch that does not exist', () => {
    expect(microbatchPath(pipeline(), 9)).toEqual([]);
  });
});
