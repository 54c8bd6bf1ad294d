import { allSchedules } from '../../core/schedules/registry';
import { tunableScheduleNames } from '../../core/tune';
import { tuneColor } from './colors';
import { type FormError, type FormField, type TuneForm, formShows } from './tune-form';

function ErrorText({ errors, field }: { errors: FormError[]; field: FormField }) {
  const e = errors.find((x) => x.field === field);
  return e ? (
    <span className="field-error" role="alert">
      {e.message}
    </span>
  ) : null;
}

function ListField(p: {
  form: TuneForm;
  field: FormField;
  label: string;
  hint: string;
  errors: FormError[];
  disabled?: boolean;
  onChange(form: TuneForm): void;
}) {
  return (
    <label className="tune-field">
      <span title={p.hint}>{p.label}</span>
      <input
        type="text"
        value={p.form[p.field] as string}
        disabled={p.disabled}
        data-testid={`tune-${p.field}`}
        aria-invalid={p.errors.some((e) => e.field === p.field)}
        onChange={(e) => p.onChange({ ...p.form, [p.field]: e.target.value })}
      />
      <ErrorText errors={p.errors} field={p.field} />
    </label>
  );
}

/** The axes to sweep and the memory constraints, as the command line's flags take them. */
export function AxesForm(p: {
  form: TuneForm;
  errors: FormError[];
  hasParts: boolean;
  disabled: boolean;
  onChange(form: TuneForm): void;
}) {
  const { form, onChange } = p;
  const shows = formShows(form);
  const toggle = (name: string, on: boolean) =>
    onChange({
      ...form,
      schedules: on
        ? tunableScheduleNames().filter((n) => n === name || form.schedules.includes(n))
        : form.schedules.filter((n) => n !== name),
    });
  const common = { form, errors: p.errors, onChange, disabled: p.disabled };
  return (
    <fieldset className="tune-axes" disabled={p.disabled} data-testid="tune-axes">
      <legend>Search space</legend>
      <div className="tune-schedules">
        <span className="tune-label">Schedules</span>
        {allSchedules()
          .filter((d) => d.placement !== 'order')
          .map((d) => (
            <label key={d.name} title={d.summary}>
              <input
                type="checkbox"
                checked={form.schedules.includes(d.name)}
                onChange={(e) => toggle(d.name, e.target.checked)}
                data-testid={`tune-schedule-${d.name}`}
              />
              <span className="swatch" style={{ background: tuneColor(d.name) }} />
              {d.title}
            </label>
          ))}
        <ErrorText errors={p.errors} field="schedules" />
      </div>
      <div className="tune-fields">
        <ListField
          {...common}
          field="microbatches"
          label="Micro-batches m"
          hint="Micro-batch counts, global batch fixed: costs and activations scale by m0/m. A list (16, 32) or a range (16..64)."
        />
        {shows.chunks ? (
          <ListField
            {...common}
            field="chunks"
            label="Chunks v"
            hint="Model chunks per device, for the schedules that take them (within each one's rule)"
          />
        ) : null}
        <div className="tune-field">
          <span title="Overlapped forward-backward pairs; on: what the schedule supports (combined 1F1B or steady-state)">
            Pairing
          </span>
          <div>
            <label>
              <input
                type="checkbox"
                checked={form.pairingOff}
                onChange={(e) => onChange({ ...form, pairingOff: e.target.checked })}
              />{' '}
              off
            </label>{' '}
            <label>
              <input
                type="checkbox"
                checked={form.pairingOn}
                onChange={(e) => onChange({ ...form, pairingOn: e.target.checked })}
              />{' '}
              on
            </label>
          </div>
          <ErrorText errors={p.errors} field="pairingOff" />
        </div>
        <ListField
          {...common}
          field="smReserved"
          label="SMs for comm"
          disabled={p.disabled || !p.hasParts}
          hint={
            p.hasParts
              ? 'SMs reserved for communication kernels; compute parts slow down by total / (total - reserved)'
              : 'Only chunks with parts run slower with SMs reserved: give the scenario chunk parts to sweep it'
          }
        />
        {shows.budget ? (
          <ListField
            {...common}
            field="activationBudget"
            label="Activation budget"
            hint="memory.activationBudget for the schedules that read it (ZB-H2): micro-batch activations in flight; default = the schedule's own"
          />
        ) : null}
        <ListField
          {...common}
          field="capacityGiB"
          label="Capacity (GiB)"
          hint="Every device's peak memory (parameters + activations) must fit; empty: unlimited"
        />
        <ListField
          {...common}
          field="activationLimitGiB"
          label="Activation limit (GiB)"
          hint="Optional: every device's peak activation memory must also fit this"
        />
      </div>
    </fieldset>
  );
}
