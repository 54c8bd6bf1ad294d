// A plain, slow re-statement of sail-sg's V-Half / V-Min generator, for tests only: every step of
// zero-bubble-pipeline-parallelism megatron/core/pipeline_parallel/zerobubble/scheduler/
// zbv_greedy.py (PipelineGraph: stable_pattern_v_half / _v_min, put_w, mem_of_stage, reorder,
// eager_execution_time, schedule_from_pattern, create_schedule) done the way the reference does
// it, each op picked as the smallest (slot, device, type, micro-batch) among the heads of the
// lists and every memory check recomputed over the whole device. Read, not copied; the generator
// in v-controllable-order.ts is compared with it op by op.

/** One device's slot lists: lists[type][micro-batch]. */
type DeviceLists = number[][];

/** sail's type names: F, f forwards of chunk 0 and 1; B, b input backwards of chunk 1 and 0; W, w their W. */
export const SAIL_TYPE_NAMES = ['F', 'f', 'B', 'b', 'W', 'w'];

function stablePattern(P: number, memory: 'half' | 'min'): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < P; i++) {
    if (memory === 'min') {
      const interval = P % 3 === 0 ? 2 : 0;
      rows.push([i, P * 2 - i - 1, P * 2 + interval + i, P * 4 + interval - i - 1]);
    } else {
      const interval = P % 2 === 0 ? 3 : 0;
      rows.push([i * 2, P * 3 - i - 2, P * 3 + interval + i * 2 - 1, P * 6 + interval - i - 2]);
    }
  }
  return rows;
}

/** The smallest head among lists 0..n-1: [slot, list], Infinity when all are done. */
function nextHead(lists: number[][], at: number[], n: number): [number, number] {
  let best: [number, number] = [Number.POSITIVE_INFINITY, -1];
  for (let t = 0; t < n; t++) {
    const v = at[t] < lists[t].length ? lists[t][at[t]] : Number.POSITIVE_INFINITY;
    if (v < best[0]) best = [v, t];
  }
  return best;
}

function lastOf(lists: number[][]): number {
  return Math.max(...lists.map((l) => l[l.length - 1]));
}

/** put_w: appends one W list (two when split: chunk 1's, then chunk 0's). */
function putW(lists: DeviceLists, split: boolean): DeviceLists {
  const out = lists.map((l) => [...l]);
  const bound = lastOf(out);
  out.push([]);
  if (split) out.push([]);
  const pending = [0, 0];
  const at = out.map(() => 0);
  let i = 0;
  for (i = 0; i <= bound; i++) {
    const [slot, type] = nextHead(out, at, 4);
    if (slot === i) {
      at[type]++;
      if (type === 2 || type === 3) pending[split ? type - 2 : 0]++;
    } else
      for (let w = 0; w < 2; w++)
        if (pending[w] > 0) {
          out[w + 4].push(i);
          pending[w]--;
          break;
        }
  }
  i--;
  for (let w = 0; w < 2; w++)
    while (pending[w] > 0) {
      out[w + 4].push(++i);
      pending[w]--;
    }
  return out;
}

/** mem_of_stage: peak of F/f (+1) and W (-1), W implied at empty slots when none are placed. */
function memOfStage(lists: DeviceLists): number {
  const units = [1, 1, 0, 0, -1];
  const hasW = lists.length > 4;
  const bound = lastOf(lists);
  const at = lists.map(() => 0);
  let pending = 0;
  let cur = 0;
  let peak = 0;
  for (let i = 0; i <= bound; i++) {
    const [slot, type] = nextHead(lists, at, lists.length);
    if (slot === i) {
      at[type]++;
      cur += units[type];
      if (type === 2 || type === 3) pending++;
    } else if (!hasW && pending > 0) {
      cur += units[4];
      pending--;
    }
    peak = Math.max(peak, cur);
  }
  return peak;
}

/** The next op over all devices: [slot, device, type, micro-batch] with the smallest of these. */
function nextOp(devices: DeviceLists[], at: number[][], types: number): [number, number, number, number] {
  let best: [number, number, number, number] = [Number.POSITIVE_INFINITY, -1, -1, -1];
  for (let s = 0; s < devices.length; s++)
    for (let t = 0; t < types; t++) {
      const v = at[s][t] < devices[s][t].length ? devices[s][t][at[s][t]] : Number.POSITIVE_INFINITY;
      if (v < best[0]) best = [v, s, t, at[s][t]];
    }
  return best;
}

