import type { CostReport } from '../../core/cost-model/report';
import { scenarioCostReport } from '../../core/cost-model/report';
import { derivedScenario } from '../../core/cost-model/scenario-derive';
import {
  DEFAULT_EFFICIENCY,
  type ModelSpec,
  PARALLEL_DEFAULTS,
  RUN_DEFAULTS,
} from '../../core/cost-model/types';
import { modelSpecSchema } from '../../core/format/derive-schema';
import { parseJsonDocument } from '../../core/format/json-text';
import { LIMITS } from '../../core/format/limits';
import { saveScenario } from '../../core/format/scenario-file';
import { decodeScenarioBytes } from '../../core/format/text-decoding';
import { type Issue, schemaIssueErrors } from '../../core/format/schema-issues';
import type { DeriveSection } from '../../core/model/derive-section';
import type { PathError } from '../../core/model/path-error';
import { MODEL_PRESETS, findGpuPreset, findModelPreset } from '../../core/presets/index';
import {
  type CliIO,
  type CommandInput,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  type Flags,
  type Progress,
  writeOutput,
} from '../command-context';
import { readBytes } from '../scenario-input';
import { formatBytes, formatPercent } from '../text-table';
import { billions } from './models';

/** The flag each derive input comes from, to name it in errors. */
const FLAG_OF: Record<string, string> = {
  'derive.model': '--model',
  'derive.hardware.gpu': '--gpu',
  'derive.parallelism.pp': '--pp',
  'derive.parallelism.ep': '--ep',
  'derive.parallelism.tp': '--tp',
  'derive.parallelism.sequenceParallel': '--tp',
  'derive.parallelism.dp': '--dp',
  'derive.parallelism.vpp': '--vpp',
  'derive.parallelism.schedule': '--schedule',
  'derive.parallelism.commSms': '--comm-sms',
  'derive.run.seqLength': '--seq',
  'derive.run.microBatchSize': '--micro-batch-size',
  'derive.run.globalBatchSequences': '--global-batch',
  'derive.run.globalBatchTokens': '--global-batch-tokens',
  'derive.run.precision': '--precision',
  'derive.run.dispatchPrecision': '--dispatch-precision',
  'derive.run.combinePrecision': '--combine-precision',
};

/** An error of the derivation in the command line's words: the flag it comes from, then the path. */
function flagError(e: PathError, modelFile: string | null): string {
  const flag = FLAG_OF[e.path];
  if (flag) return `${flag} (${e.path}): ${e.message}`;
  if (modelFile && e.path.startsWith('derive.model.'))
    return `--model ${modelFile}: ${e.path.slice('derive.model.'.length)}: ${e.message}`;
  return `${e.path}: ${e.message}`;
}

/** The model: a preset's id, or a JSON file with the model written out (or a `models --json` entry). */
function readModel(
  name: string,
  io: CliIO,
): { ok: true; model: string | ModelSpec; file: string | null } | { ok: false; lines: string[] } {
  const preset = findModelPreset(name);
  if (preset) return { ok: true, model: preset.id, file: null };
  // Read as scenario files are: at most LIMITS.fileBytes, decoded by its byte-order mark, parsed
  // within the JSON budgets.
  const read = readBytes(io, name);
  if (!read.ok)
    return {
      ok: false,
      lines: [
        `--model ${name}: not a model preset (${MODEL_PRESETS.map((p) => p.id).join(', ')}) and cannot read it as a file: ${read.errors[0].message}`,
      ],
    };
  const decoded = decodeScenarioBytes(read.bytes);
  if (!decoded.ok) return { ok: false, lines: [`${name}: ${decoded.error.path}: ${decoded.error.message}`] };
  const parsed = parseJsonDocument(decoded.text, LIMITS);
  if (!parsed.ok) return { ok: false, lines: [`${name}: ${parsed.error.path}: ${parsed.error.message}`] };
  const value = parsed.value as Record<string, unknown>;
  const spec =
    typeof value === 'object' && value !== null && !('layers' in value) && 'model' in value
      ? value.model
      : value;
  const r = modelSpecSchema.safeParse(spec);
  if (!r.success)
    return {
      ok: false,
      lines: r.error.issues
        .flatMap((i) => schemaIssueErrors(i as Issue, [], spec))
        .map((e) => `${name}: ${e.path}: ${e.message}`),
    };
  return { ok: true, model: r.data as ModelSpec, file: name };
}

