import { useState } from 'react';
import { LIMITS } from '../../core/format/limits';
import { type PerDevice, perDevice } from '../../core/model/scenario';
import { assignAt, valueAt } from '../object-path';
import { CellMarkDetails } from './derive-marks';
import type { NumberSpec } from './field-table';
import { type BlockProps, NumberSpecField } from './field-view';

/** A column of a per-device table: the field it edits and its short head. */
export interface DeviceColumn {
  spec: NumberSpec;
  head: string;
}

/** Rows of a per-device table: one per device, up to the most devices a scenario may have. */
export const deviceRows = (devices: number) => Math.min(devices, LIMITS.devices);

/**
 * Per-device tables of number cells (the costs; the chunk parts): a row per device and a column
 * per field; under them each field's own errors (a list of the wrong length...) and the focused
 * cell's mark, explained (a cell has no room for it). A cell edits one device: a field that is one
 * number becomes one per device.
 */
export function DeviceTables({
  label,
  testId,
  tables,
  scenario: s,
  errorsAt,
  actions,
}: BlockProps & {
  label: string;
  testId?: string;
  tables: { caption?: string; testId?: string; columns: DeviceColumn[] }[];
}) {
  const [focused, setFocused] = useState<string | null>(null);
  const columns = tables.flatMap((t) => t.columns);
  return (
    <fieldset
      className="cell-group"
      data-testid={testId}
      aria-label={label}
      onFocus={(e) => setFocused((e.target as HTMLElement).dataset.testid?.replace(/^field-/, '') ?? null)}
    >
      {tables.map((t) => (
        <div className="table-scroll" key={t.columns[0].spec.path}>
          <table className="cost-table" data-testid={t.testId}>
            {t.caption ? <caption>{t.caption}</caption> : null}
            <thead>
              <tr>
                <th scope="col">device</th>
                {t.columns.map((c) => (
                  <th scope="col" key={c.spec.path} title={c.spec.label}>
                    {c.head}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: deviceRows(s.devices) }, (_, dev) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are devices, identified by index
                <tr key={dev}>
                  <th scope="row">{dev}</th>
                  {t.columns.map((c) => (
                    <td key={c.spec.path}>
                      <DeviceCell
                        spec={c.spec}
                        dev={dev}
                        scenario={s}
                        errorsAt={errorsAt}
                        actions={actions}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {columns.map((c) => {
        const e = errorsAt(c.spec.path);
        return e.length ? (
          <ul className="field-error" key={c.spec.path} data-testid="field-error">
            {e.map((m) => (
              <li key={m}>
                {c.head}: {m}
              </li>
            ))}
          </ul>
        ) : null;
      })}
      <CellMarkDetails path={focused} />
    </fieldset>
  );
}

function DeviceCell({
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
        if (x === null) return;
        const cur = valueAt(d, spec.path) as PerDevice | undefined;
        if (cur === undefined) return;
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
