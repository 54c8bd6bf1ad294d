import type { RunCommand } from './command-context';

/**
 * The commands of `pipescope`, one entry each: what its usage line says, which flags it takes, how
 * many files, and where its code is. The code is loaded only when the command runs (a dynamic
 * import: the bundle splits there), so `pipescope schedules` does not parse the simulator, the
 * exporters or the file format's schema.
 *
 * Adding a command: write commands/<name>.ts exporting `run` (a RunCommand, see command-context.ts),
 * add its entry here, describe it in docs/cli.md. New flags go into FLAG_SPECS (args.ts).
 */

/** Flags every command that reads a scenario takes to override its fields. */
const OVERRIDES = [
  '--devices',
  '--microbatches',
  '--chunks',
  '--group-size',
  '--pairing',
  '--forward',
  '--backward-input',
  '--backward-weight',
  '--p2p',
];

export interface CommandSpec {
  /** The arguments in the usage line, e.g. `[SCENARIO.json]`. */
  args: string;
  /** How many positional arguments it takes. */
  min: number;
  max: number;
  /** The flags it takes (names as in FLAG_SPECS). */
  flags: string[];
  /** Flags it cannot run without. */
  required?: string[];
  /** Flags that need another: `{'--scenario': '--output'}`. */
  together?: Record<string, string>;
  summary: string;
  /** Further usage lines its own --help shows (arguments and flags after the command name). */
  more?: string[];
}

export const COMMAND_LIST = {
  schedules: {
    args: '',
    min: 0,
    max: 0,
    flags: ['--json'],
    summary: 'list the schedules, one line each',
    load: () => import('./commands/schedules'),
  },
  simulate: {
    args: '[SCENARIO.json]',
    min: 0,
    max: 1,
    flags: ['--schedule', '--order', ...OVERRIDES, '--json', '--quiet'],
    summary: 'simulate one schedule (or --order FILE, a custom order); a table, or --json',
    load: () => import('./commands/simulate'),
  },
  compare: {
    args: '[SCENARIO.json]',
    min: 0,
    max: 1,
    flags: ['--schedule', ...OVERRIDES, '--json', '--quiet'],
    summary: 'every applicable schedule (or those of --schedule a,b,...) side by side',
    load: () => import('./commands/compare'),
  },
  render: {
    args: 'SCENARIO',
    min: 1,
    max: 1,
    flags: ['--schedule', '--order', '--output', ...OVERRIDES, '--theme', '--title', '--quiet'],
    required: ['--output'],
    summary: 'draw the timeline as SVG (--schedule a,b stacks several)',
    load: () => import('./commands/render'),
  },
  export: {
    args: 'SCENARIO',
    min: 1,
    max: 1,
    flags: ['--format', '--output', '--schedule', '--order', ...OVERRIDES, '--quiet'],
    required: ['--format', '--output'],
    summary:
      "write a Chrome/Perfetto trace, CSV of ops, the simulate JSON, PyTorch's pipelining CSV or the order JSON",
    load: () => import('./commands/export'),
  },
  fmt: {
    args: 'FILE...',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    flags: ['--output', '--write', '--quiet'],
    summary: 'write scenario files in canonical form, migrated to the current version (as Save does)',
    load: () => import('./commands/fmt'),
  },
  validate: {
    args: 'FILE...',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    flags: [],
    summary: 'check scenario files',
    load: () => import('./commands/validate'),
  },
  trace: {
    args: 'FILE...',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    flags: ['--map', '--stream-role', '--layers-per-chunk', '--scenario', '--output', '--json', '--quiet'],
    together: { '--scenario': '--output', '--output': '--scenario' },
    summary:
      'read PyTorch profiler traces (.json, .json.gz): per-rank figures, GPU time per annotation, part times',
    more: ['FILE... --scenario BASE.json -o OUT.json   (BASE with the measured parts; docs/traces.md)'],
    load: () => import('./commands/trace'),
  },
  models: {
    args: '',
    min: 0,
    max: 0,
    flags: ['--json'],
    summary: 'list the model presets: parameters (total, activated), layers, attention, experts',
    load: () => import('./commands/models'),
  },
  gpus: {
    args: '',
    min: 0,
    max: 0,
    flags: ['--json'],
    summary: 'list the GPU presets (peaks, memory, SMs, links) and the interconnects',
    load: () => import('./commands/gpus'),
  },
  derive: {
    args: '',
    min: 0,
    max: 0,
    flags: [
      '--model',
      '--gpu',
      '--pp',
      '--ep',
      '--tp',
      '--dp',
      '--vpp',
      '--seq',
      '--micro-batch-size',
      '--global-batch',
      '--global-batch-tokens',
      '--schedule',
      '--precision',
      '--dispatch-precision',
      '--combine-precision',
      '--recompute',
      '--comm-sms',
      '--tokens',
      '--price',
      '--json',
      '--output',
      '--quiet',
    ],
    required: ['--model', '--gpu', '--pp', '--ep', '--seq', '--micro-batch-size'],
    summary:
      'costs from a model and a cluster: parameters, FLOPs, all-to-all, memory, iteration time, MFU, GPU-hours; -o writes the scenario',
    more: [
      '--model NAME|FILE --gpu NAME --pp P --ep E --seq S --micro-batch-size B --global-batch G [flags] [-o SCENARIO.json]',
    ],
    load: () => import('./commands/derive'),
  },
  tune: {
    args: 'SCENARIO',
    min: 1,
    max: Number.POSITIVE_INFINITY,
    flags: [
      '--schedules',
      '--microbatches',
      '--chunks',
      '--pairing',
      '--sm-reserved',
      '--activation-budget',
      '--recompute',
      '--capacity',
      '--activation-limit',
      '--jobs',
      '--shard',
      '--merge',
      '--json',
      '--quiet',
    ],
    summary: 'the fastest configuration within the memory budget, and the Pareto front of time vs memory',
    more: ['--merge SHARD.jsonl... [--json]   (combine --shard runs; docs/tune.md)'],
    load: () => import('./commands/tune'),
  },
} satisfies Record<string, CommandSpec & { load: () => Promise<{ run: RunCommand }> }>;

export type Command = keyof typeof COMMAND_LIST;