/** The derive section the flags describe (the defaults of docs/cli.md where a flag is not given). */
function sectionOf(flags: Flags, model: string | ModelSpec): DeriveSection {
  const tp = flags.tp ?? 1;
  const ep = flags.ep ?? 1;
  const precision = flags.precision ?? RUN_DEFAULTS.precision;
  return {
    model,
    run: {
      ...RUN_DEFAULTS,
      seqLength: flags.seq!,
      microBatchSize: flags.microBatchSize!,
      ...(flags.globalBatch !== undefined ? { globalBatchSequences: flags.globalBatch } : {}),
      ...(flags.globalBatchTokens !== undefined ? { globalBatchTokens: flags.globalBatchTokens } : {}),
      precision,
      dispatchPrecision: flags.dispatchPrecision ?? precision,
      combinePrecision: flags.combinePrecision ?? RUN_DEFAULTS.combinePrecision,
      recompute: flags.recompute ?? RUN_DEFAULTS.recompute,
    },
    parallelism: {
      ...PARALLEL_DEFAULTS,
      pp: flags.pp!,
      schedule: flags.schedule?.[0] ?? '1f1b',
      vpp: flags.vpp ?? PARALLEL_DEFAULTS.vpp,
      tp,
      // the fewest data-parallel ranks that hold the expert-parallel group (EP divides DP x TP)
      dp: flags.dp ?? (ep % tp === 0 ? Math.max(1, ep / tp) : ep),
      ep,
      commSms: flags.commSms ?? PARALLEL_DEFAULTS.commSms,
    },
    hardware: { gpu: flags.gpu!, efficiency: { ...DEFAULT_EFFICIENCY } },
    training: { tokens: flags.tokens ?? null, pricePerGpuHour: flags.price ?? null },
    overrides: [],
  };
}

