// `npm run bench`: speed of the engine, printed as numbers (tests never assert wall-clock times).
//   engine:  ns per op for generate + simulate, 1f1b and dualpipe at (P, m) = (8, 64) ... (128, 4096)
//   generators: CPU ns per op of generate alone and of generate + simulate at about a million ops,
//            for 1F1B (the reference row) and the interleaved and controllable-memory schedules,
//            each with 1F1B's generate timed alternately and their ratio, and the first call's CPU
//            time (JIT, V-Half/V-Min's period)
//   parts:   ns per part for DualPipe with chunks built from parts (about a million parts)
//   svg:     ms to export 100k ops as SVG, and bytes per op
//   trace:   events/s and MB/s of the profiler-trace reader on a ~100 MB synthetic trace
//   why:     what the idle attribution and the critical path add to generate + simulate at a million ops
//   tune:    a 10,000-configuration sweep of the DeepSeek-V3 example on worker threads: wall time and
//            configurations per CPU-second per core (and a sweep of the derived example)
// `npm run bench -- --json` prints one JSON object
//   {cases: [{schedule, devices, microbatches, ops, nsPerOp}], generators: [...], parts: {...},
//   svg: {...}, trace: {...},
//   why: [{schedule, ops, baseNsPerOp, attributionNsPerOp, criticalPathNsPerOp, addedPercent}],
//   tune: {configurations, threads, wallMs, cpuMs, perCoreConfigsPerSecond, wallConfigsPerSecond,
//          loadAverage, costModel: {...}}}.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../core/analyze';
import { criticalPath } from '../core/metrics/critical-path';
import { attributeIdle } from '../core/metrics/idle-causes';
import { renderSvg } from '../core/export/svg';
import { loadScenario } from '../core/format/scenario-file';
import { type ScheduleConfig, uniformConfig } from '../core/model/config';
import type { Pairing, Scenario, ScheduleName } from '../core/model/scenario';
import type { ScheduleDescriptor } from '../core/schedules/descriptor';
import { getSchedule } from '../core/schedules/registry';
import { SimScratch, simulate } from '../core/sim/simulate';
import { defaultTraceMapping } from '../core/trace/mapping';
import { type TraceFile, readTrace } from '../core/trace/reader';
import { summarizeTraces } from '../core/trace/summary';
import { syntheticTraceText } from '../core/trace/synthetic';
import { type TuneRequest, WHOLE, planSpace, runTunePool } from '../core/tune';
import { threadWorkers } from './tune-threads';

interface EngineCase {
  schedule: ScheduleName;
  devices: number;
  microbatches: number;
  ops: number;
  nsPerOp: number;
  medianMs: number;
  /** Median minor page faults per run (each first touch of a fresh 4 KB page). */
  pageFaults: number;
}
interface PartsCase {
  schedule: ScheduleName;
  devices: number;
  microbatches: number;
  ops: number;
  parts: number;
  nsPerPart: number;
  medianMs: number;
}
/** One tune sweep on worker threads (see the tune section below). */
interface TuneSweep {
  configurations: number;
  threads: number;
  wallMs: number;
  /** CPU time of the whole process over the sweep: every thread. */
  cpuMs: number;
  wallConfigsPerSecond: number;
  /** configurations / CPU seconds: per core. */
  perCoreConfigsPerSecond: number;
}
interface TuneBenchCase extends TuneSweep {
  loadAverage: number;
  /** The derived example: configurations re-derived from the cost model. */
  costModel: TuneSweep;
}
interface SvgCase {
  schedule: ScheduleName;
  devices: number;
  microbatches: number;
  ops: number;
  medianMs: number;
  bytesPerOp: number;
}

const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median wall time (ms) of `fn` over `reps` runs, and the median number of page faults a run
 * took, after warming up for at least 3 runs and `warmMs`: small cases otherwise time the JIT,
 * not the engine, and large ones the C allocator settling in (for the first runs of a
 * million-op case, every page of its ~58 MB of new columns is a fresh page fault, over 2 us
 * each on this machine; later runs mostly reuse freed memory, but not always, hence the faults
 * column and more runs for large cases).
 */
