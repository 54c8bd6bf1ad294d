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
          Both start at 0: the plan at its first op, the run at the device’s first GPU op. Wheel zooms, drag
          pans.
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
        <table className="trace-table" data-testid="overlay-figures">
          <caption>
            Planned device {device} against measured rank {rank.rank}: the same definitions on both sides
          </caption>
          <thead>
            <tr>
              <th>figure</th>
              <th className="num">planned</th>
              <th className="num">measured</th>
              <th className="num">measured − planned</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.id} data-figure={f.id}>
                <th scope="row">
                  {f.label}
                  {f.unit === 'ms' ? ' (ms)' : ''}
                </th>
                <td className="num">{f.unit === '%' ? pctText(f.planned) : msText(f.planned)}</td>
                <td className="num">{f.unit === '%' ? pctText(f.measured) : msText(f.measured)}</td>
                <td className="num">{signedText(f.difference, f.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="trace-table" data-testid="overlay-parts">
          <caption>
            One chunk’s parts as they run (ms): the plan’s, after the chunk share and SM split
          </caption>
          <thead>
            <tr>
              <th>part</th>
              <th className="num">planned</th>
              <th className="num">measured</th>
              <th className="num">measured − planned</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((r) => (
              <tr key={r.entry} data-part={r.entry}>
                <th scope="row">{r.entry}</th>
                <td className="num">{msText(r.planned)}</td>
                <td className="num">{msText(r.measured)}</td>
                <td className="num">{signedText(r.difference, 'ms')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
