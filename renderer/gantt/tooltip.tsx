import type { JSX } from 'react';
import type { TooltipRow } from './describe';

/** Width the tooltip is kept inside the chart for (its max-width is 320 px in gantt.css). */
const ROOM = 300;
/** Offset from the pointer, px, so the tooltip does not sit under it. */
const OFFSET_X = 14;
const OFFSET_Y = 16;

/** What a bar is and what it waited for, next to the pointer (rootX/rootY: relative to the chart). */
export function GanttTooltip(props: {
  title: string;
  rows: TooltipRow[];
  rootX: number;
  rootY: number;
  chartWidth: number;
}): JSX.Element {
  const left = Math.max(0, Math.min(props.rootX + OFFSET_X, props.chartWidth - ROOM));
  return (
    <div
      role="tooltip"
      data-testid="gantt-tooltip"
      className="gantt-tooltip"
      style={{ left, top: props.rootY + OFFSET_Y }}
    >
      <div className="gantt-tooltip-title">{props.title}</div>
      <table>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.label}>
              <td className="gantt-tooltip-key">{r.label}</td>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
