import { IDLE_CAUSE_INFO } from '../../core/metrics/idle-causes';
import type { TuneReport, TuneResult } from '../../core/tune';
import { scheduleTitle } from '../compare/schedule-color';
import { tuneColor } from './colors';
import { choiceLabel, formatGiB, formatMsValue, formatShare } from './format';

function figuresText(r: TuneResult): string {
  const f = r.figures!;
  const idle = f.topIdleCause
    ? `${IDLE_CAUSE_INFO[f.topIdleCause].label} ${formatMsValue(f.topIdleMs ?? 0)} ms`
    : 'none';
  return `${formatMsValue(f.makespan)} ms per iteration · peak ${formatGiB(f.peakMemory)} (largest device) · bubble ${formatShare(f.bubble)} (idle fraction) · exposed comm ${f.exposedCommMean === null ? '—' : formatMsValue(f.exposedCommMean)} ms (mean over devices) · top idle cause: ${idle} (sum over devices)`;
}

/** The best so far, the counts by reason, and what bites when nothing fits. */
export function TuneSummary({
  report,
  running,
  onPick,
}: {
  report: TuneReport;
  running: boolean;
  onPick(i: number): void;
}) {
  const inf = report.infeasible;
  return (
    <section className="tune-summary" data-testid="tune-summary">
      <p className="tune-counts" data-testid="tune-counts">
        {report.evaluated.toLocaleString('en-US')} evaluated:{' '}
        <strong>{report.feasible.toLocaleString('en-US')} feasible</strong>; infeasible: memory {inf.memory},
        activation limit {inf.activationLimit}, schedule rules {inf.rules}, size cap {inf.size}
      </p>
      {report.best ? (
        <p className="tune-best" data-testid="tune-best">
          <span className="swatch" style={{ background: tuneColor(report.best.choice.schedule) }} />
          {running ? 'Best so far' : 'Best'}:{' '}
          <button type="button" className="link" onClick={() => onPick(report.best!.index)}>
            {choiceLabel(report.best.choice)}
          </button>{' '}
          — {figuresText(report.best)}
        </p>
      ) : !running && report.binding ? (
        <div className="tune-none" data-testid="tune-none">
          <strong>No configuration is feasible.</strong>
          <ul>
            {report.binding.map((b) => (
              <li key={b.constraint}>
                {b.constraint === 'memory'
                  ? 'Memory'
                  : b.constraint === 'activationLimit'
                    ? 'Activation limit'
                    : 'Rules'}
                : {b.message}
                {b.at ? ` (${choiceLabel(b.at.choice)})` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.rejections.length > 0 ? (
        <details className="tune-rejections">
          <summary>Refused by a schedule's rules or the size cap ({inf.rules + inf.size})</summary>
          <ul>
            {report.rejections.map((r) => (
              <li key={`${r.schedule}:${r.message}`}>
                {scheduleTitle(r.schedule)}: {r.message} ({r.count})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
