import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { NO_PAIR } from '../model/ops';
import { type Scenario, defaultScenario } from '../model/scenario';
import { CUSTOM_SCHEDULE } from '../schedules/custom';
import { pytorchGroupSize } from '../schedules/interleaved-1f1b';
import { allSchedules } from '../schedules/registry';
import { zbVPublished } from '../schedules/zb-v';
import { makespanOf } from '../schedules/zb-choice';
import { uniformConfig } from '../model/config';
import {
  type Action,
  pytorch1F1B,
  pytorchDualPipeV,
  pytorchGPipe,
  pytorchInterleaved,
  pytorchLoopedBFS,
  pytorchZBV,
} from '../schedules/testing/reference-orders';
import { importOrder, importPytorchCsv, readCsv, withImportedOrder } from './order-import';
import { toOrderJson } from './order-json';
import { csvText, pytorchCsvRows, toPytorchCsv } from './pytorch-csv';

function run(over: Partial<Scenario>) {
  const r = analyze({ ...defaultScenario(), ...over });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.analysis;
}

function csvOf(over: Partial<Scenario>): string {
  const r = toPytorchCsv(run(over).schedule);
  if (!r.ok) throw new Error(r.reason);
  return r.text;
}

/** The actions of a CSV, rank by rank, empty cells (idle steps) left out, as `_load_csv` keeps them. */
function csvActions(text: string): string[][] {
  return readCsv(text).map((r) => r.cells.filter((c) => c !== ''));
}

/** A reference action ("F3@5", "[F3@5+B2@1]") as PyTorch's `_Action.__repr__` prints it. */
function repr(a: Action): string {
  const one = (x: string) => {
    const m = /^([FIBW])(\d+)@(\d+)$/.exec(x);
    if (!m) throw new Error(`not an action: ${x}`);
    return `${m[3]}${m[1]}${m[2]}`;
  };
  if (a.startsWith('[')) {
    const [f, b] = a.slice(1, -1).split('+');
    return `(${one(f)};${one(b)})OVERLAP_F_B`;
  }
  return one(a);
}

