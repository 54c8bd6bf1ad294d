import { type JSX, useMemo } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, IDLE_STYLES, P2P_CATEGORY, shadeOf, type Theme } from '../../core/layout/palette';
import type { CriticalPath } from '../../core/metrics/critical-path';
import type { IdleColumns } from './draw';

/** Ids of the categories that have at least one bar, in palette order. */
export function categoriesPresent(layout: GanttLayout): number[] {
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  return CATEGORIES.filter((c) => seen[c.id]).map((c) => c.id);
}

/** Idle looks in use: one entry per legend label (fill and drain share one), in cause order. */
export function idleLegend(idle: IdleColumns): { legend: string; cause: number }[] {
  const cause = idle.cause;
  if (!cause) return idle.count > 0 ? [{ legend: 'idle (compute stream)', cause: 0 }] : [];
  const seen = new Uint8Array(IDLE_STYLES.length);
  for (let i = 0; i < idle.count; i++) seen[cause[i]] = 1;
  const out: { legend: string; cause: number }[] = [];
  IDLE_STYLES.forEach((s, c) => {
    if (seen[c] && !out.some((o) => o.legend === s.legend)) out.push({ legend: s.legend, cause: c });
  });
  return out;
}

function hatch(cause: number, theme: Theme): string {
  const s = IDLE_STYLES[cause][theme];
  return `repeating-linear-gradient(-45deg, ${s.hatch} 0 1.5px, ${s.fill} 1.5px 5px)`;
}

function striped(fill: string): string {
  return `repeating-linear-gradient(-45deg, ${shadeOf(fill)} 0 1px, ${fill} 1px 4px)`;
}

const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** "1088 ms: compute 62%, exposed communication 30%, P2P 8%" */
export function criticalPathSummary(p: CriticalPath): string {
  const parts = [`compute ${pct(p.compute, p.length)}`];
  if (p.exposedComm > 0) parts.push(`exposed communication ${pct(p.exposedComm, p.length)}`);
  if (p.p2p > 0) parts.push(`P2P ${pct(p.p2p, p.length)}`);
  if (p.wait > 0) parts.push(`queued transfers ${pct(p.wait, p.length)}`);
  return `${Number.parseFloat(p.length.toPrecision(5))} ms: ${parts.join(', ')}`;
}

/**
 * What the chart's colours and marks mean (only those present), the "Highlight critical path"
 * toggle, a note when zoomed-out detail is merged, and the Fit button.
 */
export function GanttLegend(props: {
  layout: GanttLayout;
  idle: IdleColumns;
  theme: Theme;
  onFit(): void;
  /** Critical paths of the timelines (null entries: unknown); the toggle shows when any is known. */
  criticalPaths: readonly (CriticalPath | null)[];
  highlightCriticalPath: boolean;
  onHighlightCriticalPathChange(on: boolean): void;
  /** Whether the last frame merged ops narrower than a pixel. */
  aggregated: boolean;
}): JSX.Element {
  const { layout, theme } = props;
  const present = useMemo(() => categoriesPresent(layout), [layout]);
  const idle = useMemo(() => idleLegend(props.idle), [props.idle]);
  const reverse = useMemo(() => layout.bars.variant?.includes(1) ?? false, [layout]);
  const linkLanes = layout.lanes.some((l) => l.link);
  const known = props.criticalPaths.filter((p): p is CriticalPath => p !== null);
  const firstFill = present.length ? CATEGORIES[present[0]][theme].fill : '#888888';
  return (
    <div className="gantt-legend" data-testid="gantt-legend">
      {present.map((id) => (
        <span key={id} className="gantt-legend-item" data-category={CATEGORIES[id].key}>
          <span className="gantt-swatch" style={{ background: CATEGORIES[id][theme].fill }} />
          {CATEGORIES[id].label}
          {id === P2P_CATEGORY && linkLanes ? ' (thin lane under the sender)' : ''}
        </span>
      ))}
      {reverse && (
        <span className="gantt-legend-item" data-testid="legend-direction">
          <span className="gantt-swatch" style={{ background: striped(firstFill) }} />
          striped: runs from the last device to device 0 (second direction)
        </span>
      )}
      {idle.map((i) => (
        <span key={i.legend} className="gantt-legend-item" data-testid="legend-idle" data-cause={i.cause}>
          <span className="gantt-swatch" style={{ background: hatch(i.cause, theme) }} />
          {i.legend}
        </span>
      ))}
      {layout.pairs.count > 0 && (
        <span className="gantt-legend-item">
          <span className="gantt-swatch gantt-swatch-pair" />
          overlapped F&amp;B pair
        </span>
      )}
      {known.length > 0 && (
        <label
          className="gantt-legend-item gantt-legend-toggle"
          title={`What sets the iteration time: the chain of ops, communication and transfers with no slack, so shortening it (and only it) shortens the iteration. ${known.map(criticalPathSummary).join('; ')}`}
        >
          <input
            type="checkbox"
            data-testid="toggle-critical-path"
            checked={props.highlightCriticalPath}
            onChange={(e) => props.onHighlightCriticalPathChange(e.target.checked)}
          />
          Highlight critical path
          {props.highlightCriticalPath && known.length === 1 ? (
            <span className="gantt-legend-note" data-testid="critical-path-summary">
              {' '}
              ({criticalPathSummary(known[0])})
            </span>
          ) : null}
        </label>
      )}
      {props.aggregated && (
        <span className="gantt-legend-note" data-testid="gantt-aggregated">
          Zoomed out: ops narrower than a pixel are merged; each pixel column shows the kinds in it by share
          of time. Zoom in for single ops.
        </span>
      )}
      <button
        type="button"
        className="gantt-fit"
        onClick={props.onFit}
        title="Fit the whole timeline (0 or F)"
      >
        Fit
      </button>
    </div>
  );
}
