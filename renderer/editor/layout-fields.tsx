import { LIMITS } from '../../core/format/limits';
import {
  type LayerCosts,
  type ModuleCosts,
  layoutLayers,
  layoutStageCosts,
  parseLayout,
} from '../../core/model/layout';
import type { Scenario } from '../../core/model/scenario';
import { evenLayerCosts } from '../../core/schedules/scenario-config';
import { rederiveDraft } from './derive-edits';
import { TextField } from './fields';
import type { NumberSpec } from './field-table';
import { type BlockProps, NumberSpecField } from './field-view';
import { formatNumber } from './number-field';
import './order.css';

/** The paths whose errors the layout block shows (all of them together, under the block). */
export function layoutErrorPaths(): string[] {
  return ['layout'];
}

const KINDS = [
  ['forward', 'F'],
  ['backwardInput', 'B'],
  ['backwardWeight', 'W'],
] as const;

/** The rows of the cost table: a transformer layer, then the modules Megatron's notation places. */
const ROWS = [
  ['layer', 'layer t'],
  ['embedding', 'embedding E'],
  ['loss', 'loss + head L'],
  ['mtp', 'MTP module m'],
] as const;

const spec = (path: string, label: string, nullable: string): NumberSpec => ({
  kind: 'number',
  path,
  label,
  undo: `Set ${label}`,
  unit: 'ms',
  step: 0.1,
  min: 0,
  max: LIMITS.ms,
  nullable,
});

/**
 * Uneven stages: the layout string (Megatron-LM's notation) and, once there is one, what a layer,
 * the embedding, the loss and an MTP module cost; with what each stage then costs.
 */
export function LayoutFields({ scenario: s, errorsAt, actions }: BlockProps) {
  const errors = errorsAt('layout');
  const layout = s.layout ?? null;
  const parsed = layout ? parseLayout(layout.stages) : null;
  const layers = parsed?.ok ? layoutLayers(parsed.stages) : 0;
  const even = evenLayerCosts(s, layers);
  return (
    <div className="layout-fields" data-testid="layout-fields">
      <TextField
        path="layout.stages"
        label="Layout (Megatron's --pipeline-model-parallel-layout)"
        value={layout?.stages ?? ''}
        placeholder="e.g. Et*3|(tt|)*29,m|L — empty: even stages"
        hint="E embedding, t transformer layer, m MTP module, L loss, | next stage, x*n and (…)*n repeat. Stage k is the k-th along the micro-batch's path; the schedule says which device holds it."
        errors={errors}
        onChange={(v, g) =>
          actions.edit(
            'Set layout',
            (d) => {
              const text = v.trim();
              if (text === '') d.layout = null;
              else if (d.layout) d.layout.stages = text;
              else d.layout = { stages: text };
              // a derived scenario follows its layout: the cost model splits the layers by it
              if (d.derive) rederiveDraft(d);
            },
            g,
          )
        }
        onGestureEnd={() => actions.endGesture()}
      />
      {layout ? (
        <div className="table-scroll">
          <table className="cost-table layout-costs" data-testid="layout-costs">
            <colgroup>
              <col className="layout-costs-name" />
              <col />
              <col />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" title="ms per micro-batch">
                  ms
                </th>
                {KINDS.map(([k, short]) => (
                  <th scope="col" key={k}>
                    {short}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([row, label]) => (
                <tr key={row}>
                  <th scope="row">{label}</th>
                  {KINDS.map(([k, short]) => {
                    const costs = layout[row] as LayerCosts | ModuleCosts | undefined;
                    const value = costs?.[k];
                    if (Array.isArray(value))
                      return (
                        <td key={k} title="one value per layer (set in the file)">
                          {value.length} values
                        </td>
                      );
                    return (
                      <td key={k}>
                        <NumberSpecField
                          compact
                          spec={spec(
                            `layout.${row}.${k}`,
                            `${short} of ${label}`,
                            row === 'layer' ? 'even' : '0',
                          )}
                          scenario={s}
                          value={typeof value === 'number' ? value : null}
                          set={(d, v) => {
                            if (!d.layout) return;
                            const base =
                              row === 'layer' ? even : { forward: 0, backwardInput: 0, backwardWeight: 0 };
                            const current = (d.layout[row] as ModuleCosts | undefined) ?? { ...base };
                            if (v === null) {
                              if (row === 'layer') delete d.layout.layer;
                              else current[k] = 0;
                            } else current[k] = v;
                            if (v !== null || row !== 'layer')
                              (d.layout as Record<string, unknown>)[row] = current;
                          }}
                          errors={[]}
                          actions={actions}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {layout ? (
        <p className="hint">
          Per micro-batch. An empty layer cost: the costs above spread evenly over the layers; an empty module
          cost: free.
        </p>
      ) : null}
      {layout && parsed?.ok && errors.length === 0 ? <StageSummary scenario={s} /> : null}
    </div>
  );
}

/** "4 stages, 14 layers; the heaviest: stage 3 (F 3.5 ms)". */
function StageSummary({ scenario: s }: { scenario: Scenario }) {
  const layout = s.layout!;
  const parsed = parseLayout(layout.stages);
  if (!parsed.ok) return null;
  const layers = layoutLayers(parsed.stages);
  const costs = layoutStageCosts(parsed.stages, layout, evenLayerCosts(s, layers));
  let heaviest = 0;
  const total = (k: number) => costs.forward[k] + costs.backwardInput[k] + costs.backwardWeight[k];
  for (let k = 1; k < parsed.stages.length; k++) if (total(k) > total(heaviest)) heaviest = k;
  const r = (x: number) => formatNumber(Math.round(x * 1000) / 1000);
  return (
    <p className="hint" data-testid="layout-summary">
      {parsed.stages.length} stages, {layers} layers. Heaviest: stage {heaviest} (F{' '}
      {r(costs.forward[heaviest])} + B {r(costs.backwardInput[heaviest])} + W{' '}
      {r(costs.backwardWeight[heaviest])} ms per micro-batch).
    </p>
  );
}