describe("PyTorch's pipelining CSV", () => {
  it("writes Python's csv rows: one per rank, commas, an empty cell per idle step, \\r\\n after every row", () => {
    // 1F1B on 2 devices, 2 micro-batches, worked by hand in PyTorch's lockstep: step 0 rank 0
    // runs 0F0 while rank 1 idles (1F0 needs 0F0 from an earlier step); step 1 0F1 and 1F0;
    // step 2 rank 0 idles (0B0 needs 1B0) while 1B0 runs; step 3 0B0 and 1F1; step 4 rank 0
    // idles again for 1B1; step 5 0B1
    expect(csvOf({ schedule: '1f1b', devices: 2, microbatches: 2 })).toBe(
      '0F0,0F1,,0B0,,0B1\r\n,1F0,1B0,1F1,1B1\r\n',
    );
  });

  it('writes a split backward as I then W, and the overlapped pairs of DualPipeV as OVERLAP_F_B', () => {
    const zb = csvActions(csvOf({ schedule: 'zb-h1', devices: 2, microbatches: 2 }));
    expect(zb[1].slice(0, 2)).toEqual(['1F0', '1I0']);
    expect(zb[1]).toContain('1W0');
    expect(zb[1]).not.toContain('1B0');
    // DualPipeV, P = 2, m = 4, rank 0 (stages 0 and 3), by hand through its steps: 0F0 0F1 (step
    // 1), 0F2 3F0 (step 2), 3I0 3W0 3F1 (step 3), then step 4's two overlapped pairs
    const v = csvActions(csvOf({ schedule: 'dualpipev', devices: 2, microbatches: 4 }));
    expect(v[0].slice(0, 9)).toEqual([
      '0F0',
      '0F1',
      '0F2',
      '3F0',
      '3I0',
      '3W0',
      '3F1',
      '(0F3;3B1)OVERLAP_F_B',
      '(3F2;0B0)OVERLAP_F_B',
    ]);
  });

  it('quotes as Python does: a cell with a comma, quote or line break; a lone empty cell as ""', () => {
    expect(csvText([['a,b', 'say "hi"', null], [null], ['x\ny']])).toBe(
      '"a,b","say ""hi""",\r\n""\r\n"x\ny"\r\n',
    );
    expect(readCsv('"a,b","say ""hi""",\r\n""\r\n"x\ny"\r\n').map((r) => r.cells)).toEqual([
      ['a,b', 'say "hi"', ''],
      [''],
      ['x\ny'],
    ]);
  });

  it('refuses DualPipe, whose stages each run on two ranks, saying why', () => {
    const s = run({ schedule: 'dualpipe', devices: 4, microbatches: 8 }).schedule;
    const r = toPytorchCsv(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/PyTorch's pipelining holds each stage on one rank/);
  });

  it('pads the steps a rank waits in unit steps, and none after a rank is done', () => {
    const rows = pytorchCsvRows(run({ schedule: 'gpipe', devices: 3, microbatches: 4 }).schedule);
    // GPipe in unit steps: rank r starts its forwards at step r (r empty cells first); rank 2's
    // forwards run at steps 2..5, its first backward at 6; rank 1's at 7 (one step per hop back),
    // rank 0's at 8, after its forwards at steps 0..3 and four idle steps
    expect(rows.map((r) => r.findIndex((c) => c !== null))).toEqual([0, 1, 2]);
    expect([rows[0].indexOf('0B0'), rows[1].indexOf('1B0'), rows[2].indexOf('2B0')]).toEqual([8, 7, 6]);
    expect(rows.every((r) => r[r.length - 1] !== null)).toBe(true);
  });
});

describe("the CSV of each schedule PyTorch has equals PyTorch's own order, action by action", () => {
  const uniform = {
    costs: { forward: 1, backwardInput: 1, backwardWeight: 1 },
    p2p: { time: 0, occupiesComm: false },
  };
  const expectSame = (over: Partial<Scenario>, expected: Action[][]) =>
    expect(csvActions(csvOf({ ...uniform, ...over }))).toEqual(expected.map((r) => r.map(repr)));

  it('GPipe = ScheduleGPipe', () => {
    for (let P = 1; P <= 5; P++)
      for (let m = 1; m <= 8; m++)
        expectSame({ schedule: 'gpipe', devices: P, microbatches: m }, pytorchGPipe(P, m));
  });

  it('1F1B = Schedule1F1B (m >= P, as its constructor requires)', () => {
    for (let P = 1; P <= 5; P++)
      for (let m = P; m <= 10; m++)
        expectSame({ schedule: '1f1b', devices: P, microbatches: m }, pytorch1F1B(P, m)!);
  });

  it("Interleaved 1F1B with PyTorch's group size = ScheduleInterleaved1F1B", () => {
    let compared = 0;
    for (let P = 2; P <= 4; P++)
      for (let v = 2; v <= 3; v++)
        for (let m = 1; m <= 12; m++) {
          const expected = pytorchInterleaved(P, v, m, false);
          const G = pytorchGroupSize(P, m);
          if (expected === null || G === null) continue;
          const over = { schedule: 'interleaved-1f1b', devices: P, microbatches: m, chunks: v, groupSize: G };
          if (analyze({ ...defaultScenario(), ...over }).ok === false) continue; // group sizes Megatron refuses
          expectSame(over, expected);
          compared++;
        }
    expect(compared).toBeGreaterThan(30);
  });

  it('Looped BFS = ScheduleLoopedBFS', () => {
    for (let P = 1; P <= 4; P++)
      for (let v = 1; v <= 3; v++)
        for (let m = 1; m <= 6; m++)
          expectSame(
            { schedule: 'looped-bfs', devices: P, microbatches: m, chunks: v },
            pytorchLoopedBFS(P, v, m),
          );
  });

  it('Interleaved Zero Bubble = ScheduleInterleavedZeroBubble', () => {
    let compared = 0;
    for (let P = 2; P <= 4; P++)
      for (let v = 2; v <= 3; v++)
        for (let m = 1; m <= 12; m++) {
          const expected = pytorchInterleaved(P, v, m, true);
          if (expected === null) continue;
          expectSame({ schedule: 'interleaved-zb', devices: P, microbatches: m, chunks: v }, expected);
          compared++;
        }
    expect(compared).toBeGreaterThan(30);
  });

  it('ZB-V = ScheduleZBVZeroBubble where F = B = W keeps the published order (m >= 2P - 1)', () => {
    for (let P = 1; P <= 5; P++)
      for (let m = 2 * P - 1; m <= 12; m++)
        expectSame({ schedule: 'zb-v', devices: P, microbatches: m }, pytorchZBV(P, m));
  });

  it('ZB-V with fewer micro-batches: the published order = PyTorch, PipeScope keeps a faster cost-aware one', () => {
    for (let P = 2; P <= 5; P++)
      for (let m = 1; m < 2 * P - 1; m++) {
        const published = toPytorchCsv(zbVPublished(P, m));
        if (!published.ok) throw new Error(published.reason);
        expect(csvActions(published.text)).toEqual(pytorchZBV(P, m).map((r) => r.map(repr)));
        const chosen = run({ ...uniform, schedule: 'zb-v', devices: P, microbatches: m });
        expect(chosen.timeline.makespan).toBeLessThanOrEqual(
          makespanOf(zbVPublished(P, m), uniformConfig(P, m)),
        );
      }
  });

  it('DualPipeV = ScheduleDualPipeV, its overlapped pairs as OVERLAP_F_B (m >= 2P, as its constructor requires)', () => {
    for (let P = 1; P <= 5; P++)
      for (let m = 2 * P; m <= 2 * P + 6; m++)
        expectSame({ schedule: 'dualpipev', devices: P, microbatches: m }, pytorchDualPipeV(P, m)!);
  });
});

describe('an order round trip: export CSV, import, the same order and makespan', () => {
  const exportable = allSchedules().filter(
    (d) => d.name !== CUSTOM_SCHEDULE && d.placement !== 'bidirectional',
  );

  it.each(exportable.map((d) => d.name))('%s', (name) => {
    const base: Scenario = {
      ...defaultScenario(),
      schedule: name,
      devices: 4,
      microbatches: 8,
      chunks: 2,
      costs: { forward: [1, 1.25, 1, 1.5], backwardInput: 1.5, backwardWeight: 0.5 },
      p2p: { time: 0.2, occupiesComm: false },
    };
    const a = run(base);
    const csv = toPytorchCsv(a.schedule);
    expect(csv.ok).toBe(true);
    if (!csv.ok) return;
    const imported = importOrder(csv.text);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.imported).toMatchObject({
      devices: 4,
      microbatches: 8,
      chunks: a.schedule.chunksPerDevice,
    });
    const b = run(withImportedOrder(base, imported.imported));
    expect(b.scenario.schedule).toBe(CUSTOM_SCHEDULE);
    for (const col of ['deviceStart', 'kind', 'microbatch', 'chunk', 'stage'] as const)
      expect(Array.from(b.schedule[col]), col).toEqual(Array.from(a.schedule[col]));
    expect(Array.from(b.schedule.pair).map((p) => p !== NO_PAIR)).toEqual(
      Array.from(a.schedule.pair).map((p) => p !== NO_PAIR),
    );
    expect(b.timeline.makespan).toBe(a.timeline.makespan);
  });
});

