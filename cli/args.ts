import { LIMITS } from '../core/format/limits';
import { PAIRINGS, type ScheduleName } from '../core/model/scenario';
import { GPU_PRESETS, MODEL_PRESETS } from '../core/presets/index';
import { PAIRING_CHOICES } from '../core/tune/space';
import { RECOMPUTE_CHOICES } from '../core/tune/scaling';
import { parseStreamRoleKey } from '../core/trace/mapping';
import { allSchedules, isScheduleName, scheduleNames } from '../core/schedules/registry';

import { EXPORT_FORMATS, type Flags } from './command-context';
import { COMMAND_LIST, type Command, type CommandSpec } from './command-list';

/** Command-line parsing: pure, so every rule is unit-tested without spawning a process. */
export const COMMANDS = Object.keys(COMMAND_LIST) as Command[];
export type { Command, Flags };

export interface ParsedArgs {
  command: Command | 'help' | 'version';
  positionals: string[];
  flags: Flags;
}

/** A bad command line: one line naming the flag (or argument) and what it accepts. Exit code 2. */
export interface UsageError {
  usageError: string;
}

type Spec = {
  key: keyof Flags;
  /** The flag as another command takes it (tune takes lists where simulate takes one value). */
  variants?: Partial<Record<Command, Omit<Spec, 'variants'>>>;
  /** Placeholder in the usage text; absent: a switch without a value. */
  value?: string;
  help: string;
  parse?: (raw: string, flag: string, command: Command) => unknown;
  /** The flag may be given several times; its values are collected in an array, in order. */
  repeatable?: true;
};

const int = (min: number, max: number, what: string) => (raw: string, flag: string) => {
  const n = /^\+?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max
    ? n
    : usage(
        `${flag} must be a whole number of ${what} from ${fmt(min)} to ${fmt(max)} (got ${JSON.stringify(raw)})`,
      );
};

const ms = (raw: string, flag: string) => {
  const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= LIMITS.ms
    ? n
    : usage(`${flag} must be a time in ms from 0 to ${fmt(LIMITS.ms)} (got ${JSON.stringify(raw)})`);
};

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function usage(message: string): UsageError {
  return { usageError: message };
}

export function isUsageError(x: unknown): x is UsageError {
  return typeof x === 'object' && x !== null && 'usageError' in x;
}

/** Commands whose --schedule takes a list a,b,...: render stacks them, compare puts them side by side. */
const LIST_COMMANDS: readonly Command[] = ['render', 'compare'];

const scheduleList = (raw: string, flag: string, command: Command) => {
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!isScheduleName(n))
      return usage(`${flag} must be one of ${scheduleNames().join(', ')} (got ${JSON.stringify(n)})`);
  }
  if (names.length > 1 && !LIST_COMMANDS.includes(command)) {
    return usage(
      `${flag} takes one schedule for ${command} (got ${names.length}); only render and compare take several with a,b`,
    );
  }
  if (new Set(names).size !== names.length)
    return usage(`${flag} names a schedule twice (got ${JSON.stringify(raw)})`);
  return names as ScheduleName[];
};

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string, flag: string) =>
    (values as readonly string[]).includes(raw)
      ? (raw as T)
      : usage(`${flag} must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})`);

const text = (raw: string) => raw;

/** `7=comm` (every rank) or `0:7=compute` (rank 0 only). */
const streamRole = (raw: string, flag: string) => {
  const m = /^([^=]+)=(compute|comm)$/.exec(raw);
  const key = m ? parseStreamRoleKey(m[1]) : null;
  return m && key
    ? { ...key, role: m[2] }
    : usage(`${flag} takes STREAM=compute|comm or RANK:STREAM=compute|comm (got ${JSON.stringify(raw)})`);
};

