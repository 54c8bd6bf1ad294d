import type { ConfigError, ScheduleConfig } from '../model/config';
import type { ScenarioOrder } from '../model/order';
import { assert } from '../util/assert';
import { ANALYTIC_BASE_CONDITIONS } from './analytic-rule';
import {
  type OrderParse,
  type OrderStageMap,
  orderSchedule,
  orderShapeErrors,
  parseOrder,
} from './custom-order';
import { defineSchedule } from './descriptor';

/** The registry name of the schedule that runs a scenario's own order. */
export const CUSTOM_SCHEDULE = 'custom';

/** A parsed order and its stage map for one shape, kept per order object (check, then generate). */
interface Reading {
  parse: OrderParse;
  shapes: Map<string, { errors: ConfigError[]; map: OrderStageMap | null }>;
}

const readings = new WeakMap<ScenarioOrder, Reading>();

/**
 * The order read and fitted to the config's shape. Readings are remembered per order object, so
 * a scenario's order is parsed once for its check and its generation (and once per edit in the
 * app, where an unchanged order keeps its identity).
 */
function read(order: ScenarioOrder, c: ScheduleConfig) {
  let r = readings.get(order);
  if (!r) {
    r = { parse: parseOrder(order), shapes: new Map() };
    readings.set(order, r);
  }
  if (!r.parse.ok) return { errors: r.parse.errors, parsed: null, map: null };
  const key = `${c.devices}/${c.microbatches}/${c.chunks}`;
  let fit = r.shapes.get(key);
  if (!fit) {
    fit = orderShapeErrors(r.parse.order, c);
    r.shapes.set(key, fit);
  }
  return { errors: fit.errors, parsed: r.parse.order, map: fit.map };
}

/**
 * A custom order: whatever per-device order the scenario's `order` field holds, imported from
 * PyTorch's pipelining CSV or PipeScope's order JSON, or edited in the app (docs/orders.md). It
 * runs on the same simulator as the generated schedules; an order that deadlocks or misses an op
 * is reported by the simulation, naming the waiting cycle and the first missing op.
 *
 * Shape: the scenario's devices and micro-batches, v = its `chunks` stages per device (v x P
 * stages); the order says which device holds each stage, and each op costs 1/v of its device's share.
 */
export const custom = defineSchedule({
  name: CUSTOM_SCHEDULE,
  title: 'Custom order',
  summary:
    "The scenario's own order (PyTorch's action notation), imported from a PyTorch CSV or order JSON, or edited in the app.",
  source: 'docs/orders.md',
  placement: 'order',
  chunks: { from: 'scenario', min: 1, max: null },
  paramMultiplier: 1,
  opsPerStage: 3,
  analyticBubble: {
    formula: 'none',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; a custom order has no closed form`,
    source: 'docs/orders.md',
  },
  memory: null,
  check(c) {
    if (!c.order)
      return [
        {
          path: 'order',
          message:
            "the custom schedule runs the scenario's order, and there is none: import one (a PyTorch CSV or an order JSON) or edit a schedule as a custom order",
        },
      ];
    return read(c.order, c).errors;
  },
  generate(c, shape) {
    const r = c.order ? read(c.order, c) : null;
    assert(r?.parsed && r.map, 'generate was called with an order its check refused');
    return orderSchedule(r.parsed, r.map, shape);
  },
});