function time<T>(reps: number, fn: () => T, warmMs = 300): { ms: number; last: T; faults: number } {
  let last = fn();
  const warmUntil = performance.now() + warmMs;
  for (let w = 1; w < 3 || performance.now() < warmUntil; w++) last = fn();
  const times: number[] = [];
  const faults: number[] = [];
  for (let r = 0; r < reps; r++) {
    const f0 = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    last = fn();
    times.push(performance.now() - t0);
    faults.push(process.resourceUsage().minorPageFault - f0);
  }
  return { ms: median(times), last, faults: median(faults) };
}

/** The registered schedule of that name (the bench names only built-in ones). */
function scheduleNamed(name: ScheduleName): ScheduleDescriptor {
  const gen = getSchedule(name);
  if (!gen) throw new Error(`no schedule is registered as ${name}`);
  return gen;
}

/**
 * One scratch for every run, as a caller that simulates again and again would keep (the simulator
 * allocates its own when given none): its pages stay mapped, which spares each large run the page
 * faults of fresh scratch memory.
 */
const scratch = new SimScratch();

function generateAndSimulate(name: ScheduleName, config: ScheduleConfig) {
  const schedule = scheduleNamed(name).generate(config);
  const result = simulate(schedule, config, { scratch });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.timeline;
}

const cases: EngineCase[] = [];
let partsCase: PartsCase | undefined;
let svgCase: SvgCase | undefined;

log('engine: generate + simulate (uniform F=B=W=1, P2P 0.1 ms)');
log('schedule    P      m       ops     median ms   ns/op   faults/run');
for (const name of ['1f1b', 'dualpipe'] as const) {
  for (const [P, m] of [
    [8, 64],
    [16, 256],
    [64, 1024],
    [128, 4096],
  ]) {
    const config = uniformConfig(P, m, 1, 1, 1, { p2p: 0.1 });
    const errors = scheduleNamed(name).check(config);
    if (errors.length > 0) throw new Error(`${name} P=${P} m=${m}: ${errors[0].message}`);
    const large = P * m >= 100_000;
    const { ms, last, faults } = time(
      large ? 11 : 15,
      () => generateAndSimulate(name, config),
      large ? 1000 : 300,
    );
    const ops = last.schedule.count;
    const c: EngineCase = {
      schedule: name,
      devices: P,
      microbatches: m,
      ops,
      nsPerOp: (ms * 1e6) / ops,
      medianMs: ms,
      pageFaults: faults,
    };
    cases.push(c);
    log(
      `${name.padEnd(10)}${String(P).padStart(4)}${String(m).padStart(7)}${String(ops).padStart(10)}${ms.toFixed(2).padStart(14)}${c.nsPerOp.toFixed(1).padStart(8)}${String(faults).padStart(13)}`,
    );
  }
}

