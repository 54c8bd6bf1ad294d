import { OVERLAP_ACTION, type ScenarioOrder, actionText, pairText } from '../model/order';
import { NO_PAIR, OpKind } from '../model/ops';
import type { PathError } from '../model/path-error';
import { type Schedule, type ScheduleShape, scheduleFromColumns } from '../model/schedule';
import { formatPath } from '../format/paths';

/**
 * Custom orders in PyTorch's action notation (docs/orders.md): reading a scenario's `order` into
 * columns, checking it against the scenario's shape, building the Schedule the simulator runs,
 * and writing any schedule back as action strings.
 *
 * The notation is torch.distributed.pipelining's `_Action` as its `__repr__` prints it: the
 * global stage, the computation type, the micro-batch (`2F0`, `5I3`, `5W3`, `1B7`), and an
 * overlapped pair `(0F4;7B1)OVERLAP_F_B`. PipeScope's kinds map one to one: F is F, I is our B
 * (input gradient), W is W, B (PyTorch's FULL_BACKWARD) is our BW.
 */

/**
 * PyTorch's other action types: communication (added by its lowering pass), FSDP and gradient
 * reduction. A compute-only order (what `_load_csv` reads by default) has none of them.
 */
export const NON_COMPUTE_ACTIONS = [
  'UNSHARD',
  'RESHARD',
  'REDUCE_GRAD',
  'SEND_F',
  'RECV_F',
  'SEND_B',
  'RECV_B',
];

/** An order read into columns, device by device, in execution order. */
export interface ParsedOrder {
  devices: number;
  count: number;
  /** Ops of device d are [deviceStart[d], deviceStart[d + 1]). */
  deviceStart: Int32Array;
  kind: Uint8Array;
  stage: Int32Array;
  microbatch: Int32Array;
  /** 1 where op i and op i + 1 were written as one overlapped pair. */
  pairedWithNext: Uint8Array;
}

export type OrderParse = { ok: true; order: ParsedOrder } | { ok: false; errors: PathError[] };

/** Errors listed for one order before the rest are counted (a wrong file can have a million). */
const MAX_ERRORS = 20;

/**
 * Most actions an order may hold: the file format's op cap (LIMITS.ops in core/format/limits.ts,
 * which imports the registry and so cannot be imported here; a test keeps the two equal).
 */
export const ORDER_MAX_ACTIONS = 5_000_000;

/** Digits a stage or micro-batch number may have: far above any cap, far below 2^31. */
const MAX_DIGITS = 9;

const CODE_0 = 48;
const CODE_9 = 57;
const SPACE = 32;

function isSpace(c: number): boolean {
  return c === SPACE || c === 9 || c === 10 || c === 13;
}

/** A parsed single action, or why the text is not one. */
type Single = OrderOp | string;

/** Reads `text[a, b)` as one `{stage}{F|I|W|B}{micro-batch}` action. */
function parseSingle(text: string, a: number, b: number): Single {
  let i = a;
  let stage = 0;
  while (i < b && text.charCodeAt(i) >= CODE_0 && text.charCodeAt(i) <= CODE_9) {
    stage = stage * 10 + text.charCodeAt(i) - CODE_0;
    i++;
  }
  if (i === a) return 'must start with the stage number';
  if (i - a > MAX_DIGITS) return 'has a stage number too large';
  const letter = text[i];
  const kind =
    letter === 'F'
      ? OpKind.F
      : letter === 'I'
        ? OpKind.B
        : letter === 'W'
          ? OpKind.W
          : letter === 'B'
            ? OpKind.BW
            : -1;
  if (kind < 0) {
    const rest = text.slice(i, b);
    if (NON_COMPUTE_ACTIONS.some((t) => rest.startsWith(t)))
      return `is PyTorch's ${rest.replace(/\d+$/, '')} action, which its lowering adds; an order holds compute actions only (F, I, W, B, OVERLAP_F_B)`;
    return 'needs F, I, W or B after the stage number';
  }
  i++;
  const digits = i;
  let microbatch = 0;
  while (i < b && text.charCodeAt(i) >= CODE_0 && text.charCodeAt(i) <= CODE_9) {
    microbatch = microbatch * 10 + text.charCodeAt(i) - CODE_0;
    i++;
  }
  if (i === digits) return `needs the micro-batch number after ${letter}`;
  if (i - digits > MAX_DIGITS) return 'has a micro-batch number too large';
  if (i < b) return `has "${text.slice(i, b)}" after the micro-batch number`;
  return { kind, stage, microbatch };
}