describe('reading a CSV', () => {
  it('skips idle cells and, with a warning, the communication actions of a compute_comms dump', () => {
    const r = importPytorchCsv('0F0,0SEND_F0,,0B0\n1RECV_F0,1F0,1B0,1SEND_B0,1REDUCE_GRAD\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.imported.order.devices).toEqual(['0F0 0B0', '1F0 1B0']);
    expect(r.imported).toMatchObject({ devices: 2, microbatches: 1, chunks: 1 });
    expect(r.imported.warnings).toEqual([
      'skipped 4 communication and FSDP action(s) (SEND/RECV, UNSHARD/RESHARD, REDUCE_GRAD): PipeScope times the transfers itself',
    ]);
  });

  it('names the line and cell of an action it cannot read', () => {
    const r = importPytorchCsv('0F0,0B0\r\n1F0,1Q0,1B0\r\n');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: 'line 2, cell 2', message: '"1Q0" needs F, I, W or B after the stage number' },
      ]);
  });

  it('refuses stages that do not split evenly over the ranks', () => {
    const r = importPytorchCsv('0F0,2F0\n1F0\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/3 stages do not split evenly over the devices/);
  });

  it('a deadlocked CSV imports, and its simulation names the cycle', () => {
    const r = importPytorchCsv('0B0,0F0\n1F0,1B0\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = analyze(withImportedOrder(defaultScenario(), r.imported));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.errors[0].message).toMatch(/^deadlock: device 0 waits at 0B0 for 1B0 on device 1/);
  });
});

