import { useContext, useMemo, useState } from 'react';
import type { CostDerivation } from '../../core/cost-model/derive';
import { applyDerivation, deriveSection } from '../../core/cost-model/scenario-derive';
import type { Scenario } from '../../core/model/scenario';
import { GPU_PRESETS, MODEL_PRESETS, findGpuPreset, findModelPreset } from '../../core/presets/index';
import { DeriveMarksContext } from './derive-marks';
import { type DeriveChange, DeriveField } from './derive-fields';
import { newSection, rederiveDraft, sectionModel, writeDeriveField } from './derive-edits';
import {
  DERIVE_GROUPS,
  type DeriveContext,
  type DeriveFieldSpec,
  GPU_CHOICE,
  MODEL_CHOICE,
  deriveFieldPaths,
} from './derive-field-table';
import type { BlockProps } from './field-view';

/** The paths whose errors the panel shows. */
export function deriveErrorPaths(s: Scenario): string[] {
  return s.derive ? deriveFieldPaths() : [];
}

const billions = (n: number) => `${(n / 1e9).toFixed(2)}B`;

/**
 * The Model & cluster panel (docs/app.md): choose a model and a GPU and derive the scenario's
 * costs from them, then edit any input (presets or every field); each change re-derives the
 * scenario in one undo entry, keeping the values overridden elsewhere in the editor.
 */
export function ModelClusterPanel({ scenario: s, errorsAt, actions }: BlockProps) {
  if (!s.derive) return <StartDeriving scenario={s} errorsAt={errorsAt} actions={actions} />;
  return <DerivePanel scenario={s} errorsAt={errorsAt} actions={actions} />;
}

/** Without a derive section: pick a model and a GPU and derive. */
function StartDeriving({ scenario: s, actions }: BlockProps) {
  const [model, setModel] = useState(MODEL_PRESETS[0].id);
  const [gpu, setGpu] = useState(MODEL_PRESETS[0].setup.gpu);
  return (
    <div className="derive-start" data-testid="derive-start">
      <p className="hint">
        Type the costs in ms below, or derive them (and the devices, micro-batches, parts, P2P and memory)
        from a model on a cluster.
      </p>
      <div className="derive-start-row">
        <label>
          Model{' '}
          <select
            data-testid="derive-start-model"
            value={model}
            onChange={(e) => {
              setModel(e.target.value);
              const setup = findModelPreset(e.target.value)?.setup.gpu;
              if (setup) setGpu(setup);
            }}
          >
            {MODEL_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.model.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          GPU{' '}
          <select data-testid="derive-start-gpu" value={gpu} onChange={(e) => setGpu(e.target.value)}>
            {GPU_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.gpu.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="derive-start-button"
          onClick={() => {
            const section = newSection(model, gpu, s);
            const r = deriveSection(section, s.layout?.stages ?? null);
            actions.edit(
              `Derive from ${findModelPreset(model)?.model.name} on ${findGpuPreset(gpu)?.gpu.name}`,
              (d) => {
                d.derive = section;
                if (!r.ok) return;
                applyDerivation(d as Scenario, r.derivation.scenario, []);
                d.name = r.derivation.scenario.name;
                d.description = r.derivation.scenario.description;
              },
            );
          }}
        >
          Derive
        </button>
      </div>
    </div>
  );
}

function DerivePanel({ scenario: s, errorsAt, actions }: BlockProps) {
  const section = s.derive!;
  const marks = useContext(DeriveMarksContext);
  const derivation = marks?.derivation ?? null;
  const context: DeriveContext = useMemo(() => ({ section, model: sectionModel(section) }), [section]);
  const change: DeriveChange = (label, path, value, gesture) =>
    actions.edit(
      label,
      (d) => {
        writeDeriveField(d, path, value);
        rederiveDraft(d);
      },
      gesture,
    );
  const end = () => actions.endGesture();
  const field = (spec: DeriveFieldSpec) =>
    spec.when && !spec.when(context) ? null : (
      <DeriveField
        key={spec.path}
        spec={spec}
        scenario={s}
        context={context}
        errors={errorsAt(spec.path)}
        onChange={change}
        onGestureEnd={end}
      />
    );
  return (
    <div className="derive-panel" data-testid="derive-panel">
      <DeriveSummary scenario={s} derivation={derivation} />
      <div className="derive-actions">
        <button
          type="button"
          data-testid="derive-rederive"
          disabled={!derivation}
          title="Write the derived values in again, keeping the overridden ones"
          onClick={() => actions.edit('Re-derive', (d) => rederiveDraft(d))}
        >
          Re-derive
        </button>
        <button
          type="button"
          data-testid="derive-reset-all"
          disabled={section.overrides.length === 0 || !derivation}
          onClick={() =>
            actions.edit('Reset all overrides', (d) => {
              d.derive!.overrides = [];
              rederiveDraft(d);
            })
          }
        >
          Reset {section.overrides.length} override{section.overrides.length === 1 ? '' : 's'}
        </button>
        <button
          type="button"
          className="link"
          data-testid="derive-stop"
          title="Keep the values and type them by hand from now on"
          onClick={() => actions.edit('Stop deriving', (d) => void delete d.derive)}
        >
          stop deriving
        </button>
      </div>
      {field(MODEL_CHOICE)}
      {field(GPU_CHOICE)}
      {DERIVE_GROUPS.map((g) => {
        const fields = g.fields.filter((f) => !f.when || f.when(context));
        const body = fields.map(field);
        if (!g.folded)
          return (
            <div className="derive-group" key={g.testId} data-testid={g.testId}>
              <h4>{g.title}</h4>
              {body}
            </div>
          );
        const hasErrors = fields.some((f) => errorsAt(f.path).length > 0);
        return (
          <details
            className="derive-group"
            key={g.testId}
            data-testid={g.testId}
            open={hasErrors || undefined}
          >
            <summary>{g.title}</summary>
            {body}
          </details>
        );
      })}
    </div>
  );
}

/** What the scenario is derived from, in one paragraph, and how many values were overridden. */
function DeriveSummary({
  scenario: s,
  derivation: d,
}: {
  scenario: Scenario;
  derivation: CostDerivation | null;
}) {
  const section = s.derive!;
  if (!d)
    return (
      <p className="derive-summary derive-failed" data-testid="derive-summary">
        The inputs below cannot be derived (see the marked fields); the scenario keeps its last derived
        values.
      </p>
    );
  const par = section.parallelism;
  const ratio = d.computeToAllToAll;
  return (
    <p className="derive-summary" data-testid="derive-summary">
      <strong>{d.input.model.name}</strong> on {d.gpus.toLocaleString('en-US')} {d.input.hardware.gpu.name}:
      PP {par.pp} × TP {par.tp} × DP {par.dp}
      {par.ep > 1 ? ` (EP ${par.ep})` : ''}. {billions(d.parameters.total)} parameters,{' '}
      {billions(d.parameters.activated)} activated per token.
      {ratio !== null ? ` Computation : all-to-all ${ratio.toFixed(2)} : 1 per micro-batch.` : ''}{' '}
      {section.overrides.length
        ? `${section.overrides.length} value${section.overrides.length === 1 ? '' : 's'} overridden by hand.`
        : 'Every derived value as derived.'}{' '}
      Derived fields below are marked; hover a mark for its formula.
    </p>
  );
}