/** A compute action's ops: one, or the two of an overlapped pair in the order they run. */
export type ActionOps = [OrderOp] | [OrderOp, OrderOp];

/** One op of an action. */
export interface OrderOp {
  kind: number;
  stage: number;
  microbatch: number;
}

/**
 * Reads `text[a, b)` as one compute action: `{stage}{F|I|W|B}{micro-batch}` or an overlapped pair
 * `({forward};{backward})OVERLAP_F_B` (either order inside, one forward and one I or B). Returns
 * the ops, or why the text is not an action (a phrase that follows the action's text).
 */
export function readAction(text: string, a: number, b: number): ActionOps | string {
  if (text.charCodeAt(a) !== 40 /* ( */) {
    const s = parseSingle(text, a, b);
    return typeof s === 'string' ? s : [s];
  }
  const token = text.slice(a, b);
  const close = token.indexOf(')');
  const semi = token.indexOf(';');
  if (close < 0 || token.slice(close + 1) !== OVERLAP_ACTION || semi < 0 || semi > close)
    return `is not an overlapped pair "({forward};{backward})${OVERLAP_ACTION}"`;
  const first = parseSingle(token, 1, semi);
  if (typeof first === 'string') return `: its first action ${first}`;
  const second = parseSingle(token, semi + 1, close);
  if (typeof second === 'string') return `: its second action ${second}`;
  if (
    (first.kind === OpKind.F) === (second.kind === OpKind.F) ||
    first.kind === OpKind.W ||
    second.kind === OpKind.W
  )
    return 'must pair one forward (F) with one backward (I or B)';
  return [first, second];
}

/**
 * Reads a scenario's order into columns. Every action must be one of the notation's; errors name
 * the device's string (`order.devices[2]`) and the action by its position and text.
 */
export function parseOrder(order: ScenarioOrder, at = 'order'): OrderParse {
  const rows = order.devices;
  const P = rows.length;
  // count the actions first: a pair is two ops, so twice the count bounds the columns
  let actions = 0;
  for (const row of rows) actions += countTokens(row);
  if (actions > ORDER_MAX_ACTIONS)
    return {
      ok: false,
      errors: [
        {
          path: formatPath(pathKeys(at)),
          message: `has ${actions.toLocaleString('en-US')} actions; PipeScope simulates at most ${ORDER_MAX_ACTIONS.toLocaleString('en-US')} ops`,
        },
      ],
    };
  const capacity = 2 * actions;
  const kind = new Uint8Array(capacity);
  const stage = new Int32Array(capacity);
  const microbatch = new Int32Array(capacity);
  const pairedWithNext = new Uint8Array(capacity);
  const deviceStart = new Int32Array(P + 1);
  const errors: PathError[] = [];
  let more = 0;
  let n = 0;
  const fail = (d: number, action: number, token: string, why: string) => {
    if (errors.length >= MAX_ERRORS) {
      more++;
      return;
    }
    const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
    errors.push({
      path: formatPath([...pathKeys(at), 'devices', d]),
      message: `action ${action} ("${shown}") ${why}`,
    });
  };
  const put = (s: OrderOp) => {
    kind[n] = s.kind;
    stage[n] = s.stage;
    microbatch[n] = s.microbatch;
    n++;
  };
  for (let d = 0; d < P; d++) {
    deviceStart[d] = n;
    const text = rows[d];
    const len = text.length;
    let i = 0;
    let action = 0;
    while (i < len) {
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (i >= len) break;
      let j = i;
      while (j < len && !isSpace(text.charCodeAt(j))) j++;
      action++;
      const read = readAction(text, i, j);
      if (typeof read === 'string') fail(d, action, text.slice(i, j), read);
      else {
        if (read.length === 2) pairedWithNext[n] = 1;
        for (const op of read) put(op);
      }
      i = j;
    }
  }
  deviceStart[P] = n;
  if (more > 0)
    errors.push({ path: formatPath(pathKeys(at)), message: `and ${more} more actions like these` });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    order: {
      devices: P,
      count: n,
      deviceStart,
      kind: kind.subarray(0, n),
      stage: stage.subarray(0, n),
      microbatch: microbatch.subarray(0, n),
      pairedWithNext: pairedWithNext.subarray(0, n),
    },
  };
}