const fmt = (x: number, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en-US');
/** A large count with its magnitude: 14.8T, 1.588M, 5.303M. */
function compact(x: number): string {
  for (const [unit, size] of [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
  ] as const)
    if (Math.abs(x) >= size) return `${fmt(x / size, 4)}${unit}`;
  return fmt(x, 4);
}
/** Warnings shown in the text report before the rest are counted (--json lists them all). */
const WARNINGS_SHOWN = 3;
const giga = (x: number) => `${fmt(x / 1e9, 4)} G`;
const ratioText = (x: number | null) => (x === null ? 'no all-to-all' : `${fmt(x)} : 1`);

/** The report as text: what the model is, what one iteration takes, what the run costs. */
function reportText(r: CostReport, gpuName: string): string {
  const p = r.model.parameters;
  const f = r.model.flopsPerToken;
  const it = r.iteration;
  const s = r.scenario;
  const par = s.derive!.parallelism;
  const mem = r.memory.perDevice;
  const out: string[] = [];
  out.push(
    `${r.model.name} on ${it.gpus} ${gpuName} (PP ${par.pp} ${par.schedule}, TP ${par.tp}, EP ${par.ep}, DP ${par.dp})`,
    '',
  );
  const rows: string[][] = [
    [
      'parameters',
      `${billions(p.total)} total, ${billions(p.activated)} activated per token${p.mtp.total > 0 ? ` (MTP apart: ${billions(p.mtp.total)})` : ''}`,
    ],
    [
      'FLOPs per token',
      `forward ${giga(f.forward)}, backward ${giga(f.backward)}, training ${giga(f.training)}${f.mtp.training > 0 ? ` (+ MTP ${giga(f.mtp.training)})` : ''}`,
    ],
  ];
  if (r.allToAll.bottleneck !== null)
    rows.push([
      'all-to-all per token per MoE layer',
      `dispatch ${fmt(r.allToAll.bytesPerToken.dispatch / 1e3)} KB, combine ${fmt(r.allToAll.bytesPerToken.combine / 1e3)} KB (${r.allToAll.bottleneck === 'interNode' ? 'inter-node' : 'intra-node'} link decides)`,
    ]);
  rows.push(
    [
      'memory per device (largest)',
      `parameters ${formatBytes(mem.parameters)}, gradients ${formatBytes(mem.gradients)}, optimizer ${formatBytes(mem.optimizer)}, activations ${formatBytes(mem.activationsPerMicrobatch)} per micro-batch`,
    ],
    [
      'peak memory (simulated)',
      `${formatBytes(mem.peak)} with ${mem.peakInFlight} micro-batches in flight, of ${formatBytes(r.memory.capacity)}`,
    ],
  );
  const layer = r.computeToAllToAll.moeLayer;
  if (layer)
    rows.push([
      'computation : all-to-all',
      `${ratioText(r.computeToAllToAll.analytic)} per micro-batch; one MoE layer: forward ${ratioText(layer.forward)}, backward ${ratioText(layer.backward)}`,
    ]);
  rows.push(
    [
      'iteration',
      `${fmt(it.timeMs / 1e3, 4)} s for ${it.tokens.toLocaleString('en-US')} tokens (${it.microbatches} micro-batches per pipeline)`,
    ],
    ['tokens per second', `${compact(it.tokensPerSecond)} (all ${it.gpus} GPUs)`],
    [
      'MFU',
      `${formatPercent(it.mfu)} of the ${s.derive!.run.precision.toUpperCase()} dense peak${it.mfu !== it.mfuBf16 ? `, ${formatPercent(it.mfuBf16)} of the BF16 peak` : ''}`,
    ],
    ['GPU-hours per trillion tokens', `${compact(it.gpuHoursPerTrillionTokens)} (all GPUs)`],
  );
  if (r.run)
    rows.push([
      'training run',
      `${compact(r.run.tokens)} tokens: ${compact(r.run.gpuHours)} GPU-hours${r.run.cost === null ? '' : `, $${compact(r.run.cost)} at $${r.run.pricePerGpuHour}/GPU-hour`}`,
    ]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  for (const [k, v] of rows) out.push(`${`${k}:`.padEnd(width)}  ${v}`);
  for (const w of r.warnings.slice(0, WARNINGS_SHOWN)) out.push(`warning: ${w}`);
  if (r.warnings.length > WARNINGS_SHOWN)
    out.push(`... and ${r.warnings.length - WARNINGS_SHOWN} more warnings (--json lists them)`);
  out.push(
    '',
    'Figures and their formulas: docs/cost-model.md. One steady iteration; nothing between iterations.',
  );
  return `${out.join('\n')}\n`;
}

/**
 * `pipescope derive --model NAME|FILE --gpu NAME --pp P --ep E ...`: the cost model's figures for a
 * model on a cluster, the derived scenario simulated with its schedule; `-o` writes that scenario
 * (with its derive section), which `simulate` and the app open.
 */
export function run({ flags }: CommandInput, io: CliIO, progress: Progress): number {
  if ((flags.globalBatch === undefined) === (flags.globalBatchTokens === undefined)) {
    io.stderr(
      `pipescope: derive needs the global batch once: --global-batch G (sequences) or --global-batch-tokens N\n`,
    );
    return EXIT_USAGE;
  }
  const model = readModel(flags.model!, io);
  if (!model.ok) {
    for (const line of model.lines) io.stderr(`pipescope derive: ${line}\n`);
    return EXIT_INVALID;
  }
  const section = sectionOf(flags, model.model);
  progress.step('deriving...');
  const derived = derivedScenario(section);
  if (!derived.ok) {
    progress.done();
    for (const e of derived.errors) io.stderr(`pipescope derive: ${flagError(e, model.file)}\n`);
    return EXIT_INVALID;
  }
  progress.step('simulating...');
  const r = scenarioCostReport(derived.scenario);
  progress.done();
  if (!r.ok) {
    for (const e of r.errors)
      io.stderr(`pipescope derive: the derived scenario cannot run: ${flagError(e, model.file)}\n`);
    return EXIT_INVALID;
  }
  if (flags.output !== undefined) {
    const code = writeOutput(io, flags.output, saveScenario(r.report.scenario));
    if (code !== EXIT_OK || flags.output === '-') return code;
  }
  if (flags.json) io.stdout(`${JSON.stringify(r.report, null, 2)}\n`);
  else {
    io.stdout(reportText(r.report, findGpuPreset(flags.gpu!)?.gpu.name ?? flags.gpu!));
    if (flags.output !== undefined) io.stdout(`wrote ${flags.output}\n`);
  }
  return EXIT_OK;
}
