import { type ChunkParts, type PerDevice, type Scenario, perDevice } from '../../core/model/scenario';
import { MeasuredMark } from '../trace/measured-mark';
import { DerivedMark } from './derive-marks';
import { deviceRows, DeviceTables } from './device-tables';
import { CheckboxField } from './fields';
import { type NumberSpec, PAIR_ORDER_FIELD, PART_FIELDS } from './field-table';
import { type BlockProps, FieldView, NumberSpecField } from './field-view';

/**
 * Starting parts when the user switches parts on: each device's F, B and W split 40:60 between
 * attention and MLP, and each all-to-all at 30% of its pass (about 1:1 compute:comm with dispatch
 * + combine, as DeepSeek-V3 reports); one number per part where the costs are one number. The
 * editor says so next to the toggle.
 */
export function partsFromCosts(s: Scenario): ChunkParts {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  const share = (v: PerDevice, k: number): PerDevice =>
    typeof v === 'number' ? r(k * v) : Array.from({ length: s.devices }, (_, d) => r(k * perDevice(v, d)));
  const { forward: f, backwardInput: b, backwardWeight: w } = s.costs;
  return {
    forward: {
      attention: share(f, 0.4),
      dispatch: share(f, 0.3),
      mlp: share(f, 0.6),
      combine: share(f, 0.3),
    },
    backward: {
      combine: share(b, 0.3),
      mlpInput: share(b, 0.6),
      mlpWeight: share(w, 0.6),
      dispatch: share(b, 0.3),
      attentionInput: share(b, 0.4),
      attentionWeight: share(w, 0.4),
    },
  };
}

/** The two columns of part fields. */
const PASSES = [
  ['forward', 'Forward'],
  ['backward', 'Backward'],
] as const;

/**
 * The per-device tables: forward, backward for the input (B), backward for the weights (W), each
 * narrow enough for the editor's width.
 */
const TABLES: { heading: string; fields: NumberSpec[] }[] = [
  { heading: 'Forward', fields: PART_FIELDS.forward },
  {
    heading: 'Backward for the input (B)',
    fields: PART_FIELDS.backward.filter((p) => p.key !== 'mlpWeight' && p.key !== 'attentionWeight'),
  },
  {
    heading: 'Backward for the weights (W)',
    fields: PART_FIELDS.backward.filter((p) => p.key === 'mlpWeight' || p.key === 'attentionWeight'),
  },
];

/** Column heads of the per-device tables. */
const SHORT: Record<string, string> = {
  'parts.forward.attention': 'attn',
  'parts.forward.dispatch': 'disp',
  'parts.forward.mlp': 'MLP',
  'parts.forward.combine': 'comb',
  'parts.backward.combine': 'comb',
  'parts.backward.mlpInput': 'MLP',
  'parts.backward.mlpWeight': 'MLP',
  'parts.backward.dispatch': 'disp',
  'parts.backward.attentionInput': 'attn',
  'parts.backward.attentionWeight': 'attn',
};

/** The paths whose errors the parts fields show: each part (and its cells) and the pair order, and the rest of `parts`. */
export function partsErrorPaths(s: Scenario, table = false): string[] {
  if (!s.parts) return ['parts'];
  const fields = [...PART_FIELDS.forward, ...PART_FIELDS.backward];
  const cells = table
    ? fields.flatMap((f) => Array.from({ length: deviceRows(s.devices) }, (_, d) => `${f.path}[${d}]`))
    : [];
  return [...cells, ...fields.map((f) => f.path), PAIR_ORDER_FIELD.path, 'parts'];
}

/**
 * The switch for chunk parts and, while they are on, the parts: a field per part, or with
 * per-device costs a table per pass with one row per device; and the pair order.
 */
export function PartsFields({ scenario: s, errorsAt, actions, table }: BlockProps & { table: boolean }) {
  const partsErrors = errorsAt('parts');
  return (
    <>
      <CheckboxField
        path="parts"
        label="Build each chunk from parts"
        checked={s.parts !== null}
        mark={<DerivedMark path="parts" />}
        hint={
          s.parts
            ? 'Times per micro-batch of the device’s whole share; compute parts run on the compute stream, all-to-all on the comm stream.'
            : 'Starts from each device’s F, B, W: attention 40% and MLP 60% of each; each all-to-all 30% of its pass.'
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
      {s.parts && table ? (
        <PartsTables scenario={s} errorsAt={errorsAt} actions={actions} />
      ) : s.parts ? (
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

/** The parts per device: a table each for F, B and W, one row per device (ms). */
function PartsTables({ scenario: s, errorsAt, actions }: BlockProps) {
  return (
    <DeviceTables
      label="Chunk parts per device"
      testId="parts-table"
      tables={TABLES.map(({ heading, fields }) => ({
        caption: `${heading}: parts per device (ms)`,
        columns: fields.map((spec) => ({ spec, head: SHORT[spec.path] })),
      }))}
      scenario={s}
      errorsAt={errorsAt}
      actions={actions}
    />
  );
}