/** Actions (runs of non-space characters) in a device's string. */
function countTokens(text: string): number {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inToken) count++;
    inToken = !space;
  }
  return count;
}

function pathKeys(at: string): string[] {
  return at.split('.');
}

/** Which device holds each stage, and which of its chunks the stage is. */
export interface OrderStageMap {
  /** Device of each stage, -1 where no op names the stage. */
  stageDevice: Int32Array;
  /** The stage's chunk on its device: its rank among the device's stages, lowest first. */
  stageChunk: Int32Array;
}

/**
 * What keeps an order from fitting the scenario's shape: P devices (one string each), m
 * micro-batches, v stages per device (P x v stages). Each stage must sit on one device (PyTorch's
 * model: a stage is one rank's module), and a device can hold at most v stages. Missing and doubled
 * ops are left to the simulator, which names them with the dependency cycle if any.
 */
export function orderShapeErrors(
  order: ParsedOrder,
  shape: { devices: number; microbatches: number; chunks: number },
  at = 'order',
): { errors: PathError[]; map: OrderStageMap | null } {
  const P = shape.devices;
  const S = P * shape.chunks;
  const m = shape.microbatches;
  const rowsPath = formatPath([...pathKeys(at), 'devices']);
  if (order.devices !== P)
    return {
      errors: [
        {
          path: rowsPath,
          message: `has ${order.devices} device order(s) but devices is ${P}: give one string per device`,
        },
      ],
      map: null,
    };
  const errors: PathError[] = [];
  const stageDevice = new Int32Array(S).fill(-1);
  for (let d = 0; d < P && errors.length < MAX_ERRORS; d++) {
    const devicePath = formatPath([...pathKeys(at), 'devices', d]);
    for (let i = order.deviceStart[d]; i < order.deviceStart[d + 1]; i++) {
      const s = order.stage[i];
      const mb = order.microbatch[i];
      const action = actionText(order.kind[i], s, mb);
      if (s >= S) {
        errors.push({
          path: devicePath,
          message: `${action} names stage ${s}, but ${P} devices x ${shape.chunks} chunk(s) have stages 0..${S - 1} (set chunks to the stages per device)`,
        });
        break;
      }
      if (mb >= m) {
        errors.push({
          path: devicePath,
          message: `${action} names micro-batch ${mb}, but microbatches is ${m} (0..${m - 1})`,
        });
        break;
      }
      const held = stageDevice[s];
      if (held === -1) stageDevice[s] = d;
      else if (held !== d) {
        errors.push({
          path: devicePath,
          message: `${action}: stage ${s} is also on device ${held}; each stage runs on one device (a stage on two devices, as DualPipe's two directions have, is not an order PipeScope or PyTorch can hold)`,
        });
        break;
      }
    }
  }
  if (errors.length > 0) return { errors, map: null };
  const held = new Int32Array(P);
  const stageChunk = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) {
    const d = stageDevice[s];
    if (d >= 0) stageChunk[s] = held[d]++;
  }
  for (let d = 0; d < P; d++)
    if (held[d] > shape.chunks) {
      const stages: number[] = [];
      for (let s = 0; s < S; s++) if (stageDevice[s] === d) stages.push(s);
      errors.push({
        path: formatPath([...pathKeys(at), 'devices', d]),
        message: `holds ${held[d]} stages (${stages.join(', ')}) but chunks is ${shape.chunks}: each device holds at most chunks stages`,
      });
    }
  return { errors, map: errors.length > 0 ? null : { stageDevice, stageChunk } };
}