/** A number from `min` (exclusive when `above`) to `max`, in plain or exponent notation (14.8e12). */
const amount =
  (min: number, max: number, what: string, above = false) =>
  (raw: string, flag: string) => {
    const n = /^\s*[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
    return Number.isFinite(n) && (above ? n > min : n >= min) && n <= max
      ? n
      : usage(
          `${flag} must be ${what} ${above ? 'greater than' : 'from'} ${fmt(min)} ${above ? 'and at most' : 'to'} ${fmt(max)} (got ${JSON.stringify(raw)})`,
        );
  };

const PRECISIONS = ['bf16', 'fp8'] as const;
/** A comma list of values each `one` accepts, or A..B (every whole number from A to B) when `range`. */
const list =
  <T>(
    one: (raw: string, flag: string) => T | UsageError,
    what: string,
    range?: { min: number; max: number },
  ) =>
  (raw: string, flag: string): T[] | UsageError => {
    const r = range ? /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(raw) : null;
    if (r && range) {
      const a = Number(r[1]);
      const b = Number(r[2]);
      if (!(a >= range.min && b <= range.max && a <= b))
        return usage(
          `${flag} range A..B must have ${fmt(range.min)} <= A <= B <= ${fmt(range.max)} (got ${JSON.stringify(raw)})`,
        );
      return Array.from({ length: b - a + 1 }, (_, i) => (a + i) as T);
    }
    const parts = raw.split(',').map((x) => x.trim());
    if (parts.some((x) => x === ''))
      return usage(
        `${flag} takes a comma list of ${what}${range ? ' or a range A..B' : ''} (got ${JSON.stringify(raw)})`,
      );
    const out: T[] = [];
    for (const x of parts) {
      const v = one(x, flag);
      if (isUsageError(v)) return v;
      out.push(v);
    }
    if (new Set(out.map((v) => JSON.stringify(v))).size !== out.length)
      return usage(`${flag} names a value twice (got ${JSON.stringify(raw)})`);
    return out;
  };

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** A size in bytes: a number with an optional unit (80GB = 80e9, 80GiB = 80 x 2^30). */
const bytes = (raw: string, flag: string) => {
  const m = /^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*([kmgt]i?b|b)?\s*$/i.exec(raw);
  const n = m ? Number(m[1] + (m[2] ?? '')) * BYTE_UNITS[(m[3] ?? '').toLowerCase()] : Number.NaN;
  return Number.isFinite(n) && n > 0 && n <= LIMITS.bytes
    ? n
    : usage(
        `${flag} must be a size in bytes above 0, optionally with a unit (80GB, 80GiB, 85899345920; got ${JSON.stringify(raw)})`,
      );
};

/** I/N: the I-th of N slices, 1 <= I <= N. */
const shard = (raw: string, flag: string) => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  return index >= 1 && index <= count && count <= MAX_SHARDS
    ? { index, count }
    : usage(
        `${flag} must be I/N with 1 <= I <= N <= ${fmt(MAX_SHARDS)}, e.g. 3/8 (got ${JSON.stringify(raw)})`,
      );
};

/** Most shards of one space: far more than any batch array; a cap so a typo says so. */
const MAX_SHARDS = 100_000;
/** Most worker threads of one tune run. */
const MAX_JOBS = 256;

const budget = (raw: string, flag: string) =>
  raw === 'default' ? null : int(1, LIMITS.activationBudget, 'micro-batch activations')(raw, flag);

/** Largest --layers-per-chunk: as the mapping file's layersPerChunk (core/trace/mapping.ts). */
const MAX_LAYERS_PER_CHUNK = 10_000;