describe('reading an order JSON', () => {
  it('reads the JSON pipescope simulate --json prints, its pairs as overlapped actions', () => {
    const a = run({ schedule: 'dualpipev', devices: 2, microbatches: 4 });
    const json = {
      timeline: Array.from({ length: 2 }, (_, d) => ({
        device: d,
        ops: Array.from({ length: a.schedule.deviceStart[d + 1] - a.schedule.deviceStart[d] }, (_, k) => {
          const i = a.schedule.deviceStart[d] + k;
          const kind = ['F', 'B', 'W', 'BW'][a.schedule.kind[i]];
          const pair = a.schedule.pair[i];
          return {
            kind,
            microbatch: a.schedule.microbatch[i],
            stage: a.schedule.stage[i],
            ...(pair >= 0 ? { pair } : {}),
          };
        }),
      })),
    };
    const r = importOrder(JSON.stringify(json));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const csv = toPytorchCsv(a.schedule);
    if (!csv.ok) throw new Error(csv.reason);
    expect(r.imported.order.devices).toEqual(csvActions(csv.text).map((row) => row.join(' ')));
  });

  it('says what it reads when the JSON is something else', () => {
    const r = importOrder('{"format": "pipescope-scenario"}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('format');
  });

  it("takes an order JSON's stated shape, and the check reports an order that does not fit it", () => {
    const r = importOrder(
      JSON.stringify({
        format: 'pipescope-order',
        version: 1,
        devices: 2,
        microbatches: 3,
        chunks: 1,
        order: { devices: ['0F0 0B0', '1F0 1B0'] },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.imported).toMatchObject({ devices: 2, microbatches: 3, chunks: 1 });
    const a = analyze(withImportedOrder(defaultScenario(), r.imported));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.errors[0].message).toContain('F of micro-batch 1 on stage 0 never runs');
  });
});

describe("PipeScope's order JSON", () => {
  it('writes the order with its shape, and reads back the same order', () => {
    const a = run({ schedule: 'interleaved-zb', devices: 3, microbatches: 6, chunks: 2 });
    const out = toOrderJson(a.schedule);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const doc = JSON.parse(out.text);
    expect(doc).toMatchObject({
      format: 'pipescope-order',
      version: 1,
      schedule: 'interleaved-zb',
      devices: 3,
      microbatches: 6,
      chunks: 2,
    });
    const back = importOrder(out.text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.imported.order).toEqual(doc.order);
    const b = run(withImportedOrder(a.scenario, back.imported));
    expect(b.timeline.makespan).toBe(a.timeline.makespan);
  });

  it('refuses a version from a newer PipeScope', () => {
    const r = importOrder('{"format": "pipescope-order", "version": 2, "order": {"devices": ["0F0 0B0"]}}');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: 'version', message: 'is 2, from a newer PipeScope; this one reads version 1' },
      ]);
  });
});
