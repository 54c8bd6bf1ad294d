import { memo, useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { METRIC_DEFINITIONS, type MetricId } from '../../core/metrics/definitions';
import { metricsToJSON } from '../../core/metrics/metrics';
import { valueAt } from '../object-path';
import { DefinitionLabel } from './definition-label';
import { METRIC_ROWS } from './metric-rows';

function MetricLabel({ id, extra }: { id: MetricId; extra?: string | null }) {
  const def = METRIC_DEFINITIONS[id];
  return (
    <DefinitionLabel
      label={def.label}
      unit={def.unit}
      definition={def.definition}
      testId={`metric-label-${id}`}
      tipTestId={`metric-definition-${id}`}
      extra={extra}
    />
  );
}

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
              <MetricLabel id={row.id} extra={single && row.perDevice ? row.perDevice(jsons[0]) : null} />
            </th>
            {jsons.map((j, k) => {
              const raw = valueAt(j, row.source);
              const beside = row.beside?.(j);
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
