import { type JSX, useId, useMemo, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, IDLE_STYLES, P2P_CATEGORY, shadeOf, type Theme } from '../../core/layout/palette';
import type { CriticalPath } from '../../core/metrics/critical-path';
import { DisclosureButton } from '../disclosure-button';
import type { IdleColumns } from './draw';
import { criticalPathSummary, idleLegend, legendKinds } from './legend-entries';

/** Ids of the categories that have at least one bar, in palette order. */
export function categoriesPresent(layout: GanttLayout): number[] {
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  return CATEGORIES.filter((c) => seen[c.id]).map((c) => c.id);
}

function hatch(cause: number, theme: Theme): string {
  const s = IDLE_STYLES[cause][theme];
  return `repeating-linear-gradient(-45deg, ${s.hatch} 0 1.5px, ${s.fill} 1.5px 5px)`;
}

function striped(fill: string): string {
  return `repeating-linear-gradient(-45deg, ${shadeOf(fill)} 0 1px, ${fill} 1px 4px)`;
}

const DIRECTION_LEGEND = 'striped: runs from the last device to device 0 (second direction)';
const AGGREGATED_LEGEND =
  'Zoomed out: ops narrower than a pixel are merged; each pixel column shows the kinds in it by share of time. Zoom in for single ops.';
const CRITICAL_PATH_LEGEND =
  'What sets the iteration time: the chain of ops, communication and transfers with no slack, so shortening it (and only it) shortens the iteration.';

/**
 * What the chart's colours and marks mean (only those present), in short words so that it takes
 * two lines at 1600 px and the rows keep the screen: the kinds by pass (comm parts after a "comm"
 * heading) with their colours, the marks, the idle causes with their hatches, the "Highlight
 * critical path" toggle, a note when zoomed-out detail is merged, and the Full legend and Fit
 * buttons. "Full legend" unfolds every entry in words (each short entry says it on hover too).
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
  const kinds = useMemo(() => legendKinds(present), [present]);
  const idle = useMemo(() => idleLegend(props.idle), [props.idle]);
  const reverse = useMemo(() => layout.bars.variant?.includes(1) ?? false, [layout]);
  const [full, setFull] = useState(false);
  const fullId = useId();
  const linkLanes = layout.lanes.some((l) => l.link);
  const known = props.criticalPaths.filter((p): p is CriticalPath => p !== null);
  const firstFill = present.length ? CATEGORIES[present[0]][theme].fill : '#888888';
  const labelOf = (id: number) =>
    `${CATEGORIES[id].label}${id === P2P_CATEGORY && linkLanes ? ' (thin lane under the sender)' : ''}`;
  const kind = (id: number, text: string) => (
    <span key={id} className="gantt-legend-item" data-category={CATEGORIES[id].key} title={labelOf(id)}>
      <span className="gantt-swatch" style={{ background: CATEGORIES[id][theme].fill }} />
      {text}
    </span>
  );
  return (
    <div className="gantt-legend gantt-legend-lines" data-testid="gantt-legend">
      <div className="gantt-legend-row">
        {kinds.before.map((id) => kind(id, labelOf(id)))}
        {kinds.lanes.map((l) => (
          <span key={l.lane} className="gantt-legend-group" data-group={l.lane}>
            {l.lane === 'comm' ? <span className="gantt-legend-head">comm</span> : null}
            {l.passes.map((g) => (
              <span key={g.pass} className="gantt-legend-pass">
                <span className="gantt-legend-pass-name">{g.pass}</span>
                {g.ids.map((id) => kind(id, CATEGORIES[id].name))}
              </span>
            ))}
          </span>
        ))}
        {kinds.after.map((id) =>
          kind(id, id === P2P_CATEGORY && linkLanes ? 'P2P transfer (thin lane)' : labelOf(id)),
        )}
        {reverse && (
          <span className="gantt-legend-item" data-testid="legend-direction" title={DIRECTION_LEGEND}>
            <span className="gantt-swatch" style={{ background: striped(firstFill) }} />
            striped: 2nd direction
          </span>
        )}
        {layout.pairs.count > 0 && (
          <span className="gantt-legend-item" title="overlapped F&B pair">
            <span className="gantt-swatch gantt-swatch-pair" />
            F&amp;B pair
          </span>
        )}
        {idle.length > 0 && (
          <span className="gantt-legend-group">
            <span className="gantt-legend-head">idle</span>
            {idle.map((i) => (
              <span
                key={i.legend}
                className="gantt-legend-item"
                data-testid="legend-idle"
                data-cause={i.cause}
                title={i.legend}
              >
                <span className="gantt-swatch" style={{ background: hatch(i.cause, theme) }} />
                {i.short}
              </span>
            ))}
          </span>
        )}
        {known.length > 0 && (
          <label
            className="gantt-legend-item gantt-legend-toggle"
            title={`${CRITICAL_PATH_LEGEND} ${known.map(criticalPathSummary).join('; ')}`}
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
          <span className="gantt-legend-note" data-testid="gantt-aggregated" title={AGGREGATED_LEGEND}>
            zoomed out: sub-pixel ops merged
          </span>
        )}
        <span className="gantt-legend-buttons">
          <DisclosureButton
            className="gantt-legend-more"
            testId="legend-full-toggle"
            open={full}
            controls={fullId}
            onToggle={() => setFull(!full)}
          >
            Full legend
          </DisclosureButton>
          <button type="button" onClick={props.onFit} title="Fit the whole timeline (0 or F)">
            Fit
          </button>
        </span>
      </div>
      {full && (
        <ul className="gantt-legend-full" id={fullId} data-testid="legend-full">
          {[
            ...kinds.before,
            ...kinds.lanes.flatMap((l) => l.passes.flatMap((g) => g.ids)),
            ...kinds.after,
          ].map((id) => (
            <li key={id}>
              <span className="gantt-swatch" style={{ background: CATEGORIES[id][theme].fill }} />
              {labelOf(id)}
            </li>
          ))}
          {reverse && (
            <li className="gantt-legend-wide">
              <span className="gantt-swatch" style={{ background: striped(firstFill) }} />
              {DIRECTION_LEGEND}
            </li>
          )}
          {layout.pairs.count > 0 && (
            <li className="gantt-legend-wide">
              <span className="gantt-swatch gantt-swatch-pair" />
              overlapped F&amp;B pair: a forward and a backward run as one unit, so each one's communication
              can hide under the other's computation
            </li>
          )}
          {idle.map((i) => (
            <li key={i.legend}>
              <span className="gantt-swatch" style={{ background: hatch(i.cause, theme) }} />
              {i.legend}
            </li>
          ))}
          {known.length > 0 && (
            <li className="gantt-legend-wide">
              Critical path: {CRITICAL_PATH_LEGEND} {known.map(criticalPathSummary).join('; ')}
            </li>
          )}
          {props.aggregated && <li className="gantt-legend-wide">{AGGREGATED_LEGEND}</li>}
        </ul>
      )}
    </div>
  );
}