/** eager_execution_time at unit cost, no transfer time: the start slot of every op, and each device's order. */
function eager(devices: DeviceLists[]): { start: DeviceLists[]; order: [number, number][][] } {
  const types = devices[0].length;
  const at = devices.map(() => new Array(types).fill(0));
  const end = new Map<string, number>();
  const order: [number, number][][] = devices.map(() => []);
  const total = devices.length * devices[0].reduce((n, l) => n + l.length, 0);
  for (let k = 0; k < total; k++) {
    const [, s, t, j] = nextOp(devices, at, types);
    at[s][t]++;
    const key = (a: number, b: number, c: number) => {
      const v = end.get(`${a},${b},${c}`);
      if (v === undefined) throw new Error(`device ${s}: op ${t} ${j} before its dependency ${a},${b},${c}`);
      return v;
    };
    let deps = 0;
    if ((t === 0 || t === 2) && s > 0) deps = Math.max(deps, key(s - 1, t, j));
    if ((t === 1 || t === 3) && s + 1 < devices.length) deps = Math.max(deps, key(s + 1, t, j));
    if (t > 0 && t < 4) deps = Math.max(deps, key(s, t - 1, j));
    if (j > 0) deps = Math.max(deps, key(s, t, j - 1));
    const last = order[s][order[s].length - 1];
    if (last) deps = Math.max(deps, key(s, last[0], last[1]));
    end.set(`${s},${t},${j}`, deps + 1);
    order[s].push([t, j]);
  }
  const start = devices.map((d, s) =>
    d.map((l, t) => l.map((_, j) => (end.get(`${s},${t},${j}`) as number) - 1)),
  );
  return { start, order };
}

/** reorder: the squeeze of the warm-up and cool-down within the memory peak, then eager timing. */
function reorder(input: DeviceLists[], withW: boolean, m: number): DeviceLists[] {
  const devices = withW ? input.map((d) => putW(d, false)) : input.map((d) => d.map((l) => [...l]));
  const types = devices[0].length;
  const peak = Math.max(...devices.map(memOfStage));
  const at = devices.map(() => new Array(types).fill(0));
  const occupied = devices.map((d) => new Array(d[d.length - 1][d[d.length - 1].length - 1] + 1).fill(false));
  const total = devices.length * devices[0].reduce((n, l) => n + l.length, 0);
  let phase = 0;
  for (let k = 0; k < total; k++) {
    const [time, s, t, j] = nextOp(devices, at, types);
    at[s][t]++;
    if (t === 3 && s === 0 && phase === 0) phase = 1;
    if (phase === 1) {
      if (t === 0 && j === m - 1) phase = 2;
      occupied[s][devices[s][t][j]] = true;
      continue;
    }
    if (phase === 0 && !withW) {
      occupied[s][devices[s][t][j]] = true;
      continue;
    }
    let deps = -1;
    if ((t === 0 || t === 2) && s > 0) deps = Math.max(deps, devices[s - 1][t][j]);
    if ((t === 1 || t === 3) && s + 1 < devices.length) deps = Math.max(deps, devices[s + 1][t][j]);
    if (t > 0 && t < 4) deps = Math.max(deps, devices[s][t - 1][j]);
    if (t === 4) deps = Math.max(deps, [...devices[s][2], ...devices[s][3]].sort((a, b) => a - b)[j]);
    if (j > 0) deps = Math.max(deps, devices[s][t][j - 1]);
    deps += 1;
    if (deps > time) throw new Error('a dependency after its op');
    let placed = false;
    for (let f = deps; f < time; f++) {
      if (occupied[s][f]) continue;
      devices[s][t][j] = f;
      if (memOfStage(devices[s]) <= peak) {
        placed = true;
        break;
      }
    }
    if (!placed) devices[s][t][j] = time;
    occupied[s][devices[s][t][j]] = true;
  }
  return eager(withW ? devices : devices.map((d) => putW(d, false))).start;
}

/** create_schedule: each device's ops as sail names them, e.g. "F0" (chunk-0 forward of micro-batch 0), "w3". */
export function sailVOrder(P: number, m: number, memory: 'half' | 'min'): string[][] {
  const pattern = stablePattern(P, memory);
  const initial = pattern.map((row) =>
    row.map((first) => Array.from({ length: m }, (_, j) => first + 6 * j)),
  );
  const r1 = reorder(initial, true, m).map((d) => d.slice(0, 4));
  const r2 = reorder(r1, false, m).map((d) => d.slice(0, 4));
  const { order } = eager(r2.map((d) => putW(d, true)));
  return order.map((ops) => ops.map(([t, j]) => `${SAIL_TYPE_NAMES[t]}${j}`));
}
