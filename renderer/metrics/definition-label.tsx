import { type ReactNode, useId } from 'react';

/** A figure's name that shows its definition (and unit) on hover or focus: the metrics' and the training cost's. */
export function DefinitionLabel({
  label,
  unit,
  definition,
  testId,
  tipTestId,
  extra,
}: {
  label: string;
  unit: string;
  definition: string;
  testId: string;
  tipTestId?: string;
  extra?: ReactNode;
}) {
  const tipId = useId();
  return (
    <span className="tip">
      <button type="button" className="metric-name" aria-describedby={tipId} data-testid={testId}>
        {label}
      </button>
      <span className="tip-body" role="tooltip" id={tipId} data-testid={tipTestId}>
        <strong>{label}</strong> ({unit}): {definition}
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