/**
 * The Schedule of a parsed order that orderShapeErrors accepted: ops in the order's sequence,
 * each op's chunk its stage's chunk on the device, pairs numbered as they come.
 */
export function orderSchedule(order: ParsedOrder, map: OrderStageMap, shape: ScheduleShape): Schedule {
  const n = order.count;
  const chunk = new Uint8Array(n);
  const pair = new Int32Array(n).fill(NO_PAIR);
  let nextPair = 0;
  for (let i = 0; i < n; i++) {
    chunk[i] = map.stageChunk[order.stage[i]];
    if (order.pairedWithNext[i] === 1) {
      pair[i] = nextPair;
      pair[i + 1] = nextPair++;
    }
  }
  return scheduleFromColumns(shape, {
    deviceStart: order.deviceStart.slice(),
    kind: order.kind.slice(),
    microbatch: order.microbatch.slice(),
    chunk,
    stage: order.stage.slice(),
    pair,
  });
}

/**
 * A schedule's order as action strings, one list per device. Two consecutive ops with one pair
 * number (an F and a B or BW) become one overlapped action; `pairs: false` writes them as two.
 */
export function scheduleActions(s: Schedule, options: { pairs?: boolean } = {}): string[][] {
  const pairs = options.pairs !== false;
  const out: string[][] = [];
  for (let d = 0; d < s.devices; d++) {
    const list: string[] = [];
    const last = s.deviceStart[d + 1];
    for (let i = s.deviceStart[d]; i < last; i++) {
      const a = actionText(s.kind[i], s.stage[i], s.microbatch[i]);
      const j = i + 1;
      if (pairs && j < last && isOverlappedPair(s, i)) {
        list.push(pairText(a, actionText(s.kind[j], s.stage[j], s.microbatch[j])));
        i = j;
      } else list.push(a);
    }
    out.push(list);
  }
  return out;
}

/** Whether ops i and i + 1 are written as one pair: one pair number, one forward and one B or BW. */
function isOverlappedPair(s: Schedule, i: number): boolean {
  const p = s.pair[i];
  if (p === NO_PAIR || s.pair[i + 1] !== p) return false;
  const a = s.kind[i];
  const b = s.kind[i + 1];
  return (a === OpKind.F) !== (b === OpKind.F) && a !== OpKind.W && b !== OpKind.W;
}

/**
 * Why a schedule has no order in this notation, or null: every stage must sit on one device
 * (DualPipe runs each stage on two, one per direction).
 */
export function orderRefusal(s: Schedule): string | null {
  const stageDevice = new Int32Array(s.stages).fill(-1);
  for (let d = 0; d < s.devices; d++)
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      const st = s.stage[i];
      const held = stageDevice[st];
      if (held === -1) stageDevice[st] = d;
      else if (held !== d)
        return `stage ${st} runs on device ${held} and on device ${d} (two copies of one stage, as DualPipe's two directions hold); PyTorch's pipelining holds each stage on one rank, so its format cannot express this order`;
    }
  return null;
}

/** A schedule as a scenario's order: each device's actions joined by spaces (orderRefusal first). */
export function scheduleToOrder(s: Schedule): ScenarioOrder {
  return { devices: scheduleActions(s).map((list) => list.join(' ')) };
}
