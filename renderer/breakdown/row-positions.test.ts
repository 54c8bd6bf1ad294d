import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { buildTimeline } from '../../core/layout/test-timelines';
import { OpKind } from '../../core/model/ops';
import { Stream } from '../../core/sim/timeline';
import { COMPACT_LANES, REGULAR_LANES, deviceRows } from './row-positions';

const plain = buildTimeline([
  [{ kind: OpKind.F, mb: 0, start: 0, end: 1 }],
  [{ kind: OpKind.F, mb: 0, start: 1, end: 2 }],
]);
const withComm = buildTimeline(
  [
    [{ kind: OpKind.F, mb: 0, start: 0, end: 2 }],
    [{ kind: OpKind.F, mb: 0, start: 2, end: 4 }],
    [{ kind: OpKind.F, mb: 0, start: 4, end: 6 }],
  ],
  { parts: [{ op: 0, name: 'dispatch', stream: Stream.COMM, start: 1, end: 2 }] },
);

/** The chart's own layout: each device's compute lane top, and its lanes' total height. */
function fromLayout(timelines: Parameters<typeof layoutGantt>[0], sizes = REGULAR_LANES, showComm = false) {
  const layout = layoutGantt(timelines, { ...sizes, showComm });
  const rows = layout.lanes
    .filter((l) => l.stream === Stream.COMPUTE)
    .map((l) => {
      const comm = layout.lanes.find(
        (c) => c.stream === Stream.COMM && c.timeline === l.timeline && c.device === l.device,
      );
      return { block: l.timeline, device: l.device, y: l.y, height: l.height + (comm?.height ?? 0) };
    });
  return { rows, height: layout.height };
}

describe('deviceRows', () => {
  it('puts every device where layoutGantt puts its lanes, one timeline or stacked, compact or not', () => {
    for (const sizes of [REGULAR_LANES, COMPACT_LANES])
      for (const tls of [[plain], [withComm], [withComm, plain], [plain, withComm, plain]])
        for (const showComm of [false, true])
          expect(deviceRows(tls, sizes, showComm)).toEqual(fromLayout(tls, sizes, showComm));
  });

  it('stacks two 2-device plain timelines as 22 px header, 2 x 24 px rows, 10 px gap, header, rows', () => {
    const { rows, height } = deviceRows([plain, plain], REGULAR_LANES, false);
    expect(rows.map((r) => r.y)).toEqual([22, 46, 22 + 48 + 10 + 22, 22 + 48 + 10 + 22 + 24]);
    expect(height).toBe(2 * (22 + 48) + 10);
  });
});