export const FLAG_SPECS: Record<string, Spec> = {
  '--schedule': {
    key: 'schedule',
    value: 'NAME',
    // a getter: schedules registered at run time are listed too
    get help() {
      return `schedule: ${scheduleNames().join(', ')} (render and compare: a list a,b,...)`;
    },
    parse: scheduleList,
  },
  '--devices': {
    key: 'devices',
    value: 'P',
    help: `pipeline devices, 1..${fmt(LIMITS.devices)}`,
    parse: int(1, LIMITS.devices, 'devices'),
  },
  '--microbatches': {
    key: 'microbatches',
    value: 'M',
    help: `micro-batches per iteration, 1..${fmt(LIMITS.microbatches)}`,
    parse: int(1, LIMITS.microbatches, 'micro-batches'),
    variants: {
      tune: {
        key: 'microbatchList',
        value: 'LIST|A..B',
        help: `micro-batch counts m to try, the global batch fixed (default m0 x 1/4, 1/2, 1, 2, 4), 1..${fmt(LIMITS.microbatches)}`,
        parse: list(int(1, LIMITS.microbatches, 'micro-batches'), 'micro-batch counts', {
          min: 1,
          max: LIMITS.microbatches,
        }),
      },
    },
  },
  '--chunks': {
    key: 'chunks',
    value: 'V',
    get help() {
      return `model chunks per device (${chunkTakers()}), 1..${LIMITS.chunks}`;
    },
    parse: int(1, LIMITS.chunks, 'chunks'),
    variants: {
      tune: {
        key: 'chunkList',
        value: 'LIST',
        get help() {
          return `v to try for ${chunkTakers()} (default 1,2,3,4 within each one's rule), 1..${LIMITS.chunks}`;
        },
        parse: list(int(1, LIMITS.chunks, 'chunks'), 'chunk counts', { min: 1, max: LIMITS.chunks }),
      },
    },
  },
  '--group-size': {
    key: 'groupSize',
    value: 'G',
    get help() {
      const takers = allSchedules().filter((g) => g.takesGroupSize);
      return `micro-batches per group of virtual-stage forwards, Megatron's microbatch_group_size_per_vp_stage (${takers.map((g) => g.name).join(', ')}; default P), 1..${fmt(LIMITS.microbatches)}`;
    },
    parse: int(1, LIMITS.microbatches, 'micro-batches'),
  },
  '--pairing': {
    key: 'pairing',
    value: 'PAIRING',
    help: `overlapped F&B pairs: ${PAIRINGS.join(' | ')}`,
    parse: oneOf(PAIRINGS),
    variants: {
      tune: {
        key: 'pairingList',
        value: 'LIST',
        help: `pairings to try: ${PAIRING_CHOICES.join(', ')} (on: what the schedule supports; default off,on)`,
        parse: list(oneOf(PAIRING_CHOICES), 'pairings'),
      },
    },
  },
  '--forward': { key: 'forward', value: 'MS', help: 'forward F per micro-batch per device, ms', parse: ms },
  '--backward-input': {
    key: 'backwardInput',
    value: 'MS',
    help: 'backward for the input B per micro-batch per device, ms',
    parse: ms,
  },
  '--backward-weight': {
    key: 'backwardWeight',
    value: 'MS',
    help: 'backward for the weights W per micro-batch per device, ms',
    parse: ms,
  },
  '--p2p': { key: 'p2p', value: 'MS', help: 'one P2P transfer between devices, ms', parse: ms },
  '--order': {
    key: 'order',
    value: 'FILE',
    help: "run this order as the custom schedule: PyTorch's pipelining CSV or PipeScope's order JSON (docs/orders.md)",
    parse: text,
  },
  '--json': { key: 'json', help: 'print one JSON object instead of a table' },
  '--output': { key: 'output', value: 'FILE', help: 'file to write ("-" for stdout)', parse: text },
  '--format': {
    key: 'format',
    value: 'FORMAT',
    help: EXPORT_FORMATS.join(' | '),
    parse: oneOf(EXPORT_FORMATS),
  },
  '--theme': { key: 'theme', value: 'THEME', help: 'light | dark', parse: oneOf(['light', 'dark'] as const) },
  '--title': {
    key: 'title',
    value: 'TEXT',
    help: 'title of the picture (default: the scenario name)',
    parse: text,
  },
  '--quiet': { key: 'quiet', help: 'no progress on stderr' },
  '--write': { key: 'write', help: 'rewrite each file in place (atomically), only when it changes' },
  '--map': {
    key: 'map',
    value: 'MAPPING.json',
    help: 'annotation names -> chunk parts, stream roles, layers per chunk (docs/traces.md)',
    parse: text,
  },
  '--scenario': {
    key: 'scenario',
    value: 'BASE.json',
    help: 'write BASE with the measured parts to -o OUT.json',
    parse: text,
  },
  '--stream-role': {
    key: 'streamRoles',
    value: '[RANK:]STREAM=compute|comm',
    help: "set a stream's role (repeatable)",
    parse: streamRole,
    repeatable: true,
  },
  '--layers-per-chunk': {
    key: 'layersPerChunk',
    value: 'N',
    help: `annotation ranges (layers) that make one chunk, 1..${fmt(MAX_LAYERS_PER_CHUNK)}`,
    parse: int(1, MAX_LAYERS_PER_CHUNK, 'layers'),
  },
  '--model': {
    key: 'model',
    value: 'NAME|FILE',
    get help() {
      return `model preset (${MODEL_PRESETS.map((p) => p.id).join(', ')}) or a JSON file with the model written out`;
    },
    parse: text,
  },
  '--gpu': {
    key: 'gpu',
    value: 'NAME',
    help: `GPU preset: ${GPU_PRESETS.map((p) => p.id).join(', ')}`,
    parse: oneOf(GPU_PRESETS.map((p) => p.id)),
  },
  '--pp': {
    key: 'pp',
    value: 'P',
    help: `pipeline ranks, 1..${fmt(LIMITS.devices)}`,
    parse: int(1, LIMITS.devices, 'ranks'),
  },
  '--ep': {
    key: 'ep',
    value: 'E',
    help: 'expert-parallel ranks (divides DP x TP)',
    parse: int(1, 1e6, 'ranks'),
  },
  '--tp': {
    key: 'tp',
    value: 'T',
    help: 'tensor-parallel ranks (default 1)',
    parse: int(1, LIMITS.devices, 'ranks'),
  },
  '--dp': {
    key: 'dp',
    value: 'D',
    help: 'data-parallel ranks (default: the fewest that hold EP, EP / TP)',
    parse: int(1, 1e6, 'ranks'),
  },
  '--vpp': {
    key: 'vpp',
    value: 'V',
    help: `model chunks per device for interleaved-1f1b, 1..${LIMITS.chunks}`,
    parse: int(1, LIMITS.chunks, 'chunks'),
  },
  '--seq': { key: 'seq', value: 'S', help: 'tokens per sequence', parse: int(1, 1e8, 'tokens') },
  '--micro-batch-size': {
    key: 'microBatchSize',
    value: 'B',
    help: 'sequences per micro-batch',
    parse: int(1, 1e6, 'sequences'),
  },
  '--global-batch': {
    key: 'globalBatch',
    value: 'G',
    help: 'sequences per iteration (or --global-batch-tokens)',
    parse: int(1, 1e9, 'sequences'),
  },
  '--global-batch-tokens': {
    key: 'globalBatchTokens',
    value: 'N',
    help: 'tokens per iteration, a whole number of sequences (or --global-batch)',
    parse: int(1, 1e15, 'tokens'),
  },
  '--precision': {
    key: 'precision',
    value: 'fp8|bf16',
    help: "the transformer blocks' GEMMs (default bf16)",
    parse: oneOf(PRECISIONS),
  },
  '--dispatch-precision': {
    key: 'dispatchPrecision',
    value: 'fp8|bf16',
    help: 'all-to-all towards the experts (default: as --precision)',
    parse: oneOf(PRECISIONS),
  },
  '--combine-precision': {
    key: 'combinePrecision',
    value: 'fp8|bf16',
    help: 'all-to-all back from the experts (default bf16)',
    parse: oneOf(PRECISIONS),
  },
  '--recompute': {
    key: 'recompute',
    value: 'none|selective|full',
    help: 'activation recomputation (default none)',
    parse: oneOf(['none', 'selective', 'full'] as const),
    variants: {
      tune: {
        key: 'recomputeList',
        value: 'LIST',
        help: `activation recomputation to try, ${RECOMPUTE_CHOICES.join(', ')} (costs from the cost model only)`,
        parse: list(oneOf(RECOMPUTE_CHOICES), 'recomputation modes'),
      },
    },
  },
  '--comm-sms': {
    key: 'commSms',
    value: 'N',
    help: 'SMs reserved for communication kernels (default 0)',
    parse: int(0, LIMITS.smTotal, 'SMs'),
  },
  '--tokens': {
    key: 'tokens',
    value: 'N',
    help: 'tokens of the whole training run (e.g. 14.8e12), for its GPU-hours',
    parse: amount(0, 1e18, 'a number of tokens', true),
  },
  '--price': {
    key: 'price',
    value: 'USD',
    help: 'price of one GPU-hour, for the run cost',
    parse: amount(0, 1e9, 'a price in USD'),
  },
};

