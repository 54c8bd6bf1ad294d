import type { RankJson } from '../../core/trace/summary';
import { NONE, msText, pctText } from './format';

/** Per rank (and device) figures, as Holistic Trace Analysis defines them; a row picks the rank the tables below show. */
export function RanksTable(p: { ranks: RankJson[]; selected: number; onSelect(rank: number): void }) {
  return (
    <div className="trace-scroll">
      <h3 className="trace-caption" id="trace-ranks-caption">
        Ranks: figures over each device’s window (first GPU op to last), after Holistic Trace Analysis
      </h3>
      <table className="trace-table" data-testid="trace-ranks" aria-labelledby="trace-ranks-caption">
        <thead>
          <tr>
            <th>rank</th>
            <th>device</th>
            <th>file</th>
            <th className="num">window (ms)</th>
            <th className="num" title="time the compute streams run (overlapping kernels once)">
              compute (ms)
            </th>
            <th className="num" title="time the communication streams run">
              comm. (ms)
            </th>
            <th className="num" title="Holistic Trace Analysis: time both run / communication time">
              overlap
            </th>
            <th className="num" title="communication with no computation beside it">
              exposed (ms)
            </th>
            <th className="num" title="time no stream of the device runs">
              idle (ms)
            </th>
            <th className="num" title="communication time / computation time">
              comm : comp
            </th>
          </tr>
        </thead>
        <tbody>
          {p.ranks.map((r, i) => (
            <tr
              key={`${r.source}:${r.device}`}
              className={i === p.selected ? 'selected' : undefined}
              aria-selected={i === p.selected}
              onClick={() => p.onSelect(i)}
            >
              <td>
                <button type="button" className="link" onClick={() => p.onSelect(i)}>
                  {r.rank}
                </button>
                {r.rankFrom === 'file order' ? <span className="muted"> (file order)</span> : null}
              </td>
              <td>
                {r.device}
                {r.deviceName ? <span className="muted device-name">{r.deviceName}</span> : null}
              </td>
              <td className="file">{r.source}</td>
              <td className="num">{msText(r.windowMs)}</td>
              <td className="num">{msText(r.computeMs)}</td>
              <td className="num">{msText(r.commMs)}</td>
              <td className="num">{pctText(r.overlap)}</td>
              <td className="num">{msText(r.exposedCommMs)}</td>
              <td className="num">{msText(r.idleMs)}</td>
              <td className="num">
                {r.commToComputeRatio === null ? NONE : r.commToComputeRatio.toFixed(2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
