import { METRIC_DEFINITIONS, type MetricId } from '../../core/metrics/definitions';
import { DefinitionLabel } from './definition-label';

/**
 * A metric's name that shows its definition (with its unit and scope) on hover and on keyboard
 * focus; `extra` adds text below it (the per-device values), `label` replaces the name.
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
  const def = METRIC_DEFINITIONS[id];
  return (
    <DefinitionLabel
      label={label ?? def.label}
      unit={`${def.unit}, ${def.scope}`}
      definition={def.definition}
      testId={`${testPrefix}-label-${id}`}
      tipTestId={`${testPrefix}-definition-${id}`}
      extra={extra}
    />
  );
}