/** tune's own flags (docs/tune.md). */
const TUNE_FLAGS: Record<string, Spec> = {
  '--schedules': {
    key: 'schedules',
    value: 'a,b,...',
    get help() {
      return `schedules to try (default all): ${scheduleNames().join(', ')}`;
    },
    parse: list((raw, flag) => {
      const v = scheduleList(raw, flag, 'compare');
      return isUsageError(v) ? v : v[0];
    }, 'schedules'),
  },
  '--sm-reserved': {
    key: 'smReserved',
    value: 'LIST|A..B',
    help: `SMs reserved for communication to try (chunks with parts only; default the scenario's), 0..${fmt(LIMITS.smTotal)}`,
    parse: list(int(0, LIMITS.smTotal, 'SMs'), 'SM counts', { min: 0, max: LIMITS.smTotal }),
  },
  '--activation-budget': {
    key: 'activationBudgets',
    value: 'LIST',
    get help() {
      const takers = allSchedules().filter((g) => g.takesActivationBudget);
      return `memory.activationBudget values to try for ${takers.map((g) => g.name).join(', ')} ("default": the schedule's; default P, 1.5P, default), 1..${fmt(LIMITS.activationBudget)}`;
    },
    parse: list(budget, 'budgets'),
  },
  '--capacity': {
    key: 'capacity',
    value: 'BYTES',
    help: "device memory capacity every configuration must fit (default the scenario's memory.capacity), e.g. 80GB",
    parse: bytes,
  },
  '--activation-limit': {
    key: 'activationLimit',
    value: 'BYTES',
    help: 'also keep peak activation memory per device within this (optional)',
    parse: bytes,
  },
  '--jobs': {
    key: 'jobs',
    value: 'N',
    help: `worker threads (default: one per CPU), 1..${MAX_JOBS}`,
    parse: int(1, MAX_JOBS, 'threads'),
  },
  '--shard': {
    key: 'shard',
    value: 'I/N',
    help: 'evaluate the I-th of N slices of the space and write JSON lines (merge them with --merge)',
    parse: shard,
  },
  '--merge': { key: 'merge', help: 'combine the JSON lines of --shard runs (the arguments) into one report' },
};
Object.assign(FLAG_SPECS, TUNE_FLAGS);

