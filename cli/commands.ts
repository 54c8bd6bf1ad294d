import { type Analysis, analyze } from '../core/analyze';
import { toChromeTrace } from '../core/export/chrome-trace';
import { toCsv, toPartsCsv } from '../core/export/csv';
import { toSimulateJson } from '../core/export/json';
import { renderSvg } from '../core/export/svg';
import { checkScenarioSize } from '../core/format/limits';
import {
  type PathError,
  loadScenario,
  parseScenarioObject,
  saveScenario,
} from '../core/format/scenario-file';
import { METRIC_DEFINITIONS, metricsToJSON } from '../core/metrics/metrics';
import { type Scenario, type ScheduleName, defaultScenario } from '../core/model/scenario';
import { scheduleInfo, scheduleListText } from '../core/schedules/catalog';
import { SCHEDULES, allSchedules, scheduleNames } from '../core/schedules/registry';
import { type Flags, type ParsedArgs, isUsageError, parseArgs, usageText } from './args';

/** Everything a command touches outside itself, injected so commands are unit-tested in memory. */
export interface CliIO {
  /** Throws (like fs.readFileSync) when the file cannot be read. */
  readFile(path: string): string;
  /** Replaces the file atomically (see io.ts); throws when it cannot. */
  writeFile(path: string, data: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines go to stderr only when it is a terminal. */
  stderrIsTTY?: boolean;
  version?: string;
}

export const EXIT_OK = 0;
/** A scenario is invalid, a schedule cannot run it, or a file cannot be read or written. */
export const EXIT_INVALID = 1;
/** Bad command line. */
export const EXIT_USAGE = 2;

/** Runs one command line; returns the exit code. Never throws on user input. */
export function runCli(argv: readonly string[], io: CliIO): number {
  const parsed = parseArgs(argv);
  if (isUsageError(parsed)) {
    io.stderr(`pipescope: ${parsed.usageError}\n`);
    return EXIT_USAGE;
  }
  const progress = new Progress(io, parsed.flags.quiet !== true && io.stderrIsTTY === true);
  try {
    switch (parsed.command) {
      case 'help':
        io.stdout(usageText(parsed.positionals[0]));
        return EXIT_OK;
      case 'version':
        io.stdout(`pipescope ${io.version ?? 'unknown'}\n`);
        return EXIT_OK;
      case 'schedules':
        return schedulesCommand(parsed, io);
      case 'simulate':
        return simulateCommand(parsed, io, progress);
      case 'compare':
        return compareCommand(parsed, io, progress);
      case 'render':
        return renderCommand(parsed, io, progress);
      case 'export':
        return exportCommand(parsed, io, progress);
      case 'validate':
        return validateCommand(parsed, io, progress);
    }
  } finally {
    progress.done();
  }
}

/** One-line progress on stderr, overwritten in place; silent when stderr is not a terminal. */
class Progress {
  private shown = false;
  constructor(
    private readonly io: CliIO,
    private readonly enabled: boolean,
  ) {}
  step(text: string): void {
    if (!this.enabled) return;
    this.io.stderr(`\r\x1b[K${text}`);
    this.shown = true;
  }
  done(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}

function schedulesCommand(p: ParsedArgs, io: CliIO): number {
  const list = allSchedules();
  if (p.flags.json) io.stdout(`${JSON.stringify({ schedules: list.map(scheduleInfo) }, null, 2)}\n`);
  else io.stdout(scheduleListText(list));
  return EXIT_OK;
}

type Resolved = { ok: true; scenario: Scenario; source: string } | { ok: false };

function printErrors(io: CliIO, source: string, errors: readonly PathError[]): void {
  for (const e of errors) io.stderr(`${source}: ${e.path}: ${e.message}\n`);
}

/** The scenario a command works on: the file (or the defaults), with the flags applied over it. */
function resolveScenario(file: string | undefined, flags: Flags, io: CliIO): Resolved {
  let scenario: Scenario;
  const source = file ?? '(defaults)';
  if (file !== undefined) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stderr(`pipescope: cannot read ${file}: ${(e as Error).message}\n`);
      return { ok: false };
    }
    const loaded = loadScenario(text);
    if (!loaded.ok) {
      printErrors(io, file, loaded.errors);
      return { ok: false };
    }
    for (const w of loaded.warnings) io.stderr(`${file}: warning: ${w}\n`);
    scenario = loaded.scenario;
  } else scenario = defaultScenario();

