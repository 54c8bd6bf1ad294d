// `pipescope trace`: read profiler traces, print per-rank figures and measured part times, and
// optionally write a scenario with the measured parts. See docs/traces.md.
import { analyze } from '../core/analyze';
import { parseJsonDocument } from '../core/format/json-text';
import { LIMITS } from '../core/format/limits';
import { ROOT_PATH } from '../core/format/paths';
import { saveScenario } from '../core/format/scenario-file';
import { decodeScenarioBytes } from '../core/format/text-decoding';
import { withMeasuredParts } from '../core/trace/apply';
import {
  type TraceMapping,
  defaultTraceMapping,
  parseStreamRoleKey,
  parseTraceMapping,
} from '../core/trace/mapping';
import type { MeasuredParts } from '../core/trace/parts';
import { readTrace } from '../core/trace/reader';
import {
  type TraceInput,
  type TraceSummary,
  summarizeTraces,
  traceSummaryToJson,
} from '../core/trace/summary';
import type { TextChunkDecoder } from '../core/trace/utf8';
import {
  type CliIO,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  errorMessage,
  escapedIO,
  printError,
} from './command-context';
import { loadFile, printErrors, printWarning, readBytes } from './scenario-input';
import { terminalText } from './terminal-text';
import { formatMs, formatPercent, table } from './text-table';

/** A trace file opened for reading. */
export interface TraceSource {
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** File size in bytes (as stored, compressed or not), for progress. */
  size?: number;
  /** Bytes of the file read so far. */
  position?: () => number;
  close?: () => void;
}

export interface TraceIO extends CliIO {
  /** Throws when the file cannot be opened. */
  openTrace(path: string): TraceSource;
  /** Checked between chunks: reading stops, the command says so and exits 1. */
  signal?: { readonly aborted: boolean };
  decoder?: TextChunkDecoder;
  /** Milliseconds, for throttling progress lines (default Date.now). */
  now?: () => number;
}

export const TRACE_USAGE = `pipescope trace FILE... [--map MAPPING.json] [--stream-role [RANK:]STREAM=compute|comm]...
                [--layers-per-chunk N] [--json] [--quiet]
pipescope trace FILE... --scenario BASE.json -o OUT.json [same flags]

Reads PyTorch profiler traces (.json or .json.gz, one per rank) and prints, per rank, each GPU
stream's role and busy time, computation and communication time, overlap (HTA), exposed
communication, idle time, and GPU time per annotation. Annotation names that map to chunk parts
(DeepSeek's attn(F), dispatch(F), mlp(B), mlp(W), combine(B)...; Megatron's "attn forward"...;
or --map) give measured part times; --scenario writes BASE with them as OUT. See docs/traces.md.
`;

interface TraceArgs {
  files: string[];
  map?: string;
  json: boolean;
  quiet: boolean;
  scenario?: string;
  output?: string;
  layersPerChunk?: number;
  streamRoles: { rank: number | null; stream: number; role: 'compute' | 'comm' }[];
  help: boolean;
}

function parseTraceArgs(argv: readonly string[]): TraceArgs | { usageError: string } {
  const a: TraceArgs = { files: [], json: false, quiet: false, streamRoles: [], help: false };
  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (flagsDone || !arg.startsWith('-') || arg === '-') {
      a.files.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | { usageError: string } => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) return { usageError: `${flag} needs a value` };
      return argv[++i];
    };
    switch (flag) {
      case '--json':
        a.json = true;
        break;
      case '-q':
      case '--quiet':
        a.quiet = true;
        break;
      case '-h':
      case '--help':
        a.help = true;
        break;
      case '--map':
      case '--scenario':
      case '-o':
      case '--output': {
        const v = value();
        if (typeof v !== 'string') return v;
        if (flag === '--map') a.map = v;
        else if (flag === '--scenario') a.scenario = v;
        else a.output = v;
        break;
      }
      case '--layers-per-chunk': {
        const v = value();
        if (typeof v !== 'string') return v;
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 10_000)
          return { usageError: `--layers-per-chunk must be a whole number from 1 to 10,000 (got "${v}")` };
        a.layersPerChunk = n;
        break;
      }
      case '--stream-role': {
        const v = value();
        if (typeof v !== 'string') return v;
        const m = /^([^=]+)=(compute|comm)$/.exec(v);
        const key = m ? parseStreamRoleKey(m[1]) : null;
        if (!m || !key)
          return {
            usageError: `--stream-role takes STREAM=compute|comm or RANK:STREAM=compute|comm (got "${v}")`,
          };
        a.streamRoles.push({ ...key, role: m[2] as 'compute' | 'comm' });
        break;
      }
      default:
        return { usageError: `unknown flag ${flag} for trace; see pipescope trace --help` };
    }
  }
  if (a.help) return a;
  if (a.files.length === 0) return { usageError: 'trace needs at least one trace FILE (.json or .json.gz)' };
  if (a.scenario !== undefined && a.output === undefined)
    return {
      usageError: '--scenario needs -o OUT.json (where to write the scenario with the measured parts)',
    };
  if (a.output !== undefined && a.scenario === undefined)
    return { usageError: '-o needs --scenario BASE.json (trace writes a scenario; without it, it prints)' };
  return a;
}

