import { memo, useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { metricsToJSON } from '../../core/metrics/metrics';
import { valueAt } from '../object-path';
import { MetricLabel } from './metric-label';
import { METRIC_ROWS, rowScope } from './metric-rows';

/**
 * The metrics of one or more analyses side by side. Every number is read from metricsToJSON (the
 * same object `pipescope simulate --json` prints) and every label explains its definition on hover.
 */
export const MetricsPanel = memo(function MetricsPanel({
  analyses,
  labels,
}: {
  analyses: Analysis[];
  labels: string[];
}) {
  const keys = analyses.map((a) => a.schedule.name);
  const jsons = useMemo(() => analyses.map((a) => metricsToJSON(a.metrics)), [analyses]);
  const contexts = analyses.map((a) => ({
    devices: a.schedule.devices,
    stages: a.schedule.stages,
    microbatches: a.schedule.microbatches,
  }));
  const single = analyses.length === 1;
  return (
    <table className="metrics" data-testid="metrics">
      <caption>
        {single ? 'Metrics' : 'Metrics side by side'} — hover or focus a name for its definition
      </caption>
      <thead>
        <tr>
          <th scope="col">metric</th>
          {labels.map((l) => (
            <th scope="col" key={l}>
              {single ? 'value' : l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {METRIC_ROWS.map((row) => (
          <tr key={row.id} data-metric={row.id}>
            <th scope="row">
              <MetricLabel
                id={row.id}
                label={row.label}
                extra={single && row.perDevice ? row.perDevice(jsons[0]) : null}
              />{' '}
              <span className="unit">({rowScope(row)})</span>
            </th>
            {jsons.map((j, k) => {
              const raw = valueAt(j, row.source);
              const beside = row.beside?.(j, contexts[k]);
              return (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: one column per analysis, in order
                  key={k}
                  className="value"
                  data-testid={`metric-${row.id}`}
                  data-source={row.source}
                  data-column={keys[k]}
                  data-json={JSON.stringify(raw ?? null)}
                  title={!single && row.perDevice ? (row.perDevice(j) ?? undefined) : undefined}
                >
                  {row.format(raw, j)}
                  {beside ? <span className="analytic">{beside}</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