  const o = structuredClone(scenario);
  if (flags.schedule) o.schedule = flags.schedule[0];
  if (flags.devices !== undefined) o.devices = flags.devices;
  if (flags.microbatches !== undefined) o.microbatches = flags.microbatches;
  if (flags.chunks !== undefined) o.chunks = flags.chunks;
  if (flags.forward !== undefined) o.costs.forward = flags.forward;
  if (flags.backwardInput !== undefined) o.costs.backwardInput = flags.backwardInput;
  if (flags.backwardWeight !== undefined) o.costs.backwardWeight = flags.backwardWeight;
  if (flags.p2p !== undefined) o.p2p.time = flags.p2p;
  // Flags can break what the file had right (per-device costs vs --devices, the ops cap): check again.
  const again = parseScenarioObject(JSON.parse(saveScenario(o)));
  if (!again.ok) {
    printErrors(io, `${source} with the flags`, again.errors);
    return { ok: false };
  }
  return { ok: true, scenario: again.scenario, source };
}

function analyzeOrReport(
  scenario: Scenario,
  schedule: ScheduleName,
  source: string,
  io: CliIO,
  progress: Progress,
): Analysis | null {
  const size = checkScenarioSize(scenario, schedule);
  if (size.length > 0) {
    printErrors(io, source, size);
    return null;
  }
  progress.step(`simulating ${schedule}...`);
  const r = analyze(scenario, schedule);
  if (!r.ok) {
    printErrors(
      io,
      source,
      r.errors.map((e) => ({ path: e.path, message: `${e.message} (${schedule})` })),
    );
    return null;
  }
  for (const w of r.analysis.warnings) io.stderr(`warning: ${w}\n`);
  return r.analysis;
}

function simulateCommand(p: ParsedArgs, io: CliIO, progress: Progress): number {
  const r = resolveScenario(p.positionals[0], p.flags, io);
  if (!r.ok) return EXIT_INVALID;
  const a = analyzeOrReport(r.scenario, r.scenario.schedule, r.source, io, progress);
  if (!a) return EXIT_INVALID;
  progress.done();
  if (p.flags.json) {
    io.stdout(`${JSON.stringify(toSimulateJson(a))}\n`);
    return EXIT_OK;
  }
  io.stdout(simulateTable(a, r.source));
  return EXIT_OK;
}

const label = (id: keyof typeof METRIC_DEFINITIONS) => METRIC_DEFINITIONS[id].label;

export function formatMs(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const r = Math.round(x * 1000) / 1000;
  return r.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-';
}

