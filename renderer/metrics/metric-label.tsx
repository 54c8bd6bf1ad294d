import { useId } from 'react';
import { METRIC_DEFINITIONS, type MetricId } from '../../core/metrics/definitions';

/**
 * A figure's name as a button that shows its definition (with its unit and scope) on hover and on
 * keyboard focus; `extra` adds text below it (the per-device values), `label` replaces the name.
 */
export function MetricLabel({
  id,
  extra,
  label,
  testPrefix = 'metric',
}: {
  id: MetricId;
  extra?: string | null;
  label?: string;
  /** Test ids are `${testPrefix}-label-${id}` and `${testPrefix}-definition-${id}`. */
  testPrefix?: string;
}) {
  const tipId = useId();
  const def = METRIC_DEFINITIONS[id];
  return (
    <span className="tip">
      <button
        type="button"
        className="metric-name"
        aria-describedby={tipId}
        data-testid={`${testPrefix}-label-${id}`}
      >
        {label ?? def.label}
      </button>
      <span className="tip-body" role="tooltip" id={tipId} data-testid={`${testPrefix}-definition-${id}`}>
        <strong>{def.label}</strong> ({def.unit}, {def.scope}): {def.definition}
        {extra ? (
          <>
            <br />
            <br />
            {extra}
          </>
        ) : null}
      </span>
    </span>
  );
}
