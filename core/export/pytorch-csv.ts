import { OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';
import { orderRefusal, scheduleActions } from '../schedules/custom-order';

/**
 * PyTorch's pipelining schedule CSV (docs/orders.md): what `_dump_csv` writes and `_load_csv`
 * reads (torch/distributed/pipelining/schedules.py, `PipelineScheduleMulti` and
 * `_PipelineScheduleRuntime`, format "compute_only"), and TorchTitan loads with
 * `--parallelism.pipeline_parallel_schedule_csv`. Read at pytorch/pytorch main, commit 00722e6
 * (the notation is that of every release since the CSV appeared; OVERLAP_F_B arrived with
 * ScheduleDualPipeV).
 *
 * One row per rank, rank 0 first; each cell one action as `_Action.__repr__` prints it
 * (`{stage}{F|I|W|B}{micro-batch}`, an overlapped pair `(0F4;7B1)OVERLAP_F_B`), stages global;
 * Python's csv writer: cells joined by commas, every row ended by "\r\n", None written as an empty
 * cell. PyTorch's own orders hold None where a rank idles a step ("a deliberate idle step", which
 * its runtime skips); PipeScope writes them where PyTorch's lockstep check (`_add_bubbles_to_actions`)
 * would: see pytorchCsvRows.
 */
export const PYTORCH_CSV_SOURCE =
  'pytorch/pytorch torch/distributed/pipelining/schedules.py, main at commit 00722e6';

/** Python's csv writer ends every row with this (the excel dialect's lineterminator). */
const ROW_END = '\r\n';

export type PytorchCsvResult = { ok: true; text: string } | { ok: false; reason: string };

/** The schedule as PyTorch's CSV, or why PyTorch's format cannot hold it (a stage on two ranks). */
export function toPytorchCsv(schedule: Schedule): PytorchCsvResult {
  const refusal = orderRefusal(schedule);
  if (refusal !== null) return { ok: false, reason: refusal };
  return { ok: true, text: csvText(pytorchCsvRows(schedule)) };
}

/**
 * Each rank's actions in PyTorch's notation, with null (an empty cell) for a step the rank idles
 * in PyTorch's lockstep model: in each step every rank runs its next action if what it needs ran
 * in an earlier step (F(s) needs F(s - 1); I or B(s) needs the backward of s + 1, or F(s) on the
 * last stage; W(s) needs I(s); an overlapped pair both of its inputs, its own first action
 * aside), else idles. Each action takes one step, whatever it costs: the cells are PyTorch's
 * "time steps", not PipeScope's simulated times. An order that cannot run to the end (it would
 * not have been simulated) is written without padding after the step it stops at.
 */
export function pytorchCsvRows(s: Schedule): (string | null)[][] {
  const actions = scheduleActions(s);
  const { devices: P, microbatches: m, stages: S } = s;
  // step + 1 at which each (stage, micro-batch, slot) ran; slot 0 F, 1 I or B, 2 W; 0: not yet
  const done = new Int32Array(S * m * 3);
  const slot = (kind: number) => (kind === OpKind.F ? 0 : kind === OpKind.W ? 2 : 1);
  const key = (op: number) => (s.stage[op] * m + s.microbatch[op]) * 3 + slot(s.kind[op]);
  /** The key of what op needs, or -1 when it needs nothing (a forward of stage 0). */
  const needs = (op: number) => {
    const k = s.kind[op];
    const st = s.stage[op];
    const base = st * m + s.microbatch[op];
    if (k === OpKind.F) return st === 0 ? -1 : (base - m) * 3;
    if (k === OpKind.W) return base * 3 + 1;
    return st === S - 1 ? base * 3 : (base + m) * 3 + 1;
  };
  const rows: (string | null)[][] = Array.from({ length: P }, () => []);
  const op = Int32Array.from({ length: P }, (_, d) => s.deviceStart[d]); // next op per device
  const unit = new Int32Array(P); // next action per device
  const ready = (i: number, step: number, own: number) => {
    const need = needs(i);
    if (need < 0 || need === own) return true;
    const at = done[need];
    return at !== 0 && at <= step;
  };
  let remaining = s.count;
  for (let step = 0; remaining > 0; step++) {
    let progressed = false;
    for (let d = 0; d < P; d++) {
      const i = op[d];
      if (i >= s.deviceStart[d + 1]) continue;
      // (scheduleActions writes an overlapped pair as one action, and only a pair starts with "(")
      const pair = actions[d][unit[d]].charCodeAt(0) === 40;
      const ok = ready(i, step, -2) && (!pair || ready(i + 1, step, key(i)));
      if (!ok) {
        rows[d].push(null);
        continue;
      }
      const width = pair ? 2 : 1;
      for (let j = i; j < i + width; j++) done[key(j)] = step + 1;
      rows[d].push(actions[d][unit[d]++]);
      op[d] = i + width;
      remaining -= width;
      progressed = true;
    }
    if (!progressed) {
      // nothing can run: drop this step's idle cells and write the rest as it is
      for (let d = 0; d < P; d++) {
        if (unit[d] === actions[d].length) continue;
        rows[d].pop();
        rows[d].push(...actions[d].slice(unit[d]));
      }
      break;
    }
  }
  return rows;
}

/**
 * Rows as Python's csv.writer (excel dialect, QUOTE_MINIMAL) writes them: cells joined by ",",
 * null as an empty cell, a cell with a comma, quote or line break quoted (quotes doubled), a row
 * of one empty cell written as `""` (so it reads back as a cell, not an empty row), "\r\n" after
 * every row.
 */
export function csvText(rows: readonly (readonly (string | null)[])[]): string {
  let out = '';
  for (const row of rows) {
    if (row.length === 1 && (row[0] === null || row[0] === '')) out += `""${ROW_END}`;
    else out += row.map((c) => (c === null ? '' : quoteCell(c))).join(',') + ROW_END;
  }
  return out;
}

function quoteCell(c: string): string {
  return /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}