function formatBytes(b: number): string {
  const GiB = 1024 ** 3;
  return b >= GiB ? `${(b / GiB).toFixed(2)} GiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;
}

/** Rows of cells to aligned text; numeric-looking cells right-aligned. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i].length);
  const numeric = (c: string) => /^[-+]?[\d,.]+(%|x| ms)?$/.test(c) || c === '-';
  return rows
    .map((row) =>
      row
        .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function analyticText(a: Analysis): string {
  const ab = a.metrics.analyticBubble;
  if (ab.value === null) return `no closed form (${ab.formula || 'none'})`;
  const holds = ab.conditionsHold ? 'conditions hold' : `conditions fail: ${ab.failing.join('; ')}`;
  return `${ab.formula} = ${formatMs(ab.value)} ms (measured ${label('maxIdle').toLowerCase()} ${formatMs(ab.measured)} ms; ${holds})`;
}

function sourceNote(source: string): string {
  return source.startsWith('(') ? source : `(${source})`;
}

function simulateTable(a: Analysis, source: string): string {
  const m = a.metrics;
  const s = a.scenario;
  const gen = SCHEDULES[s.schedule];
  const out: string[] = [];
  out.push(`${s.name} ${sourceNote(source)}`);
  out.push(
    `${gen.title} (${gen.name}): ${s.devices} devices, ${s.microbatches} micro-batches, ${a.schedule.chunksPerDevice} chunk(s) per device, ${a.schedule.count.toLocaleString('en-US')} ops`,
  );
  out.push('');
  const peakActs = Math.max(...Array.from(m.memory.peakActivations));
  const summary = [
    [`${label('makespan')}:`, `${formatMs(m.makespan)} ms`],
    [`${label('bubbleIdleFraction')}:`, formatPercent(m.bubbleIdleFraction)],
    [`${label('bubbleOverIdeal')}:`, formatPercent(m.bubbleOverIdeal)],
    [`${label('analyticBubble')}:`, analyticText(a)],
    [`${label('peakActivations')}:`, `${peakActs} (most on any device)`],
    [`${label('parameterMultiplier')}:`, `${m.memory.parameterMultiplier}x`],
  ];
  const w = Math.max(...summary.map((r) => r[0].length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  out.push('');
  out.push(`${label('bubbleIdleFraction')}: ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`${label('bubbleOverIdeal')}: ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push('');
  const rows = [['device', 'busy ms', 'idle ms', 'peak activations', 'peak activation memory']];
  for (let d = 0; d < s.devices; d++) {
    rows.push([
      String(d),
      formatMs(m.busy[d]),
      formatMs(m.idle[d]),
      String(m.memory.peakActivations[d]),
      formatBytes(m.memory.peakActivationBytes[d]),
    ]);
  }
  out.push(table(rows));
  return `${out.join('\n')}\n`;
}

function compareCommand(p: ParsedArgs, io: CliIO, progress: Progress): number {
  const r = resolveScenario(p.positionals[0], p.flags, io);
  if (!r.ok) return EXIT_INVALID;
  const s = r.scenario;
  const results: { name: ScheduleName; analysis: Analysis | null; reasons: string[] }[] = [];
  const names = scheduleNames();
  names.forEach((name, k) => {
    progress.step(`simulating ${name} (${k + 1}/${names.length})...`);
    const size = checkScenarioSize(s, name);
    if (size.length > 0) {
      results.push({ name, analysis: null, reasons: size.map((e) => `${e.path}: ${e.message}`) });
      return;
    }
    const a = analyze(s, name);
    if (a.ok) results.push({ name, analysis: a.analysis, reasons: [] });
    else results.push({ name, analysis: null, reasons: a.errors.map((e) => `${e.path}: ${e.message}`) });
  });
  progress.done();
  if (p.flags.json) {
    const rows = results
      .filter((x) => x.analysis)
      .map(({ name, analysis }) => {
        const m = analysis!.metrics;
        const ab = m.analyticBubble;
        return {
          schedule: name,
          makespan: m.makespan,
          bubbleIdleFraction: m.bubbleIdleFraction,
          bubbleOverIdeal: m.bubbleOverIdeal,
          analyticBubble: { formula: ab.formula, value: ab.value, conditionsHold: ab.conditionsHold },
          peakActivations: Array.from(m.memory.peakActivations),
          parameterMultiplier: m.memory.parameterMultiplier,
          metrics: metricsToJSON(m),
        };
      });
    const inapplicable = results
      .filter((x) => !x.analysis)
      .map((x) => ({ schedule: x.name, reasons: x.reasons }));
    io.stdout(
      `${JSON.stringify({ scenario: s.name, devices: s.devices, microbatches: s.microbatches, schedules: rows, inapplicable })}\n`,
    );
    return EXIT_OK;
  }
  const out: string[] = [];
  out.push(`${s.name} ${sourceNote(r.source)}: ${s.devices} devices, ${s.microbatches} micro-batches`);
  out.push('');
  const rows = [
    [
      'schedule',
      'makespan ms',
      'bubble (idle fraction)',
      'bubble (over ideal)',
      'analytic bubble ms',
      'peak activations',
      'parameters',
    ],
  ];
  for (const { name, analysis } of results) {
    if (!analysis) continue;
    const m = analysis.metrics;
    const ab = m.analyticBubble;
    rows.push([
      name,
      formatMs(m.makespan),
      formatPercent(m.bubbleIdleFraction),
      formatPercent(m.bubbleOverIdeal),
      ab.value === null ? '-' : `${formatMs(ab.value)}${ab.conditionsHold ? '' : '*'}`,
      String(Math.max(...Array.from(m.memory.peakActivations))),
      `${m.memory.parameterMultiplier}x`,
    ]);
  }
  out.push(table(rows));
  out.push('');
  out.push(`bubble (idle fraction): ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`bubble (over ideal): ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push(
    `analytic bubble: the schedule's closed form (docs/formulas.md); * = its conditions do not hold here, so it is not exact`,
  );
  out.push(`peak activations: most micro-batch chunks in flight on any device`);
  const skipped = results.filter((x) => !x.analysis);
  if (skipped.length > 0) {
    out.push('');
    out.push('Not applicable:');
    for (const x of skipped) out.push(`  ${x.name}: ${x.reasons.join('; ')}`);
  }
  io.stdout(`${out.join('\n')}\n`);
  return EXIT_OK;
}

