import { COMM_STREAM_SHARE } from '../../core/trace/figures';
import type { RankJson } from '../../core/trace/summary';
import { countText, msText, pctText } from './format';

type Role = 'compute' | 'comm';

/** A rank's GPU streams: the role each plays (by its kernels, or as set here), busy time, ops. */
export function StreamsTable(p: { rank: RankJson; onRole(stream: number, role: Role | undefined): void }) {
  const r = p.rank;
  return (
    <table className="trace-table" data-testid="trace-streams">
      <caption>
        Streams of rank {r.rank}, device {r.device}: a stream is communication when more than{' '}
        {COMM_STREAM_SHARE * 100}% of its GPU time is communication kernels (NCCL, DeepEP, all-to-all…)
      </caption>
      <thead>
        <tr>
          <th>stream</th>
          <th>role</th>
          <th className="num">busy (ms)</th>
          <th className="num">ops</th>
          <th className="num" title="share of the stream's summed op time that is communication kernels">
            comm. kernels
          </th>
        </tr>
      </thead>
      <tbody>
        {r.streams.map((s) => {
          const byKernels: Role = (s.commShare ?? 0) > COMM_STREAM_SHARE ? 'comm' : 'compute';
          return (
            <tr key={s.id} data-stream={s.id}>
              <td>{s.id}</td>
              <td>
                <select
                  aria-label={`role of stream ${s.id}`}
                  data-testid={`stream-role-${s.id}`}
                  value={s.roleFrom === 'override' ? s.role : 'auto'}
                  onChange={(e) =>
                    p.onRole(s.id, e.target.value === 'auto' ? undefined : (e.target.value as Role))
                  }
                >
                  <option value="auto">{byKernels} (by its kernels)</option>
                  <option value="compute">compute (set)</option>
                  <option value="comm">communication (set)</option>
                </select>
              </td>
              <td className="num">{msText(s.busyMs)}</td>
              <td className="num">{countText(s.ops)}</td>
              <td className="num">{pctText(s.commShare)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
