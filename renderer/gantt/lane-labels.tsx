import type { JSX } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { Stream } from '../../core/sim/timeline';

/** "Device N" beside each compute lane and "comm" beside each communication lane. */
export function LaneLabels({ layout }: { layout: GanttLayout }): JSX.Element {
  return (
    <>
      {layout.lanes.map((lane, k) => {
        const compute = lane.stream === Stream.COMPUTE;
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: lanes are positional
            key={k}
            data-lane={compute ? 'compute' : 'comm'}
            className={`gantt-lane-label ${compute ? 'gantt-lane-label-compute' : 'gantt-lane-label-comm'}`}
            style={{ top: lane.y, height: lane.height, lineHeight: `${lane.height}px` }}
          >
            {compute ? `Device ${lane.device}` : 'comm'}
          </div>
        );
      })}
    </>
  );
}

/** The name of each stacked timeline over its block (compare view). */
export function BlockLabels({ layout, labels }: { layout: GanttLayout; labels: string[] }): JSX.Element {
  return (
    <>
      {layout.blocks.map((block) => (
        <div
          key={block.timeline}
          data-testid="gantt-block-label"
          className="gantt-block-label"
          style={{ top: block.y, height: block.headerHeight, lineHeight: `${block.headerHeight}px` }}
        >
          {labels[block.timeline]}
        </div>
      ))}
    </>
  );
}
