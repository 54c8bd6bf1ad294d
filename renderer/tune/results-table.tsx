import { useEffect, useMemo, useState } from 'react';
import { IDLE_CAUSE_INFO } from '../../core/metrics/idle-causes';
import { type TuneResult, idleUnattributed } from '../../core/tune';
import { scheduleTitle } from '../compare/schedule-color';
import { tuneColor } from './colors';
import { formatGiB, formatMsValue, formatShare, reads } from './format';
import type { TopIdle } from './tune-session';

/** Rows the table shows at once (the sort decides which): a table of thousands would not help. */
const ROWS = 100;

type Key = 'schedule' | 'm' | 'time' | 'memory' | 'bubble' | 'exposed';

/** Columns that show only where their axis varies among the results (narrow windows). */
type Optional = 'v' | 'sms' | 'budget' | 'recompute';

const COLUMNS: { key: Key | null; label: string; title: string; numeric?: boolean; optional?: Optional }[] = [
  { key: 'schedule', label: 'Schedule', title: 'Schedule' },
  { key: 'm', label: 'm', title: 'Micro-batches per iteration (the global batch is fixed)', numeric: true },
  {
    key: null,
    label: 'v',
    title: 'Model chunks per device (schedules that take the scenario’s chunks)',
    optional: 'v',
  },
  { key: null, label: 'Pairing', title: 'Overlapped forward-backward pairs' },
  { key: null, label: 'SMs', title: 'SMs reserved for communication', optional: 'sms' },
  {
    key: null,
    label: 'Budget',
    title: 'memory.activationBudget: activations in flight (schedules that read it)',
    optional: 'budget',
  },
  {
    key: null,
    label: 'Recompute',
    title: 'Activation recomputation (costs from the cost model)',
    optional: 'recompute',
  },
  { key: 'time', label: 'Iteration (ms)', title: 'Iteration time: the makespan', numeric: true },
  {
    key: 'memory',
    label: 'Peak memory',
    title: 'Peak memory of the largest device: parameters + peak activations (GiB)',
    numeric: true,
  },
  {
    key: 'bubble',
    label: 'Bubble',
    title: 'Bubble (idle fraction): compute idle / (P x iteration time)',
    numeric: true,
  },
  {
    key: 'exposed',
    label: 'Exposed (ms)',
    title: 'Exposed communication: communication time with no computation beside it, mean over devices',
    numeric: true,
  },
  { key: null, label: 'Top idle cause', title: 'The idle cause with the most time, summed over devices' },
];

function value(r: TuneResult, key: Key): number | string {
  const f = r.figures!;
  switch (key) {
    case 'schedule':
      return r.choice.schedule;
    case 'm':
      return r.choice.microbatches;
    case 'time':
      return f.makespan;
    case 'memory':
      return f.peakMemory;
    case 'bubble':
      return f.bubble ?? Number.POSITIVE_INFINITY;
    case 'exposed':
      return f.exposedCommMean ?? Number.POSITIVE_INFINITY;
  }
}

/** A feasible configuration the workers did not attribute idle to (no report lists it). */
const unattributed = (r: TuneResult): boolean =>
  r.reason === null && r.figures !== null && idleUnattributed(r.figures);

/** The top idle cause cell: the workers', else the one worked out here, else … while it is. */
function causeText(r: TuneResult, causes: ReadonlyMap<number, TopIdle>): string {
  if (r.reason !== null) return '—';
  const f = r.figures!;
  const cause = unattributed(r) ? causes.get(r.index) : { cause: f.topIdleCause, ms: f.topIdleMs ?? 0 };
  if (cause === undefined) return '…';
  return cause.cause ? IDLE_CAUSE_INFO[cause.cause].label : 'none';
}

