import { partCosts } from '../../core/model/costs';
import {
  type PerDevice,
  type Scenario,
  partsOnDevice,
  partsVaryByDevice,
  perDevice,
} from '../../core/model/scenario';
import { DeviceTables, deviceRows } from './device-tables';
import { CheckboxField } from './fields';
import { formatNumber } from './number-field';
import { COST_FIELDS } from './field-table';
import { type BlockProps, NumberSpecField } from './field-view';
import { uniformParts } from './per-device-parts';

/**
 * Whether the costs (and chunk parts) show as per-device tables: asked for, or already different
 * per device.
 */
export function costsAsTable(s: Scenario, perDeviceCosts: boolean): boolean {
  return (
    perDeviceCosts ||
    COST_FIELDS.some((c) => typeof s.costs[c.key] !== 'number') ||
    (s.parts !== null && partsVaryByDevice(s.parts))
  );
}

/** The paths whose errors the cost fields show (cells, and each cost as a whole). */
export function costErrorPaths(s: Scenario, table: boolean): string[] {
  const paths: string[] = [];
  if (table) {
    for (let dev = 0; dev < deviceRows(s.devices); dev++)
      for (const c of COST_FIELDS) paths.push(`${c.path}[${dev}]`);
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
            ? `Unchecking sets every device to device 0’s values${s.parts ? ' (costs and chunk parts)' : ''}.`
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
              if (d.parts) uniformParts(d.parts);
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

/** F, B, W as the parts make them (after the SM split): one value, or the range over the devices. */
function PartCostsNote({ scenario: s }: { scenario: Scenario }) {
  if (!s.parts) return null;
  const parts = s.parts;
  const each = Array.from({ length: s.devices }, (_, d) => partCosts(partsOnDevice(parts, d), s.smSplit));
  const r = (x: number) => formatNumber(Math.round(x * 1000) / 1000);
  const text = (k: 'forward' | 'backwardInput' | 'backwardWeight') => {
    const lo = Math.min(...each.map((c) => c[k]));
    const hi = Math.max(...each.map((c) => c[k]));
    return lo === hi ? `${r(lo)} ms` : `${r(lo)}–${r(hi)} ms across devices`;
  };
  return (
    <p className="note" data-testid="costs-from-parts">
      {`Chunk parts are on, so op costs come from ${partsVaryByDevice(parts) ? "each device's parts" : 'the parts (same on every device)'}: F = ${text('forward')}, B = ${text('backwardInput')}, W = ${text('backwardWeight')} after the SM split. The F, B, W values below are kept but not used.`}
    </p>
  );
}

/** The costs as a table, one row per device. */
function CostTable({ scenario: s, errorsAt, actions }: BlockProps) {
  return (
    <DeviceTables
      label="Costs per device"
      tables={[
        { testId: 'cost-table', columns: COST_FIELDS.map((c) => ({ spec: c, head: `${c.short} (ms)` })) },
      ]}
      scenario={s}
      errorsAt={errorsAt}
      actions={actions}
    />
  );
}
