import { memo, useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { COST_FIGURE_DEFINITIONS, type CostFigureId } from '../../core/cost-model/figure-definitions';
import { scenarioCostFigures } from '../../core/cost-model/report';
import { deriveSection } from '../../core/cost-model/scenario-derive';
import { DefinitionLabel } from './definition-label';

function CostLabel({ id }: { id: CostFigureId }) {
  const def = COST_FIGURE_DEFINITIONS[id];
  return (
    <DefinitionLabel
      label={def.label}
      unit={def.unit}
      definition={def.definition}
      testId={`cost-label-${id}`}
    />
  );
}

const sig = (x: number, digits = 4) => Number(x.toPrecision(digits)).toLocaleString('en-US');

/** A large count with its magnitude: 14.8T, 1.588M, 107.3K. */
export function compactCount(x: number): string {
  for (const [unit, size] of [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
    ['K', 1e3],
  ] as const)
    if (Math.abs(x) >= size) return `${sig(x / size)}${unit}`;
  return sig(x);
}

const pct = (x: number) => `${Number.parseFloat((x * 100).toFixed(1))} %`;

/**
 * What one iteration and the whole training run cost, for a scenario derived from a model and a
 * cluster (docs/cost-model.md, "Iteration and run"), beside the metrics: each figure with its unit
 * and scope, its definition on hover. Nothing for a scenario without a derive section.
 */
export const CostFigures = memo(function CostFigures({ analysis: a }: { analysis: Analysis }) {
  const s = a.scenario;
  const figures = useMemo(() => {
    if (!s.derive) return null;
    const r = deriveSection(s.derive, s.layout?.stages ?? null);
    return r.ok
      ? { ...scenarioCostFigures(s, r.derivation, a.metrics.makespan), derivation: r.derivation }
      : null;
  }, [s, a]);
  if (!s.derive) return null;
  if (!figures)
    return (
      <p className="cost-figures-none" data-testid="cost-figures">
        Training cost: the Model &amp; cluster inputs cannot be derived (see the editor).
      </p>
    );
  const { iteration: it, run, derivation: d } = figures;
  const precision = d.input.run.precision.toUpperCase();
  const training = s.derive.training;
  const rows: { id: CostFigureId; value: string; beside?: string }[] = [
    {
      id: 'iterationTime',
      value: `${sig(it.timeMs / 1e3)} s`,
      beside: `one iteration: ${it.tokens.toLocaleString('en-US')} tokens, ${it.microbatches} micro-batches per pipeline`,
    },
    {
      id: 'tokensPerSecond',
      value: `${compactCount(it.tokensPerSecond)} tokens/s`,
      beside: `all ${it.gpus.toLocaleString('en-US')} GPUs`,
    },
    {
      id: 'mfu',
      value: `${pct(it.mfu)} of the dense ${precision} peak`,
      beside: precision === 'BF16' ? undefined : `${pct(it.mfuBf16)} of the BF16 peak`,
    },
    {
      id: 'gpuHoursPerTrillionTokens',
      value: `${compactCount(it.gpuHoursPerTrillionTokens)} GPU-hours`,
      beside: 'all GPUs',
    },
    {
      id: 'runGpuHours',
      value: run ? `${compactCount(run.gpuHours)} GPU-hours` : '—',
      beside: run ? `for ${compactCount(run.tokens)} tokens` : 'set the run’s tokens in Model & cluster',
    },
    {
      id: 'runCost',
      value: run?.cost != null ? `$${compactCount(run.cost)}` : '—',
      beside:
        run?.cost != null
          ? `at $${training.pricePerGpuHour} per GPU-hour`
          : 'set the tokens and a price per GPU-hour in Model & cluster',
    },
  ];
  return (
    <table className="metrics cost-figures" data-testid="cost-figures">
      <caption>
        Training cost — {d.input.model.name} on {it.gpus.toLocaleString('en-US')} {d.input.hardware.gpu.name}{' '}
        (hover a name for its definition)
      </caption>
      <thead>
        <tr>
          <th scope="col">figure</th>
          <th scope="col">value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-figure={r.id}>
            <th scope="row">
              <CostLabel id={r.id} />
            </th>
            <td className="value" data-testid={`cost-${r.id}`}>
              {r.value}
              {r.beside ? <span className="analytic">{r.beside}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
