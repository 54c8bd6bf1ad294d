import { useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { overlayLayout } from '../../core/trace/overlay-layout';
import {
  type RunFigures,
  compareFigures,
  compareParts,
  plannedDeviceFigures,
} from '../../core/trace/plan-compare';
import type { RankJson } from '../../core/trace/summary';
import { scheduleTitle } from '../../core/schedules';
import { type AppStore, useAppState } from '../state/store';
import { msText, pctText, signedText } from './format';
import { OverlayChart } from './overlay-chart';
import type { TraceSession, TraceSessionState } from './trace-session';

const measuredFigures = (r: RankJson): RunFigures => ({
  windowMs: r.windowMs,
  computeMs: r.computeMs,
  commMs: r.commMs,
  overlapMs: r.overlapMs,
  overlap: r.overlap,
  exposedCommMs: r.exposedCommMs,
  idleMs: r.idleMs,
});

/** Height of the chart area beyond its lanes: a legend of up to three lines, the axis, borders (px). */
const CHART_CHROME = 120;

/**
 * Plan against run: a measured rank drawn under a planned device on one time axis, both from 0,
 * then their figures side by side with the difference, and a chunk's parts likewise.
 */
export function OverlayView(p: {
  store: AppStore;
  session: TraceSession;
  state: TraceSessionState;
  analysis: Analysis | null;
}) {
  const theme = useAppState(p.store, (s) => s.view.theme);
  const { summary, timeline } = p.state;
  const rank = summary!.ranks[p.state.rank];
  const a = p.analysis;
  const devices = a?.schedule.devices ?? 0;
  const device = Math.min(p.state.plannedDevice, Math.max(0, devices - 1));
  const layout = useMemo(
    () => (timeline ? overlayLayout(a?.timeline ?? null, device, timeline) : null),
    [a, device, timeline],
  );
  const plannedLabel = a
    ? `Planned: ${scheduleTitle(a.scenario.schedule)}, device ${device}`
    : 'No valid plan';
  const measuredLabel = `Measured: rank ${rank.rank} (${rank.source}), device ${rank.device}`;
  const figures = compareFigures(a ? plannedDeviceFigures(a, device) : null, measuredFigures(rank));
  const parts = compareParts(
    a,
    rank.parts && rank.partsMeasured ? { parts: rank.parts, measured: rank.partsMeasured } : null,
    device,
  );
  return (
    <div className="trace-overlay" data-testid="trace-overlay">
      <div className="trace-overlay-controls">
        <label>
          Measured rank{' '}
          <select
            data-testid="overlay-rank"
            value={p.state.rank}
            onChange={(e) => p.session.selectRank(Number(e.target.value))}
          >
            {summary!.ranks.map((r, i) => (
              <option key={`${r.source}:${r.device}`} value={i}>
                rank {r.rank}, device {r.device} ({r.source})
              </option>
            ))}
          </select>
        </label>
        <label>
          under planned device{' '}
          <select
            data-testid="overlay-device"
            value={device}
            disabled={devices === 0}
            onChange={(e) => p.session.setPlannedDevice(Number(e.target.value))}
          >
            {Array.from({ length: devices }, (_, d) => `${d}`).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          Both start at 0: the plan at its first op, the run at the device’s first GPU op. Ctrl+wheel or a
          pinch zooms, Shift+wheel and drag pan.
        </span>
      </div>
      {!a ? (
        <p className="warnings">The scenario has errors, so there is no planned timeline to compare with.</p>
      ) : null}
      <div
        className="chart-area"
        style={{ height: layout ? `min(${layout.height + CHART_CHROME}px, 60vh)` : 120 }}
      >
        {layout && timeline ? (
          <OverlayChart
            layout={layout}
            planned={a?.timeline ?? null}
            measured={timeline}
            blockLabels={[plannedLabel, measuredLabel]}
            theme={theme}
          />
        ) : (
          <p className="empty">
            <span className="spinner" aria-hidden="true" /> cutting the rank’s ops out of the trace…
          </p>
        )}
      </div>
      <div className="trace-compare">
        <CompareTable
          testId="overlay-figures"
          caption={`Planned device ${device} against measured rank ${rank.rank}: the same definitions on both sides`}
          head="figure"
          rows={figures.map((f) => ({
            key: f.id,
            label: `${f.label}${f.unit === 'ms' ? ' (ms)' : ''}`,
            values: [f.planned, f.measured].map((v) => (f.unit === '%' ? pctText(v) : msText(v))),
            difference: signedText(f.difference, f.unit),
          }))}
        />
        <CompareTable
          testId="overlay-parts"
          caption="One chunk’s parts as they run (ms): the plan’s, after the chunk share and SM split"
          head="part"
          rows={parts.map((r) => ({
            key: r.entry,
            label: r.entry,
            values: [msText(r.planned), msText(r.measured)],
            difference: signedText(r.difference, 'ms'),
          }))}
        />
      </div>
    </div>
  );
}

/** Rows of planned and measured values with measured − planned. */
function CompareTable(p: {
  testId: string;
  caption: string;
  head: string;
  rows: { key: string; label: string; values: string[]; difference: string }[];
}) {
  return (
    <table className="trace-table" data-testid={p.testId}>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th>{p.head}</th>
          <th className="num">planned</th>
          <th className="num">measured</th>
          <th className="num">measured − planned</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr key={r.key} data-row={r.key}>
            <th scope="row">{r.label}</th>
            {r.values.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the planned and the measured column
              <td key={i} className="num">
                {v}
              </td>
            ))}
            <td className="num">{r.difference}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
