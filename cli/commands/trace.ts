// `pipescope trace`: read profiler traces, print per-rank figures and measured part times, and
// optionally write a scenario with the measured parts. See docs/traces.md.
import { analyze } from '../../core/analyze';
import { ROOT_PATH } from '../../core/format/paths';
import { saveScenario } from '../../core/format/scenario-file';
import { withMeasuredParts } from '../../core/trace/apply';
import { type TraceMapping, defaultTraceMapping, parseTraceMapping } from '../../core/trace/mapping';
import type { MeasuredParts } from '../../core/trace/parts';
import { readTrace } from '../../core/trace/reader';
import {
  type TraceInput,
  type TraceSummary,
  summarizeTraces,
  traceSummaryToJson,
} from '../../core/trace/summary';
import {
  type CliIO,
  type CommandInput,
  EXIT_CANCELLED,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  type Flags,
  type Progress,
  type TraceSource,
  errorMessage,
  printError,
  writeOutput,
} from '../command-context';
import { loadFile, printErrors, printWarning, readJsonFile } from '../scenario-input';
import { terminalText } from '../terminal-text';
import { formatMs, formatPercent, table } from '../text-table';

/**
 * The mapping: defaults, or the --map file, with the command line's overrides on top. The file is
 * read like a scenario file: at most LIMITS.fileBytes, decoded by its byte-order mark, parsed
 * within the JSON budgets.
 */
function loadMapping(args: Flags, io: CliIO): TraceMapping | null {
  let mapping = defaultTraceMapping();
  if (args.map !== undefined) {
    const parsed = readJsonFile(io, args.map);
    if (!parsed) return null;
    const m = parseTraceMapping(parsed.value, args.map);
    if (!m.ok) {
      printErrors(io, args.map, m.errors);
      return null;
    }
    mapping = m.mapping;
  }
  if (args.layersPerChunk !== undefined) mapping.layersPerChunk = args.layersPerChunk;
  // Command-line roles win over the file's: they come first.
  mapping.streamRoles = [...(args.streamRoles ?? []), ...mapping.streamRoles];
  return mapping;
}

/** Progress is rewritten at most every PROGRESS_MS: a line per 64 KB chunk would flood a terminal. */
const PROGRESS_MS = 100;

/**
 * `pipescope trace FILE... [--map M] [--stream-role R]... [--layers-per-chunk N] [--json]` and
 * `... --scenario BASE -o OUT`: reads each trace as a stream (progress on a terminal, the first
 * Ctrl-C cancels), then prints the summary or writes the scenario. Exit 0, 1 (unreadable or
 * malformed input, nothing to write), 130 (cancelled); bad flags (2) never get here. Errors are
 * `SOURCE: PATH: MESSAGE`; the dispatcher hands it an escaping IO (a trace's annotation names, a
 * file's name and a scenario's fields are user text), and the progress line, written raw for its
 * control sequence, shows the file's name escaped.
 */
export async function run(
  { positionals, flags }: CommandInput,
  io: CliIO,
  progress: Progress,
): Promise<number> {
  if (flags.json && flags.output === '-') {
    io.stderr('pipescope: -o - and --json would both write to stdout; write the scenario to a file\n');
    return EXIT_USAGE;
  }
  const mapping = loadMapping(flags, io);
  if (!mapping) return EXIT_INVALID;
  const cancel = io.cancelOnInterrupt?.();
  try {
    const inputs: TraceInput[] = [];
    for (const file of positionals) {
      const read = await readOne(file, io, progress, cancel?.signal);
      if (typeof read === 'number') return read;
      inputs.push(read);
    }
    return report(inputs, mapping, flags, io);
  } finally {
    cancel?.dispose();
  }
}