// Why it is slow: what the idle attribution (its sums, as the metrics take them) and the critical
// path add to generate + simulate on a fresh million-op timeline, called as computeMetrics calls
// them; right after the engine cases, before the larger heaps of the cases below. Timed by the wall
// clock, as the engine cases are, so run it on an idle machine: the process's CPU time would also
// count the garbage collector's helper threads and the release of freed memory, work that generate
// + simulate's ~100 MB of new columns causes and that goes on in other threads while the calls after
// it run (per-thread CPU time is not available to Node 20; Linux's schedstat counts in 4 ms ticks).
// base: generate + simulate run back to back, as the engine cases run them (median of 15).
// calls: rounds of generate + simulate, then a full collection (not timed: the collector's marking
//   that generate + simulate started would otherwise end, a pause of a few ms, in the attribution),
//   then the attribution and the critical path, each timed (medians of 15).
// added: (attribution + critical path) / base; the target is at most 20%.
interface WhyCase {
  schedule: ScheduleName;
  devices: number;
  microbatches: number;
  ops: number;
  /** Median wall-clock ns per op of generate + simulate, run back to back. */
  baseNsPerOp: number;
  /** Median wall-clock ns per op of each call. */
  attributionNsPerOp: number;
  criticalPathNsPerOp: number;
  /** (attribution + critical path) / base, in percent. */
  addedPercent: number;
}
const whyCases: WhyCase[] = [];
{
  /** A full collection now (V8's gc(), exposed for this process). */
  const collectGarbage: () => void = (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc');
  })();
  const ROUNDS = 15;
  log(
    `\nwhy: idle attribution + critical path after generate + simulate (uniform F=B=W=1, P2P 0.1 ms; wall time)`,
  );
  log('schedule    P      m       ops   base ns/op   attribution   critical path   added');
  for (const name of ['1f1b', 'dualpipe'] as const) {
    const [P, m] = [128, 4096];
    const config = uniformConfig(P, m, 1, 1, 1, { p2p: 0.1 });
    const hasPairs = name === 'dualpipe'; // as computeMetrics passes it
    const base: number[] = [];
    let ops = 0;
    for (let r = -3; r < ROUNDS; r++) {
      const t0 = performance.now();
      ops = generateAndSimulate(name, config).schedule.count;
      if (r >= 0) base.push(performance.now() - t0);
    }
    const attribution: number[] = [];
    const path: number[] = [];
    // the walks run once per round: compiled after a few
    for (let r = -8; r < ROUNDS; r++) {
      const t = generateAndSimulate(name, config);
      collectGarbage();
      const t0 = performance.now();
      attributeIdle(t, { hasPairs });
      const t1 = performance.now();
      criticalPath(t, { p2pOccupiesComm: false });
      const t2 = performance.now();
      if (r < 0) continue;
      attribution.push(t1 - t0);
      path.push(t2 - t1);
    }
    const ns = (ms: number) => (ms * 1e6) / ops;
    const c: WhyCase = {
      schedule: name,
      devices: P,
      microbatches: m,
      ops,
      baseNsPerOp: ns(median(base)),
      attributionNsPerOp: ns(median(attribution)),
      criticalPathNsPerOp: ns(median(path)),
      addedPercent: ((median(attribution) + median(path)) / median(base)) * 100,
    };
    whyCases.push(c);
    log(
      `${name.padEnd(10)}${String(P).padStart(4)}${String(m).padStart(7)}${String(ops).padStart(10)}${c.baseNsPerOp.toFixed(1).padStart(13)}${c.attributionNsPerOp.toFixed(1).padStart(14)}${c.criticalPathNsPerOp.toFixed(1).padStart(16)}${`${c.addedPercent.toFixed(1)}%`.padStart(8)}`,
    );
  }
}

