import { PAIR_ORDER_ENTRIES } from '../../core/model/costs';
import type { TraceMapDocument } from '../../core/model/scenario';
import { getPart } from '../../core/trace/parts';
import type { TraceSummaryJson } from '../../core/trace/summary';
import { countText, msText } from './format';

/**
 * The part times of one chunk the mapping measures (averaged over the ranks that show each), the
 * pair order seen, layers per chunk, and the button that writes them into the scenario.
 */
export function PartsPanel(p: {
  summary: TraceSummaryJson;
  mapping: TraceMapDocument;
  busy: boolean;
  /** Which planned devices "Use as part times" writes (measuredTargetText). */
  target: string;
  onLayers(layers: number | null): void;
  onUse(): void;
}) {
  const s = p.summary;
  const ranks = s.ranks.filter((r) => r.parts).length;
  const layers = p.mapping.layersPerChunk ?? null;
  return (
    <section className="trace-parts" data-testid="trace-parts" aria-label="Measured part times">
      <h2>Part times of one chunk</h2>
      <div className="trace-parts-controls">
        <label>
          Annotation ranges (layers) per chunk{' '}
          <input
            type="number"
            min={1}
            max={10000}
            step={1}
            data-testid="layers-per-chunk"
            placeholder="all"
            value={layers ?? ''}
            onChange={(e) => {
              const n = Number(e.target.value);
              p.onLayers(
                e.target.value === '' ? null : Number.isInteger(n) && n >= 1 && n <= 10000 ? n : layers,
              );
            }}
          />
        </label>
        <span className="muted">
          {layers === null
            ? 'empty: the trace holds one chunk of each kind (as DeepSeek’s profile), so all ranges are summed'
            : `each part is its mean time per range × ${layers}`}
        </span>
      </div>
      {s.parts && s.partsMeasured ? (
        <>
          <table className="trace-table">
            <caption>
              Measured GPU time per part (ms{ranks > 1 ? `, mean over ${ranks} ranks` : ''}); parts the trace
              does not show keep the scenario’s values
            </caption>
            <thead>
              <tr>
                <th>part</th>
                <th className="num">time (ms)</th>
                <th className="num">ranges</th>
                <th>from annotations</th>
              </tr>
            </thead>
            <tbody>
              {PAIR_ORDER_ENTRIES.map((e) => {
                const src = s.partSources?.find((x) => x.entry === e);
                const measured = s.partsMeasured!.includes(e);
                return (
                  <tr key={e} data-part={e} className={measured ? undefined : 'muted'}>
                    <td>{e}</td>
                    <td className="num">{measured ? msText(getPart(s.parts!, e)) : 'not in the trace'}</td>
                    <td className="num">{src ? countText(src.ranges) : ''}</td>
                    <td className="file">{src?.names.join(', ') ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">
            Pair order seen:{' '}
            {s.parts.pairOrder ? s.parts.pairOrder.join(' → ') : 'none (no stretch runs all ten parts once)'}
          </p>
          <div className="trace-use">
            <button
              type="button"
              className="primary"
              data-testid="use-as-parts"
              disabled={p.busy}
              onClick={p.onUse}
            >
              Use as part times
            </button>
            <span className="muted">
              Writes them into the scenario’s chunk parts (one undo step), divided by the schedule’s chunk
              share and, for compute parts, by the SM slowdown, so that simulating gives these times back.{' '}
              <span data-testid="use-target">{p.target}</span>
            </span>
          </div>
        </>
      ) : (
        <p className="muted" data-testid="no-parts">
          No annotation name maps to a chunk part. Choose a part for the annotations that measure one in the
          table above (DeepSeek’s attn(F), dispatch(F), mlp(B)… and Megatron’s “attn forward”… are known
          already).
        </p>
      )}
    </section>
  );
}
