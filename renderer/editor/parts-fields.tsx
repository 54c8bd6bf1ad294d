import { useState } from 'react';
import { type ChunkParts, type PerDevice, type Scenario, perDevice } from '../../core/model/scenario';
import { LIMITS } from '../../core/format/limits';
import { MeasuredMark } from '../trace/measured-mark';
import { CellMarkDetails, DerivedMark } from './derive-marks';
import { CheckboxField } from './fields';
import { type NumberSpec, PAIR_ORDER_FIELD, PART_FIELDS } from './field-table';
import { type BlockProps, FieldView, NumberSpecField } from './field-view';
import { assignAt, valueAt } from '../object-path';

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

const tableRows = (s: Scenario) => Math.min(s.devices, LIMITS.devices);

/** The paths whose errors the parts fields show: each part (and its cells) and the pair order, and the rest of `parts`. */
export function partsErrorPaths(s: Scenario, table = false): string[] {
  if (!s.parts) return ['parts'];
  const fields = [...PART_FIELDS.forward, ...PART_FIELDS.backward];
  const cells = table
    ? fields.flatMap((f) => Array.from({ length: tableRows(s) }, (_, d) => `${f.path}[${d}]`))
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

/** One table per pass, a row per device, a column per part (ms); the focused cell's mark below. */
function PartsTables({ scenario: s, errorsAt, actions }: BlockProps) {
  const [focused, setFocused] = useState<string | null>(null);
  return (
    <fieldset
      className="parts-tables cell-group"
      data-testid="parts-table"
      aria-label="Chunk parts per device"
      onFocus={(e) => setFocused((e.target as HTMLElement).dataset.testid?.replace(/^field-/, '') ?? null)}
    >
      {TABLES.map(({ heading, fields }) => (
        <div className="table-scroll" key={heading}>
          <table className="cost-table parts-table">
            <caption>{heading}: parts per device (ms)</caption>
            <thead>
              <tr>
                <th scope="col">device</th>
                {fields.map((p) => (
                  <th scope="col" key={p.path} title={p.label}>
                    {SHORT[p.path]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: tableRows(s) }, (_, dev) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are devices, identified by index
                <tr key={dev}>
                  <th scope="row">{dev}</th>
                  {fields.map((p) => (
                    <td key={p.path}>
                      <PartCell spec={p} dev={dev} scenario={s} errorsAt={errorsAt} actions={actions} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {[...PART_FIELDS.forward, ...PART_FIELDS.backward].map((p) => {
        const e = errorsAt(p.path);
        return e.length ? (
          <ul className="field-error" key={p.path} data-testid="field-error">
            {e.map((m) => (
              <li key={m}>
                {p.path}: {m}
              </li>
            ))}
          </ul>
        ) : null;
      })}
      <CellMarkDetails path={focused} />
    </fieldset>
  );
}

function PartCell({
  spec,
  dev,
  scenario: s,
  errorsAt,
  actions,
}: BlockProps & { spec: NumberSpec; dev: number }) {
  const path = `${spec.path}[${dev}]`;
  const v = valueAt(s, spec.path) as PerDevice | undefined;
  return (
    <NumberSpecField
      compact
      spec={spec}
      scenario={s}
      path={path}
      label={`${spec.label} on device ${dev}`}
      undo={`${spec.undo} of device ${dev}`}
      value={v === undefined ? null : perDevice(v, dev)}
      set={(d, x) => {
        if (x === null || !d.parts) return;
        const cur = valueAt(d, spec.path) as PerDevice;
        if (typeof cur === 'number')
          assignAt(
            d,
            spec.path,
            Array.from({ length: d.devices }, (_, k) => (k === dev ? x : cur)),
          );
        else cur[dev] = x;
      }}
      errors={errorsAt(path)}
      actions={actions}
    />
  );
}