function writeOutput(io: CliIO, path: string, data: string): number {
  if (path === '-') {
    io.stdout(data);
    return EXIT_OK;
  }
  try {
    io.writeFile(path, data);
  } catch (e) {
    io.stderr(`pipescope: cannot write ${path}: ${(e as Error).message}\n`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

function renderCommand(p: ParsedArgs, io: CliIO, progress: Progress): number {
  const r = resolveScenario(p.positionals[0], p.flags, io);
  if (!r.ok) return EXIT_INVALID;
  const names = p.flags.schedule ?? [r.scenario.schedule];
  const analyses: Analysis[] = [];
  for (const name of names) {
    const a = analyzeOrReport(r.scenario, name, r.source, io, progress);
    if (!a) return EXIT_INVALID;
    analyses.push(a);
  }
  progress.step('drawing SVG...');
  const svg = renderSvg(analyses, {
    title: p.flags.title,
    theme: p.flags.theme,
    scenarioText: saveScenario(r.scenario),
  });
  return writeOutput(io, p.flags.output!, svg);
}

function exportCommand(p: ParsedArgs, io: CliIO, progress: Progress): number {
  const r = resolveScenario(p.positionals[0], p.flags, io);
  if (!r.ok) return EXIT_INVALID;
  const a = analyzeOrReport(r.scenario, r.scenario.schedule, r.source, io, progress);
  if (!a) return EXIT_INVALID;
  progress.step(`writing ${p.flags.format}...`);
  let data: string;
  switch (p.flags.format!) {
    case 'chrome-trace':
      data = `${JSON.stringify(toChromeTrace(a))}\n`;
      break;
    case 'csv':
      data = toCsv(a);
      break;
    case 'parts-csv':
      data = toPartsCsv(a);
      break;
    case 'json':
      data = `${JSON.stringify(toSimulateJson(a))}\n`;
      break;
  }
  return writeOutput(io, p.flags.output!, data);
}

function validateCommand(p: ParsedArgs, io: CliIO, progress: Progress): number {
  let failed = 0;
  p.positionals.forEach((file, k) => {
    progress.step(`checking ${file} (${k + 1}/${p.positionals.length})...`);
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stdout(`${file}: (root): cannot read the file: ${(e as Error).message}\n`);
      failed++;
      return;
    }
    const loaded = loadScenario(text);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stdout(`${file}: ${e.path}: ${e.message}\n`);
      failed++;
      return;
    }
    // A file that loads can still ask its schedule for something impossible: say so too.
    const a = analyze(loaded.scenario);
    for (const w of loaded.warnings) io.stdout(`${file}: warning: ${w}\n`);
    if (!a.ok) {
      for (const e of a.errors)
        io.stdout(`${file}: ${e.path}: ${e.message} (schedule ${loaded.scenario.schedule})\n`);
      failed++;
      return;
    }
    io.stdout(`${file}: ok\n`);
  });
  progress.done();
  if (p.positionals.length > 1) io.stdout(`${p.positionals.length - failed} valid, ${failed} invalid\n`);
  return failed > 0 ? EXIT_INVALID : EXIT_OK;
}