function chunkTakers(): string {
  return allSchedules()
    .filter((g) => g.chunks.from === 'scenario')
    .map((g) => g.name)
    .join(', ');
}

/** The flag as `command` takes it. */
function specFor(name: string, command: Command): Spec | undefined {
  const spec = FLAG_SPECS[name];
  return spec?.variants?.[command] ?? spec;
}

const ALIASES: Record<string, string> = { '-o': '--output', '-q': '--quiet' };

const COMMAND_SPECS: Record<Command, CommandSpec> = COMMAND_LIST;

export function parseArgs(argv: readonly string[]): ParsedArgs | UsageError {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    return { command: 'help', positionals: [], flags: {} };
  }
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version', positionals: [], flags: {} };
  const first = argv[0];
  if (!(COMMANDS as readonly string[]).includes(first)) {
    return usage(
      `unknown command ${JSON.stringify(first)}; commands: ${COMMANDS.join(', ')} (pipescope --help)`,
    );
  }
  const command = first as Command;
  const spec = COMMAND_SPECS[command];
  const positionals: string[] = [];
  const flags: Flags = {};
  const seen = new Set<string>();
  let onlyPositionals = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { command: 'help', positionals: [command], flags: {} };
    const eq = arg.indexOf('=');
    const rawName = eq > 0 ? arg.slice(0, eq) : arg;
    const name = ALIASES[rawName] ?? rawName;
    const flagSpec = specFor(name, command);
    if (!flagSpec || !spec.flags.includes(name)) {
      const valid =
        spec.flags.length > 0 ? `; ${command} takes ${spec.flags.join(', ')}` : `; ${command} takes no flags`;
      return usage(`unknown flag ${rawName} for ${command}${valid}`);
    }
    if (seen.has(name) && !flagSpec.repeatable) return usage(`${name} is given twice`);
    seen.add(name);
    if (!flagSpec.value) {
      if (eq > 0) return usage(`${name} takes no value (got ${JSON.stringify(arg.slice(eq + 1))})`);
      (flags as Record<string, unknown>)[flagSpec.key] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq > 0) raw = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && argv[i + 1].length > 2))
      raw = argv[++i];
    if (raw === undefined) return usage(`${name} needs a value: ${flagSpec.value} (${flagSpec.help})`);
    const value = flagSpec.parse!(raw, name, command);
    if (isUsageError(value)) return value;
    const all = flags as Record<string, unknown>;
    if (flagSpec.repeatable) all[flagSpec.key] = [...((all[flagSpec.key] as unknown[]) ?? []), value];
    else all[flagSpec.key] = value;
  }
  if (positionals.length < spec.min) {
    return usage(
      `${command} needs ${spec.args} (pipescope ${command} ${spec.args}${spec.flags.length ? ' [flags]' : ''})`,
    );
  }
  if (positionals.length > spec.max) {
    return usage(
      `${command} takes ${spec.max === 0 ? 'no arguments' : `at most ${spec.max} file`} (got ${JSON.stringify(positionals[spec.max])} too)`,
    );
  }
  for (const [flag, needs] of Object.entries(spec.together ?? {})) {
    if (seen.has(flag) && !seen.has(needs)) {
      const s = specFor(needs, command)!;
      return usage(`${flag} needs ${needs === '--output' ? '-o FILE' : `${needs} ${s.value}`} (${s.help})`);
    }
  }
  // --order runs the custom schedule: another schedule named beside it would be ignored
  if (seen.has('--order') && seen.has('--schedule'))
    return usage('--order runs the order as the custom schedule; give --order or --schedule, not both');
  for (const r of spec.required ?? []) {
    if (!seen.has(r)) {
      const s = specFor(r, command)!;
      return usage(`${command} needs ${r === '--output' ? '-o FILE' : `${r} ${s.value}`} (${s.help})`);
    }
  }
  return { command, positionals, flags };
}