/**
 * The mapping: defaults, or the --map file, with the command line's overrides on top. The file is
 * read like a scenario file: at most LIMITS.fileBytes, decoded by its byte-order mark, parsed
 * within the JSON budgets.
 */
function loadMapping(args: TraceArgs, io: CliIO): TraceMapping | null {
  let mapping = defaultTraceMapping();
  if (args.map !== undefined) {
    const read = readBytes(io, args.map);
    if (!read.ok) {
      printErrors(io, args.map, read.errors);
      return null;
    }
    const decoded = decodeScenarioBytes(read.bytes);
    if (!decoded.ok) {
      printErrors(io, args.map, [decoded.error]);
      return null;
    }
    for (const w of decoded.warnings) printWarning(io, args.map, w);
    const parsed = parseJsonDocument(decoded.text, LIMITS);
    if (!parsed.ok) {
      printErrors(io, args.map, [parsed.error]);
      return null;
    }
    const m = parseTraceMapping(parsed.value, args.map);
    if (!m.ok) {
      printErrors(io, args.map, m.errors);
      return null;
    }
    mapping = m.mapping;
  }
  if (args.layersPerChunk !== undefined) mapping.layersPerChunk = args.layersPerChunk;
  // Command-line roles win over the file's: they come first.
  mapping.streamRoles = [...args.streamRoles, ...mapping.streamRoles];
  return mapping;
}

/** Progress on stderr, overwritten in place, at most every PROGRESS_MS; only on a terminal. */
const PROGRESS_MS = 100;

/**
 * Runs `pipescope trace` with the arguments after the command name; the exit code. What it prints
 * goes through terminalText, as every command's output does (a trace's annotation names, a file's
 * name and a scenario's fields are user text); errors are `SOURCE: PATH: MESSAGE`.
 */
export async function traceCommand(argv: readonly string[], rawIO: TraceIO): Promise<number> {
  const io = escapedIO(rawIO);
  const args = parseTraceArgs(argv);
  if ('usageError' in args) {
    io.stderr(`pipescope: ${args.usageError}\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout(TRACE_USAGE);
    return EXIT_OK;
  }
  const mapping = loadMapping(args, io);
  if (!mapping) return EXIT_INVALID;

  const showProgress = io.stderrIsTTY === true && !args.quiet;
  const now = io.now ?? Date.now;
  let shown = false;
  const inputs: TraceInput[] = [];
  for (const file of args.files) {
    let source: TraceSource;
    try {
      source = io.openTrace(file);
    } catch (e) {
      printError(io, file, ROOT_PATH, `cannot read the file: ${errorMessage(e)}`);
      return EXIT_INVALID;
    }
    let last = 0;
    let result: Awaited<ReturnType<typeof readTrace>>;
    try {
      result = await readTrace(source.chunks, {
        signal: io.signal,
        decoder: io.decoder,
        onProgress: (p) => {
          if (!showProgress || now() - last < PROGRESS_MS) return;
          last = now();
          const pos = source.position?.();
          const pct =
            source.size && pos !== undefined
              ? ` ${Math.min(100, Math.floor((100 * pos) / source.size))}%`
              : '';
          // The one raw write: the progress line's own control sequence (the name is escaped).
          rawIO.stderr(
            `\r\x1b[Kreading ${terminalText(file)}:${pct} (${(p.bytes / 1e6).toFixed(1)} MB, ${p.events.toLocaleString('en-US')} events)`,
          );
          shown = true;
        },
      });
    } catch (e) {
      // The edge failed under the reader (unreadable or corrupt gzip data).
      if (shown) rawIO.stderr('\r\x1b[K');
      printError(io, file, ROOT_PATH, `cannot read the file: ${errorMessage(e)}`);
      return EXIT_INVALID;
    } finally {
      source.close?.();
    }
    if (shown) rawIO.stderr('\r\x1b[K');
    shown = false;
    if (!result.ok) {
      printErrors(io, file, result.errors);
      return EXIT_INVALID;
    }
    inputs.push({ source: file, trace: result.trace });
  }

  const summarized = summarizeTraces(inputs, mapping);
  if (!summarized.ok) {
    for (const e of summarized.errors) printError(io, e.source, e.path, e.message);
    return EXIT_INVALID;
  }
  const summary = summarized.summary;
  for (const w of summary.warnings) printWarning(io, w.source, w.message);

  if (args.scenario !== undefined) {
    const code = writeScenario(args.scenario, args.output!, summary, io);
    if (code !== EXIT_OK) return code;
  }
  if (args.json) io.stdout(`${JSON.stringify(traceSummaryToJson(summary))}\n`);
  else if (args.scenario === undefined) io.stdout(summaryText(summary));
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
  const { scenario, notes } = withMeasuredParts(loaded.scenario, measured, {
    files: summary.files.map((f) => f.source),
    date: dates[0] ?? null,
    mapping: summary.mapping,
  });
  for (const n of notes) io.stderr(`${terminalText(outPath)}: note: ${terminalText(n)}\n`);
  const check = analyze(scenario);
  if (!check.ok)
    for (const e of check.errors)
      printWarning(io, outPath, `${e.path}: ${e.message} (the scenario is written anyway)`);
  try {
    io.writeFile(outPath, saveScenario(scenario));
  } catch (e) {
    printError(io, outPath, ROOT_PATH, `cannot write the file: ${errorMessage(e)}`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
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
