import { useState } from 'react';
import { analyze } from '../../core/analyze';
import { importOrder, withImportedOrder } from '../../core/export/order-import';
import { exportText } from '../../core/export/export-text';
import { saveBudgetError } from '../../core/format/scenario-file';
import { decodeScenarioBytes } from '../../core/format/text-decoding';
import type { Scenario } from '../../core/model/scenario';
import { CUSTOM_SCHEDULE } from '../../core/schedules/custom';
import { orderRefusal, scheduleToOrder } from '../../core/schedules/custom-order';
import { platform } from '../platform';
import { TextField } from './fields';
import type { BlockProps } from './field-view';
import './order.css';

/** Largest order (characters) the editor shows as editable text; larger ones are edited on the chart. */
const MAX_TEXT_ORDER = 20_000;

/** The paths whose errors the order block shows. */
export function orderErrorPaths(s: Scenario): string[] {
  return s.schedule === CUSTOM_SCHEDULE ? ['order'] : [];
}

/** A file name from the scenario's name: letters, digits, dashes. */
function baseName(s: Scenario): string {
  return s.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline';
}

/**
 * The custom order: import one (PyTorch's CSV or an order JSON), turn the current schedule into
 * one to edit, export the order as PyTorch's CSV, and, while it is small, its text, one line per
 * device in PyTorch's notation.
 */
export function OrderFields({ scenario: s, errorsAt, actions }: BlockProps) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const custom = s.schedule === CUSTOM_SCHEDULE;
  const errors = errorsAt('order');
  const say = (text: string, error = false) => setStatus({ text, error });

  const importFile = async () => {
    const r = await platform.openOrder();
    if (!r.ok) {
      if (!r.canceled) say(r.error, true);
      return;
    }
    const decoded = decodeScenarioBytes(r.file.data);
    if (!decoded.ok) {
      say(`${r.file.name}: ${decoded.error.message}`, true);
      return;
    }
    const imported = importOrder(decoded.text);
    if (!imported.ok) {
      say(`${r.file.name}: ${imported.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, true);
      return;
    }
    const next = withImportedOrder(s, imported.imported);
    const tooLarge = saveBudgetError(next);
    if (tooLarge) {
      say(`${r.file.name}: with this order ${tooLarge}`, true);
      return;
    }
    actions.edit(`Import order ${r.file.name}`, (d) => {
      d.schedule = next.schedule;
      d.devices = next.devices;
      d.microbatches = next.microbatches;
      d.chunks = next.chunks;
      d.pairing = next.pairing;
      d.order = next.order;
    });
    const { devices, microbatches, chunks, warnings } = imported.imported;
    say(
      `Imported ${r.file.name}: ${devices} devices, ${microbatches} micro-batches, ${chunks} stage(s) per device.${warnings.length ? ` ${warnings.join(' ')}` : ''}`,
    );
  };

  /** The order the scenario runs now, or why there is none. */
  const currentOrder = () => {
    const a = analyze(s);
    if (!a.ok) return { error: `The scenario cannot run: ${a.errors[0].path}: ${a.errors[0].message}` };
    const refusal = orderRefusal(a.analysis.schedule);
    return refusal ? { error: refusal } : { schedule: a.analysis.schedule, analysis: a.analysis };
  };

  const editAsCustom = () => {
    const o = currentOrder();
    if (!o.schedule) return say(o.error, true);
    const order = scheduleToOrder(o.schedule);
    const chunks = o.schedule.chunksPerDevice;
    const tooLarge = saveBudgetError({ ...s, schedule: CUSTOM_SCHEDULE, chunks, order });
    if (tooLarge) return say(`As a custom order, ${tooLarge}`, true);
    actions.edit(`Edit ${s.schedule} as a custom order`, (d) => {
      d.schedule = CUSTOM_SCHEDULE;
      d.chunks = chunks;
      if (d.pairing === 'combined-1f1b') d.pairing = 'off';
      d.order = order;
    });
    say('Now a custom order: drag its ops on the chart (Edit order), or edit the text below.');
  };

  const exportCsv = async () => {
    const o = currentOrder();
    if (!o.schedule) return say(o.error, true);
    const csv = exportText('pytorch-csv', [o.analysis]);
    if (!csv.ok) return say(csv.error.message, true);
    const name = `${baseName(s)}.pytorch.csv`;
    const r = await platform.exportFile({ kind: 'csv', suggestedName: name, data: csv.text });
    if (r.ok)
      say(
        `Exported ${r.path ?? name}: run it in TorchTitan with --parallelism.pipeline_parallel_schedule_csv.`,
      );
    else if (!('canceled' in r && r.canceled)) say(r.error, true);
  };

  const text = s.order?.devices.join('\n') ?? '';
  return (
    <div className="order-fields" data-testid="order-fields">
      <div className="order-buttons">
        <button type="button" data-testid="order-import" onClick={() => void importFile()}>
          Import order…
        </button>
        {custom ? null : (
          <button type="button" data-testid="order-edit-as-custom" onClick={editAsCustom}>
            Edit as custom order
          </button>
        )}
        <button type="button" data-testid="order-export-csv" onClick={() => void exportCsv()}>
          Export PyTorch CSV
        </button>
      </div>
      <p className="hint">
        PyTorch's pipelining CSV (compute-only or with its communication actions) or PipeScope's order JSON;
        the scenario keeps its costs.
      </p>
      {status ? (
        <p
          className={status.error ? 'order-status error' : 'order-status'}
          data-testid="order-status"
          role="status"
        >
          {status.text}
        </p>
      ) : null}
      {custom && s.order && text.length <= MAX_TEXT_ORDER ? (
        <TextField
          path="order"
          label="Order: one line per device, PyTorch's actions (2F0, 2I0, 2W0, 2B0 full backward)"
          value={text}
          multiline
          errors={errors}
          onChange={(v, g) =>
            actions.edit(
              'Edit order',
              (d) => {
                d.order = { devices: v.split('\n').map((line) => line.trim()) };
              },
              g,
            )
          }
          onGestureEnd={() => actions.endGesture()}
        />
      ) : custom ? (
        <div className="order-summary" data-testid="order-summary">
          {s.order
            ? `${s.order.devices.length} device orders, ${text.length.toLocaleString('en-US')} characters: edit them on the chart (Edit order).`
            : 'No order yet: import one, or pick a schedule and use Edit as custom order.'}
          {errors.length ? (
            <ul className="field-errors">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
