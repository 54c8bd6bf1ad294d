import { LIMITS } from '../../core/format/limits';
import { partCosts } from '../../core/model/costs';
import { type PerDevice, type Scenario, perDevice } from '../../core/model/scenario';
import { CheckboxField } from './fields';
import { formatNumber } from './number-field';
import { COST_FIELDS } from './field-table';
import { type BlockProps, NumberSpecField } from './field-view';

/** Rows of the per-device table: one per device, up to the most devices a scenario may have. */
const tableRows = (s: Scenario) => Math.min(s.devices, LIMITS.devices);

/** Whether the costs show as a per-device table: asked for, or already different per device. */
export function costsAsTable(s: Scenario, perDeviceCosts: boolean): boolean {
  return perDeviceCosts || COST_FIELDS.some((c) => typeof s.costs[c.key] !== 'number');
}

/** The paths whose errors the cost fields show (cells, and each cost as a whole). */
export function costErrorPaths(s: Scenario, table: boolean): string[] {
  const paths: string[] = [];
  if (table) {
    for (let dev = 0; dev < tableRows(s); dev++) for (const c of COST_FIELDS) paths.push(`${c.path}[${dev}]`);
  }
  for (const c of COST_FIELDS) paths.push(c.path);
  return paths;
}

/**
 * F, B and W: three fields, or a table with one row per device; the switch between them; and, with
 * chunk parts on, the costs the parts imply (the F, B, W fields are then kept but not used).
 */
export function CostFields({
  scenario: s,
  table,
  errorsAt,
  actions,
  onTogglePerDevice,
}: BlockProps & {
  table: boolean;
  onTogglePerDevice: (on: boolean) => void;
}) {
  return (
    <>
      <CheckboxField
        path="costs.perDevice"
        label="Different costs per device"
        checked={table}
        hint={
          table
            ? 'Unchecking sets every device to device 0’s values.'
            : 'Each op takes its schedule’s share of these (1/v for v chunks).'
        }
        onChange={(on) => {
          onTogglePerDevice(on);
          if (on) {
            actions.edit('Costs per device', (d) => {
              for (const c of COST_FIELDS) {
                const v = d.costs[c.key];
                if (typeof v === 'number') d.costs[c.key] = Array.from({ length: d.devices }, () => v);
              }
            });
          } else {
            actions.edit('Uniform costs', (d) => {
              for (const c of COST_FIELDS) d.costs[c.key] = perDevice(d.costs[c.key] as PerDevice, 0);
            });
          }
        }}
      />
      {s.parts ? <PartCostsNote scenario={s} /> : null}
      {table ? (
        <CostTable scenario={s} errorsAt={errorsAt} actions={actions} />
      ) : (
        COST_FIELDS.map((c) => (
          <NumberSpecField key={c.key} spec={c} scenario={s} errors={errorsAt(c.path)} actions={actions} />
        ))
      )}
    </>
  );
}

function PartCostsNote({ scenario: s }: { scenario: Scenario }) {
  if (!s.parts) return null;
  const c = partCosts(s.parts, s.smSplit);
  const r = (x: number) => formatNumber(Math.round(x * 1000) / 1000);
  return (
    <p className="note" data-testid="costs-from-parts">
      {`Chunk parts are on, so op costs come from the parts (same on every device): F = ${r(c.forward)} ms, B = ${r(c.backwardInput)} ms, W = ${r(c.backwardWeight)} ms after the SM split. The F, B, W values below are kept but not used.`}
    </p>
  );
}

function CostTable({ scenario: s, errorsAt, actions }: BlockProps) {
  return (
    <div className="table-scroll">
      <table className="cost-table" data-testid="cost-table">
        <thead>
          <tr>
            <th scope="col">device</th>
            {COST_FIELDS.map((c) => (
              <th scope="col" key={c.key} title={c.label}>
                {c.short} (ms)
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: tableRows(s) }, (_, dev) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are devices, identified by index
            <tr key={dev}>
              <th scope="row">{dev}</th>
              {COST_FIELDS.map((c) => (
                <td key={c.key}>
                  <NumberSpecField
                    compact
                    spec={c}
                    scenario={s}
                    path={`${c.path}[${dev}]`}
                    label={`${c.short} on device ${dev}`}
                    undo={`Set ${c.short} of device ${dev}`}
                    value={perDevice(s.costs[c.key], dev) ?? null}
                    set={(d, v) => {
                      if (v === null) return;
                      const cur = d.costs[c.key];
                      if (typeof cur === 'number') {
                        d.costs[c.key] = Array.from({ length: d.devices }, (_, k) => (k === dev ? v : cur));
                      } else cur[dev] = v;
                    }}
                    errors={errorsAt(`${c.path}[${dev}]`)}
                    actions={actions}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {COST_FIELDS.map((c) => {
        const e = errorsAt(c.path);
        return e.length ? (
          <ul className="field-error" key={c.key} data-testid="field-error">
            {e.map((m) => (
              <li key={m}>
                {c.short}: {m}
              </li>
            ))}
          </ul>
        ) : null;
      })}
    </div>
  );
}