/** The configurations that ran, sortable by any figure; a row opens its configuration. */
export function ResultsTable(p: {
  results: readonly TuneResult[];
  pareto: ReadonlySet<number>;
  selected: number | null;
  onPick(index: number): void;
  /** Top idle causes worked out for rows the workers did not attribute, by index. */
  causes: ReadonlyMap<number, TopIdle>;
  /** Asks for the top idle causes of these rows (the workers attribute only what a report lists). */
  onNeedCauses(indices: number[]): void;
}) {
  const [sort, setSort] = useState<{ key: Key; up: boolean }>({ key: 'time', up: true });
  const [feasibleOnly, setFeasibleOnly] = useState(true);
  const rows = useMemo(() => {
    const ran = p.results.filter((r) => r.figures !== null && (!feasibleOnly || r.reason === null));
    const dir = sort.up ? 1 : -1;
    ran.sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
      return dir * c || a.figures!.makespan - b.figures!.makespan || a.index - b.index;
    });
    return ran;
  }, [p.results, sort, feasibleOnly]);
  const shown = useMemo(() => rows.slice(0, ROWS), [rows]);
  const { causes, onNeedCauses } = p;
  useEffect(() => {
    const need = shown.filter((r) => unattributed(r) && !causes.has(r.index)).map((r) => r.index);
    if (need.length > 0) onNeedCauses(need);
  }, [shown, causes, onNeedCauses]);
  const has = useMemo(() => {
    const vary = <T,>(f: (r: TuneResult) => T) => new Set(p.results.map(f)).size > 1;
    return {
      v: p.results.some((r) => reads(r.choice.schedule).chunks),
      sms: vary((r) => r.choice.smReserved),
      budget: p.results.some((r) => reads(r.choice.schedule).budget),
      recompute: vary((r) => r.choice.recompute),
    } satisfies Record<Optional, boolean>;
  }, [p.results]);
  const columns = COLUMNS.filter((c) => !c.optional || has[c.optional]);
  return (
    <section className="tune-table" data-testid="tune-table">
      <div className="tune-table-head">
        <h2>Configurations</h2>
        <label>
          <input type="checkbox" checked={feasibleOnly} onChange={(e) => setFeasibleOnly(e.target.checked)} />{' '}
          feasible only
        </label>
        <span className="sub" data-testid="tune-table-count">
          {rows.length > ROWS
            ? `showing ${ROWS} of ${rows.length.toLocaleString('en-US')} (sort to see others)`
            : `${rows.length.toLocaleString('en-US')} shown`}
          ; ◆ on the Pareto front; click a row to open it
        </span>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.label}
                  title={c.title}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={c.key && sort.key === c.key ? (sort.up ? 'ascending' : 'descending') : undefined}
                >
                  {c.key ? (
                    <button
                      type="button"
                      className="link"
                      data-testid={`tune-sort-${c.key}`}
                      onClick={() =>
                        setSort((s) => ({ key: c.key as Key, up: s.key === c.key ? !s.up : true }))
                      }
                    >
                      {c.label}
                      {sort.key === c.key ? (sort.up ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const f = r.figures!;
              const c = r.choice;
              const rd = reads(c.schedule);
              return (
                <tr
                  key={r.index}
                  className={`${r.index === p.selected ? 'selected' : ''} ${r.reason ? 'infeasible' : ''}`}
                  onClick={() => p.onPick(r.index)}
                  data-testid="tune-row"
                  data-index={r.index}
                  data-makespan={f.makespan}
                  data-memory={f.peakMemory}
                >
                  <td>
                    <span className="swatch" style={{ background: tuneColor(c.schedule) }} />
                    {p.pareto.has(r.index) ? '◆ ' : ''}
                    {scheduleTitle(c.schedule)}
                  </td>
                  <td className="num">{c.microbatches}</td>
                  {has.v ? <td>{rd.chunks ? c.chunks : '–'}</td> : null}
                  <td>{c.pairing}</td>
                  {has.sms ? <td className="num">{c.smReserved}</td> : null}
                  {has.budget ? <td>{rd.budget ? (c.activationBudget ?? 'default') : '–'}</td> : null}
                  {has.recompute ? <td>{c.recompute ?? '–'}</td> : null}
                  <td className="num">{formatMsValue(f.makespan)}</td>
                  <td className="num">
                    {formatGiB(f.peakMemory)}
                    {r.reason ? ' ⚠' : ''}
                  </td>
                  <td className="num">{formatShare(f.bubble)}</td>
                  <td className="num">
                    {f.exposedCommMean === null ? '—' : formatMsValue(f.exposedCommMean)}
                  </td>
                  <td className="cause">{causeText(r, causes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