/** One trace file read into columns, or the exit code after saying on stderr why not. */
async function readOne(
  file: string,
  io: CliIO,
  progress: Progress,
  signal: { readonly aborted: boolean } | undefined,
): Promise<TraceInput | number> {
  let source: TraceSource;
  try {
    if (!io.openTrace) throw new Error('reading traces is not available here');
    source = io.openTrace(file);
  } catch (e) {
    printError(io, file, ROOT_PATH, `cannot read the file: ${errorMessage(e)}`);
    return EXIT_INVALID;
  }
  const now = io.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  let result: Awaited<ReturnType<typeof readTrace>>;
  try {
    result = await readTrace(source.chunks, {
      signal,
      decoder: io.decoder ?? (typeof TextDecoder === 'undefined' ? undefined : new TextDecoder()),
      onProgress: (p) => {
        if (now() - last < PROGRESS_MS) return;
        last = now();
        const pos = source.position?.();
        const pct =
          source.size && pos !== undefined ? ` ${Math.min(100, Math.floor((100 * pos) / source.size))}%` : '';
        progress.step(
          `reading ${terminalText(file)}:${pct} (${(p.bytes / 1e6).toFixed(1)} MB, ${p.events.toLocaleString('en-US')} events)`,
        );
      },
    });
  } catch (e) {
    // The edge failed under the reader (unreadable or corrupt gzip data).
    progress.done();
    printError(io, file, ROOT_PATH, `cannot read the file: ${errorMessage(e)}`);
    return EXIT_INVALID;
  } finally {
    source.close?.();
  }
  progress.done();
  if (!result.ok) {
    printErrors(io, file, result.errors);
    return result.cancelled ? EXIT_CANCELLED : EXIT_INVALID;
  }
  return { source: file, trace: result.trace };
}

function report(inputs: TraceInput[], mapping: TraceMapping, flags: Flags, io: CliIO): number {
  const summarized = summarizeTraces(inputs, mapping);
  if (!summarized.ok) {
    for (const e of summarized.errors) printError(io, e.source, e.path, e.message);
    return EXIT_INVALID;
  }
  const summary = summarized.summary;
  for (const w of summary.warnings) printWarning(io, w.source, w.message);
  if (flags.scenario !== undefined) {
    const code = writeScenario(flags.scenario, flags.output!, summary, io);
    if (code !== EXIT_OK) return code;
  }
  if (flags.json) io.stdout(`${JSON.stringify(traceSummaryToJson(summary))}\n`);
  else if (flags.scenario === undefined) io.stdout(summaryText(summary));
  return EXIT_OK;
}

function writeScenario(basePath: string, outPath: string, summary: TraceSummary, io: CliIO): number {
  const measured = summary.parts;
  if (!measured) {
    const names = [...new Set(summary.ranks.flatMap((r) => r.annotations.map((a) => a.name)))].slice(0, 12);
    io.stderr(
      `pipescope: no annotation in the trace maps to a chunk part, so there is nothing to write; annotations seen: ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'}; name them in a --map file (docs/traces.md)\n`,
    );
    return EXIT_INVALID;
  }
  // Read as every command reads a scenario: bounded, decoded by its byte-order mark.
  const loaded = loadFile(io, basePath);
  if (!loaded.ok) {
    printErrors(io, basePath, loaded.errors);
    return EXIT_INVALID;
  }
  for (const w of loaded.warnings) printWarning(io, basePath, w);
  const dates = summary.files.map((f) => f.startDate).filter((d): d is string => d !== null);
  const { scenario, notes } = withMeasuredParts(
    loaded.scenario,
    measured,
    { files: summary.files.map((f) => f.source), date: dates[0] ?? null, mapping: summary.mapping },
    summary.ranks,
  );
  for (const n of notes) io.stderr(`${terminalText(outPath)}: note: ${terminalText(n)}\n`);
  const check = analyze(scenario);
  if (!check.ok)
    for (const e of check.errors)
      printWarning(io, outPath, `${e.path}: ${e.message} (the scenario is written anyway)`);
  return writeOutput(io, outPath, saveScenario(scenario));
}

/** How many annotations the table shows per rank (--json has them all). */
const TEXT_ANNOTATIONS = 15;

function ratioText(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}

