import { type ChunkParts, perDevice, type Scenario } from '../../core/model/scenario';
import { CheckboxField } from './fields';
import { PAIR_ORDER_FIELD, PART_FIELDS } from './field-table';
import { type BlockProps, FieldView, NumberSpecField } from './field-view';
import { MeasuredMark } from '../trace/measured-mark';

/**
 * Starting parts when the user switches parts on: the first device's F, B and W split 40:60
 * between attention and MLP, and each all-to-all at 30% of its pass (about 1:1 compute:comm with
 * dispatch + combine, as DeepSeek-V3 reports). The editor says so next to the toggle.
 */
export function partsFromCosts(s: Scenario): ChunkParts {
  const f = perDevice(s.costs.forward, 0);
  const b = perDevice(s.costs.backwardInput, 0);
  const w = perDevice(s.costs.backwardWeight, 0);
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    forward: { attention: r(0.4 * f), dispatch: r(0.3 * f), mlp: r(0.6 * f), combine: r(0.3 * f) },
    backward: {
      combine: r(0.3 * b),
      mlpInput: r(0.6 * b),
      mlpWeight: r(0.6 * w),
      dispatch: r(0.3 * b),
      attentionInput: r(0.4 * b),
      attentionWeight: r(0.4 * w),
    },
  };
}

/** The two columns of part fields. */
const PASSES = [
  ['forward', 'Forward'],
  ['backward', 'Backward'],
] as const;

/** The paths whose errors the parts fields show: each part and the pair order, and the rest of `parts`. */
export function partsErrorPaths(s: Scenario): string[] {
  const shown = s.parts
    ? [...PART_FIELDS.forward, ...PART_FIELDS.backward, PAIR_ORDER_FIELD].map((f) => f.path)
    : [];
  return [...shown, 'parts'];
}

/** The switch for chunk parts and, while they are on, a field per part and the pair order. */
export function PartsFields({ scenario: s, errorsAt, actions }: BlockProps) {
  const partsErrors = errorsAt('parts');
  return (
    <>
      <CheckboxField
        path="parts"
        label="Build each chunk from parts"
        checked={s.parts !== null}
        hint={
          s.parts
            ? 'Times per micro-batch of the device’s whole share; compute parts run on the compute stream, all-to-all on the comm stream.'
            : 'Starts from device 0’s F, B, W: attention 40% and MLP 60% of each; each all-to-all 30% of its pass.'
        }
        onChange={(on) =>
          actions.edit(on ? 'Use chunk parts' : 'Drop chunk parts', (d) => {
            d.parts = on ? partsFromCosts(s) : null;
          })
        }
      />
      {s.parts && s.measuredParts ? (
        <MeasuredMark
          mark={s.measuredParts}
          onForget={() =>
            actions.edit('Forget where the parts were measured', (d) => void delete d.measuredParts)
          }
        />
      ) : null}
      {s.parts ? (
        <div className="parts-grid">
          {PASSES.map(([pass, heading]) => (
            <div key={pass}>
              <h4>{heading}</h4>
              {PART_FIELDS[pass].map((p) => (
                <NumberSpecField
                  key={p.key}
                  spec={p}
                  scenario={s}
                  errors={errorsAt(p.path)}
                  actions={actions}
                />
              ))}
            </div>
          ))}
        </div>
      ) : null}
      {s.parts ? (
        <FieldView
          spec={PAIR_ORDER_FIELD}
          scenario={s}
          errors={errorsAt(PAIR_ORDER_FIELD.path)}
          actions={actions}
        />
      ) : null}
      {partsErrors.length ? (
        <ul className="field-error" data-testid="field-error">
          {partsErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