export function usageText(command?: string): string {
  const lines: string[] = [];
  const commands =
    command && (COMMANDS as readonly string[]).includes(command) ? [command as Command] : [...COMMANDS];
  if (commands.length > 1) {
    lines.push('PipeScope: design pipeline-parallel training schedules and see what they cost.', '');
    lines.push('Usage: pipescope <command> [arguments] [flags]', '');
  }
  for (const c of commands) {
    const s = COMMAND_SPECS[c];
    lines.push(`  pipescope ${c}${s.args ? ` ${s.args}` : ''}${s.flags.length ? ' [flags]' : ''}`);
    lines.push(`      ${s.summary}`);
    if (commands.length === 1) {
      for (const usageLine of s.more ?? []) lines.push(`  pipescope ${c} ${usageLine}`);
      for (const f of s.flags) {
        const fs = specFor(f, c)!;
        const alias = Object.keys(ALIASES).find((a) => ALIASES[a] === f);
        lines.push(`      ${alias ? `${alias}, ` : ''}${f}${fs.value ? ` ${fs.value}` : ''}  ${fs.help}`);
      }
    }
  }
  lines.push('');
  lines.push(
    'Exit codes: 0 ok; 1 a scenario or trace is invalid, cannot run or cannot be read (errors name their path); 2 bad flags; 130 trace cancelled (Ctrl-C).',
  );
  if (commands.length > 1)
    lines.push('pipescope <command> --help lists its flags; docs/cli.md has the whole contract.');
  return `${lines.join('\n')}\n`;
}