export function summaryText(s: TraceSummary): string {
  const out: string[] = [];
  for (const r of s.ranks) {
    const f = r.figures;
    const file = s.files.find((x) => x.source === r.source);
    const dev = r.deviceInfo?.name ? ` (${r.deviceInfo.name})` : '';
    out.push(
      `${r.source}: rank ${r.rank}${r.rankFrom === 'file order' ? ' (file order)' : ''}, device ${r.device}${dev}, ${file?.events.toLocaleString('en-US') ?? '?'} events`,
    );
    const streams = [['stream', 'role', 'busy ms', 'ops', 'comm kernels']];
    for (const st of f.streams)
      streams.push([
        String(st.id),
        st.roleFrom === 'override' ? `${st.role} (set)` : st.role,
        formatMs(st.busyMs),
        String(st.ops),
        formatPercent(st.commShare),
      ]);
    out.push(indent(table(streams)));
    const figures = [
      ['window (first op to last op)', `${formatMs(f.windowMs)} ms`],
      ['computation (compute streams busy)', `${formatMs(f.computeMs)} ms`],
      ['communication (comm streams busy)', `${formatMs(f.commMs)} ms`],
      ['overlap (HTA: both run / communication)', f.overlap === null ? '-' : formatPercent(f.overlap)],
      ['exposed communication', `${formatMs(f.exposedCommMs)} ms`],
      ['idle (no stream busy)', `${formatMs(f.idleMs)} ms`],
      ['communication : computation', ratioText(f.commToComputeRatio)],
    ];
    const w = Math.max(...figures.map((x) => x[0].length));
    for (const [k, v] of figures) out.push(`  ${k.padEnd(w)}  ${v}`);
    const streamIds = f.streams.map((st) => st.id);
    const rows = [['annotation', 'count', 'GPU ms', 'span ms', ...streamIds.map((id) => `stream ${id}`)]];
    for (const a of r.annotations.slice(0, TEXT_ANNOTATIONS))
      rows.push([
        clip(a.name, 48),
        String(a.count),
        formatMs(a.gpuMs),
        formatMs(a.spanMs),
        ...streamIds.map((id) => (a.streams.has(id) ? formatMs(a.streams.get(id)!) : '')),
      ]);
    if (r.annotations.length > 0) out.push(indent(table(rows)));
    if (r.annotations.length > TEXT_ANNOTATIONS)
      out.push(`  (${r.annotations.length - TEXT_ANNOTATIONS} more annotations; --json lists them all)`);
    if (r.attributed.none > 0)
      out.push(`  ${r.attributed.none} of ${r.attributed.ops} GPU ops were launched outside any annotation`);
    out.push('');
  }
  if (s.parts) out.push(...partsText(s.parts, s.ranks.filter((r) => r.parts).length));
  else out.push('parts: no annotation maps to a chunk part (docs/traces.md: --map)');
  out.push('');
  out.push(
    'GPU ms: time of the GPU ops attributed to the annotation (the innermost one open at their launch).',
  );
  out.push(
    'Overlap as Holistic Trace Analysis defines it; streams are compute or communication by their kernels.',
  );
  return `${out.join('\n')}\n`;
}

function partsText(p: MeasuredParts, ranks: number): string[] {
  const f = p.parts.forward;
  const b = p.parts.backward;
  const out = [
    `parts of one chunk (ms${ranks > 1 ? `, mean over ${ranks} ranks` : ''}; measured: ${p.measured.join(', ')})`,
    `  forward:  attention ${formatMs(f.attention)}, dispatch ${formatMs(f.dispatch)}, mlp ${formatMs(f.mlp)}, combine ${formatMs(f.combine)}`,
    `  backward: combine ${formatMs(b.combine)}, mlp input-grad ${formatMs(b.mlpInput)}, mlp weight-grad ${formatMs(b.mlpWeight)}, dispatch ${formatMs(b.dispatch)}, attention input-grad ${formatMs(b.attentionInput)}, attention weight-grad ${formatMs(b.attentionWeight)}`,
  ];
  out.push(
    p.pairOrder ? `  pair order seen: ${p.pairOrder.join(', ')}` : '  pair order: not seen in the trace',
  );
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}
