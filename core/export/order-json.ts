import type { Schedule } from '../model/schedule';
import { orderRefusal, scheduleToOrder } from '../schedules/custom-order';

/**
 * PipeScope's order JSON (docs/orders.md): a schedule's per-device order with the shape it runs
 * in, named as the scenario names them, so a scenario can take it whole:
 *
 * {"format": "pipescope-order", "version": 1, "schedule": "zb-v",
 *  "devices": 4, "microbatches": 8, "chunks": 2, "order": {"devices": ["0F0 0F1 ...", ...]}}
 *
 * `schedule` says what made the order (informative); `chunks` is the stages per device.
 */
export const ORDER_FORMAT = 'pipescope-order';
export const ORDER_VERSION = 1;

export interface OrderJson {
  format: typeof ORDER_FORMAT;
  version: number;
  schedule: string;
  devices: number;
  microbatches: number;
  chunks: number;
  order: { devices: string[] };
}

export type OrderJsonResult = { ok: true; text: string } | { ok: false; reason: string };

/** The schedule's order as PipeScope's order JSON, or why it has none (a stage on two devices). */
export function toOrderJson(s: Schedule): OrderJsonResult {
  const refusal = orderRefusal(s);
  if (refusal !== null) return { ok: false, reason: refusal };
  const doc: OrderJson = {
    format: ORDER_FORMAT,
    version: ORDER_VERSION,
    schedule: s.name,
    devices: s.devices,
    microbatches: s.microbatches,
    chunks: s.chunksPerDevice,
    order: scheduleToOrder(s),
  };
  const rows = doc.order.devices.map((r) => `      ${JSON.stringify(r)}`).join(',\n');
  const head = Object.entries(doc)
    .filter(([k]) => k !== 'order')
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
    .join('\n');
  return { ok: true, text: `{\n${head}\n  "order": {\n    "devices": [\n${rows}\n    ]\n  }\n}\n` };
}