// Generators at about a million ops: generate alone (what a schedule module costs) and generate +
// simulate (what the app waits for). Measured in CPU time (user + system of this process), so that
// other work on a shared machine does not count, with each case's generate runs alternating with
// 1F1B's at its own size: the ratio compares the two under the same conditions.
interface GeneratorCase {
  schedule: ScheduleName;
  pairing: Pairing;
  devices: number;
  microbatches: number;
  chunks: number;
  ops: number;
  /** CPU ms of the first generate of this case in the process: JIT warm-up and per-shape set-up. */
  firstMs: number;
  generateNsPerOp: number;
  /** 1F1B's generate at P = 128, m = 4096 (1,048,576 ops), timed between this case's runs. */
  oneFOneBNsPerOp: number;
  /** generateNsPerOp / oneFOneBNsPerOp. */
  ratioTo1F1B: number;
  totalNsPerOp: number;
}
const generatorCases: GeneratorCase[] = [];
{
  /** CPU ms (user + system) that fn takes. */
  const cpuMs = <T>(fn: () => T): { ms: number; last: T } => {
    const before = process.resourceUsage();
    const last = fn();
    const after = process.resourceUsage();
    return {
      ms: (after.userCPUTime - before.userCPUTime + after.systemCPUTime - before.systemCPUTime) / 1e3,
      last,
    };
  };
  const RUNS = 15;
  const oneFOneB = scheduleNamed('1f1b');
  const baseConfig = uniformConfig(128, 4096, 1, 1, 1, { p2p: 0.1 });
  log(
    `\ngenerators: about a million ops each (uniform F=B=W=1, P2P 0.1 ms), CPU time, median of ${RUNS}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log("ratio = generate ns/op / 1F1B's generate ns/op (P = 128, m = 4096), timed alternately");
  log(
    'schedule                          P      m  v       ops  first ms  generate ns/op  1F1B ns/op  ratio  + simulate ns/op',
  );
  const list: [ScheduleName, number, number, number, Pairing][] = [
    ['1f1b', 128, 4096, 1, 'off'],
    ['interleaved-1f1b', 128, 2048, 2, 'off'],
    ['interleaved-1f1b', 128, 2048, 2, 'combined-1f1b'],
    ['looped-bfs', 128, 2048, 2, 'off'],
    ['interleaved-zb', 128, 1370, 2, 'off'],
    ['zb-v-half', 128, 1366, 2, 'off'],
    ['zb-v-min', 128, 1366, 2, 'off'],
  ];
  for (const [name, P, m, v, pairing] of list) {
    const config = uniformConfig(P, m, 1, 1, 1, { chunks: v, p2p: 0.1, pairing });
    const gen = scheduleNamed(name);
    const errors = gen.check(config);
    if (errors.length > 0) throw new Error(`${name} P=${P} m=${m}: ${errors[0].message}`);
    const first = cpuMs(() => gen.generate(config));
    const ops = first.last.count;
    const baseOps = 2 * 128 * 4096;
    for (let w = 0; w < 3; w++) {
      gen.generate(config);
      oneFOneB.generate(baseConfig);
    }
    const mine: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      base.push(cpuMs(() => oneFOneB.generate(baseConfig)).ms);
      mine.push(cpuMs(() => gen.generate(config)).ms);
    }
    const total: number[] = [];
    for (let r = 0; r < 5; r++) total.push(cpuMs(() => generateAndSimulate(name, config)).ms);
    const generateNsPerOp = (median(mine) * 1e6) / ops;
    const oneFOneBNsPerOp = (median(base) * 1e6) / baseOps;
    const c: GeneratorCase = {
      schedule: name,
      pairing,
      devices: P,
      microbatches: m,
      chunks: v,
      ops,
      firstMs: first.ms,
      generateNsPerOp,
      oneFOneBNsPerOp,
      ratioTo1F1B: generateNsPerOp / oneFOneBNsPerOp,
      totalNsPerOp: (median(total) * 1e6) / ops,
    };
    generatorCases.push(c);
    const label = pairing === 'off' ? name : `${name} (${pairing})`;
    log(
      `${label.padEnd(32)}${String(P).padStart(4)}${String(m).padStart(7)}${String(v).padStart(3)}${String(ops).padStart(10)}${c.firstMs.toFixed(1).padStart(10)}${generateNsPerOp.toFixed(2).padStart(16)}${oneFOneBNsPerOp.toFixed(2).padStart(12)}${c.ratioTo1F1B.toFixed(2).padStart(7)}${c.totalNsPerOp.toFixed(1).padStart(18)}`,
    );
  }
}

// DualPipe with chunks built from parts: the DeepSeek-V3 example's part times, stretched to about a million parts.
const exampleText = readFileSync(new URL('../../examples/deepseek-v3.json', import.meta.url), 'utf8');
const example = loadScenario(exampleText);
if (!example.ok) throw new Error(`examples/deepseek-v3.json: ${example.errors[0].message}`);
{
  const scenario = { ...example.scenario, schedule: 'dualpipe' as const, devices: 16, microbatches: 6400 };
  const first = analyze(scenario);
  if (!first.ok) throw new Error(first.errors[0].message);
  const { config, schedule } = first.analysis;
  const input = {
    ...config,
    parts: scenario.parts,
    smSplit: scenario.smSplit,
    p2pOccupiesComm: scenario.p2p.occupiesComm,
  };
  const { ms, last } = time(3, () => {
    const s = scheduleNamed('dualpipe').generate(config);
    const r = simulate(s, input, { scratch });
    if (!r.ok) throw new Error(r.error.message);
    return r.timeline;
  });
  const parts = last.parts?.count ?? 0;
  const c: PartsCase = {
    schedule: 'dualpipe',
    devices: 16,
    microbatches: scenario.microbatches,
    ops: schedule.count,
    parts,
    nsPerPart: parts > 0 ? (ms * 1e6) / parts : Number.NaN,
    medianMs: ms,
  };
  partsCase = c;
  log(
    `\nparts: DualPipe P=16 m=${c.microbatches} (DeepSeek-V3 part times): ${c.ops} ops, ${parts} parts, ${ms.toFixed(1)} ms median, ${c.nsPerPart.toFixed(1)} ns/part (generate + simulate)`,
  );
}

// SVG export of about 100k ops.
{
  const scenario = {
    ...example.scenario,
    parts: null,
    schedule: '1f1b' as const,
    devices: 16,
    microbatches: 3125,
  };
  const r = analyze(scenario);
  if (!r.ok) throw new Error(r.errors[0].message);
  const { ms, last } = time(5, () => renderSvg([r.analysis], { title: 'bench' }));
  const ops = r.analysis.schedule.count;
  const c: SvgCase = {
    schedule: '1f1b',
    devices: 16,
    microbatches: 3125,
    ops,
    medianMs: ms,
    bytesPerOp: last.length / ops,
  };
  svgCase = c;
  log(
    `\nsvg: 1F1B P=16 m=3125: ${ops} ops exported in ${ms.toFixed(1)} ms median, ${c.bytesPerOp.toFixed(1)} bytes/op`,
  );
}

// Cost model: one derivation (model + run + parallelism + hardware -> scenario, without the
// simulation) per model preset on its setup (core/presets/models.ts); the target is under 5 ms each.
const costModelCases: { preset: string; medianMs: number }[] = [];
{
  const { deriveCosts } = await import('../core/cost-model/derive');
  const { MODEL_PRESETS, presetInput } = await import('../core/presets/index');
  log('\ncost model: one derivation per preset on its setup (DualPipe, 64 micro-batches per pipeline)');
  log('preset            median ms');
  for (const preset of MODEL_PRESETS) {
    const input = presetInput(preset, 'dualpipe', 64);
    if (!input) throw new Error(`bench: ${preset.id} names an unknown GPU preset`);
    const { ms, last } = time(101, () => deriveCosts(input));
    if (!last.ok) throw new Error(`${preset.id}: ${last.errors[0].message}`);
    costModelCases.push({ preset: preset.id, medianMs: ms });
    log(`${preset.id.padEnd(18)}${ms.toFixed(3).padStart(9)}`);
  }
}

// The profiler-trace reader: a synthetic Kineto trace of about 100 MB built in memory (Kineto's
// field layout and name lengths; ~340 bytes per event), read as 1 MB text chunks, and as byte
// chunks through TextDecoder as the CLI reads files; then the figures of the one rank. Each read is
// timed by the wall clock and by the process's CPU time: on a machine shared with other work the
// wall clock counts the time the process waited for a core, the CPU time does not.
interface TraceCase {
  events: number;
  megabytes: number;
  medianMs: number;
  eventsPerSecond: number;
  megabytesPerSecond: number;
  /** Median CPU time of the same reads, and the rate it gives. */
  cpuMedianMs: number;
  eventsPerCpuSecond: number;
  bytesMedianMs: number;
  figuresMs: number;
}
let traceCase: TraceCase | undefined;
{
  const chunks = [...syntheticTraceText(100e6, 1 << 20)];
  const encoder = new TextEncoder();
  const byteChunks = chunks.map((c) => encoder.encode(c));
  const megabytes = byteChunks.reduce((n, b) => n + b.length, 0) / 1e6;
  const medianOf = async (reps: number, fn: () => Promise<unknown>) => {
    await fn();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < reps; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e3);
    }
    return { wall: median(wall), cpu: median(cpu) };
  };
  let trace: TraceFile | undefined;
  const text = await medianOf(5, async () => {
    const r = await readTrace(chunks);
    if (!r.ok) throw new Error(r.errors[0].message);
    trace = r.trace;
  });
  const bytes = await medianOf(5, () => readTrace(byteChunks, { decoder: new TextDecoder() }));
  const figures = await medianOf(5, async () =>
    summarizeTraces([{ source: 'bench', trace: trace! }], defaultTraceMapping()),
  );
  const events = trace!.events;
  traceCase = {
    events,
    megabytes,
    medianMs: text.wall,
    eventsPerSecond: (events / text.wall) * 1e3,
    megabytesPerSecond: (megabytes / text.wall) * 1e3,
    cpuMedianMs: text.cpu,
    eventsPerCpuSecond: (events / text.cpu) * 1e3,
    bytesMedianMs: bytes.wall,
    figuresMs: figures.wall,
  };
  log(
    `\ntrace: ${events.toLocaleString('en-US')} events, ${megabytes.toFixed(1)} MB read in ${text.wall.toFixed(0)} ms median: ${(traceCase.eventsPerSecond / 1e6).toFixed(2)} M events/s, ${traceCase.megabytesPerSecond.toFixed(0)} MB/s (text chunks; CPU time ${text.cpu.toFixed(0)} ms: ${(traceCase.eventsPerCpuSecond / 1e6).toFixed(2)} M events/s); ${bytes.wall.toFixed(0)} ms from bytes via TextDecoder; figures ${figures.wall.toFixed(0)} ms`,
  );
}

// Tune (docs/tune.md, "Fast"): the target is at least 500 configurations per CPU-second per core,
// "a 10,000-configuration sweep in about 10 s" on a 2-core machine. So the bench runs such a sweep as
// `pipescope tune` runs it: the DeepSeek-V3 example's default axes (every schedule, m = 16..256, v,
// pairing, ZB-H2's budgets) with the SM split 0..49, 10,000 configurations, on worker threads (one
// per CPU, dist/cli/tune-worker.mjs) started for it. It reports the wall time, and configurations
// per CPU-second per core: the configurations over the CPU time of the whole process, every thread
// (the workers from their start, with their JIT warm-up, V8's compiler and collector threads, this
// one). Then the same over the derived example (costs re-derived from the cost model for every
// configuration; recomputation none and full too: 12,000 configurations).
let tuneCase: TuneBenchCase | undefined;

/** A whole space on fresh worker threads, one per CPU: wall and process CPU time, from their start. */
async function tuneSweep(base: Scenario, request: TuneRequest): Promise<TuneSweep> {
  const plan = planSpace(base, request);
  if (!plan.ok) throw new Error(plan.errors[0].message);
  const constraints = { capacity: base.memory.capacity, activationLimit: null };
  const threads = availableParallelism();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const pool = threadWorkers(new URL('./tune-worker.mjs', import.meta.url), threads);
  let evaluated = 0;
  await runTunePool({ base, request, constraints, shard: WHOLE }, plan.space.size, pool, (rs) => {
    evaluated += rs.length;
  }).done;
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (evaluated !== plan.space.size)
    throw new Error(`tune sweep: ${evaluated} of ${plan.space.size} evaluated`);
  return {
    configurations: evaluated,
    threads,
    wallMs,
    cpuMs,
    wallConfigsPerSecond: (evaluated / wallMs) * 1000,
    perCoreConfigsPerSecond: (evaluated / cpuMs) * 1000,
  };
}

{
  const loadAverage = loadavg()[0];
  const smReserved = Array.from({ length: 50 }, (_, i) => i);
  const sweep = await tuneSweep(example.scenario, { smReserved });
  // The same axes over the derived example: every configuration re-derived from the cost model
  // (remembered per schedule, v, m, recomputation and SM split), recomputation none and full too.
  const derivedText = readFileSync(
    new URL('../../examples/deepseek-v3-derived.json', import.meta.url),
    'utf8',
  );
  const derived = loadScenario(derivedText);
  if (!derived.ok) throw new Error(`examples/deepseek-v3-derived.json: ${derived.errors[0].message}`);
  const costModel = await tuneSweep(derived.scenario, { smReserved });
  tuneCase = { ...sweep, loadAverage, costModel };
  const line = (t: TuneSweep) =>
    `${t.configurations.toLocaleString('en-US')} configurations on ${t.threads} worker threads in ${(t.wallMs / 1000).toFixed(1)} s wall (${t.wallConfigsPerSecond.toFixed(0)}/s), ${(t.cpuMs / 1000).toFixed(1)} s CPU: ${t.perCoreConfigsPerSecond.toFixed(0)} per CPU-second per core`;
  log(`\ntune: sweeps as pipescope tune runs them (load average ${loadAverage.toFixed(1)} before)`);
  log(`  DeepSeek-V3 example, SM split 0..49: ${line(sweep)}`);
  log(`  cost model (deepseek-v3-derived.json, same axes, recomputation none and full): ${line(costModel)}`);
}

if (json)
  console.log(
    JSON.stringify({
      cases,
      generators: generatorCases,
      parts: partsCase,
      svg: svgCase,
      costModel: costModelCases,
      trace: traceCase,
      why: whyCases,
      tune: tuneCase,
    }),
  );
