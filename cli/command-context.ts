import { ROOT_PATH } from '../core/format/paths';
import type { Pairing, ScheduleName } from '../core/model/scenario';
import type { StreamRoleOverride } from '../core/trace/analyze-trace';
import type { TextChunkDecoder } from '../core/trace/utf8';
import { terminalText } from './terminal-text';
import type { PairingChoice, Recompute, Shard, TuneWorkerLike } from '../core/tune';

/**
 * What the dispatcher (commands.ts) hands a command (commands/<name>.ts), and what every command
 * shares: the injected I/O, the exit codes, the progress line, the checked flags.
 */

/** Everything a command touches outside itself, injected so commands are unit-tested in memory. */
export interface CliIO {
  /**
   * The file's bytes, never more than LIMITS.fileBytes (read-file.ts); throws, like
   * fs.readFileSync, when the file cannot be read or is larger.
   */
  readFile(path: string): Uint8Array;
  /** Replaces the file atomically (see io.ts); throws when it cannot. */
  writeFile(path: string, data: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines go to stderr only when it is a terminal. */
  stderrIsTTY?: boolean;
  version?: string;
  /** Opens a profiler trace as a stream of chunks (trace-io.ts: gunzipped by content); throws like fs. */
  openTrace?(path: string): TraceSource;
  /**
   * A cancel signal for a long read, aborted by the first Ctrl-C until dispose() (trace-io.ts).
   * Absent: nothing cancels.
   */
  cancelOnInterrupt?(): { signal: { readonly aborted: boolean }; dispose(): void };
  /** For byte chunks (default: the platform's TextDecoder). */
  decoder?: TextChunkDecoder;
  /** Milliseconds, for throttling progress lines and timing runs (default Date.now). */
  now?(): number;
  /** Logical CPUs, the default of `tune --jobs` (absent: 1). */
  cpus?: number;
  /**
   * `tune`'s workers: n worker threads (cli/tune-threads.ts). Absent (tests): the configurations
   * are evaluated on the calling thread.
   */
  tuneWorkers?(n: number): TuneWorkerLike[];
}

/** A trace file opened for reading. */
export interface TraceSource {
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** File size in bytes (as stored, compressed or not), for progress. */
  size?: number;
  /** Bytes of the file read so far. */
  position?: () => number;
  close?: () => void;
}

export const EXIT_OK = 0;
/** A scenario is invalid, a schedule cannot run it, or a file cannot be read or written. */
export const EXIT_INVALID = 1;
/** Bad command line. */
export const EXIT_USAGE = 2;
/** Cancelled by Ctrl-C (128 + SIGINT, as shells report a process interrupted so). */
export const EXIT_CANCELLED = 130;

export const EXPORT_FORMATS = [
  'chrome-trace',
  'csv',
  'parts-csv',
  'json',
  'pytorch-csv',
  'order-json',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Values of the flags, after checking (args.ts). Cost flags are ms per micro-batch per device. */
export interface Flags {
  schedule?: ScheduleName[];
  devices?: number;
  microbatches?: number;
  chunks?: number;
  groupSize?: number;
  pairing?: Pairing;
  forward?: number;
  backwardInput?: number;
  backwardWeight?: number;
  p2p?: number;
  json?: boolean;
  output?: string;
  format?: ExportFormat;
  theme?: 'light' | 'dark';
  title?: string;
  quiet?: boolean;
  /** A custom order to run instead of the scenario's schedule (PyTorch CSV or order JSON). */
  order?: string;
  write?: boolean;
  /** trace: a mapping file, a base scenario, stream roles (repeatable), layers per chunk. */
  map?: string;
  scenario?: string;
  streamRoles?: StreamRoleOverride[];
  layersPerChunk?: number;
  /** derive: the model (a preset id or a file), the GPU preset, the parallel sizes, the run. */
  model?: string;
  gpu?: string;
  pp?: number;
  ep?: number;
  tp?: number;
  dp?: number;
  vpp?: number;
  seq?: number;
  microBatchSize?: number;
  globalBatch?: number;
  globalBatchTokens?: number;
  precision?: 'bf16' | 'fp8';
  dispatchPrecision?: 'bf16' | 'fp8';
  combinePrecision?: 'bf16' | 'fp8';
  recompute?: 'none' | 'selective' | 'full';
  commSms?: number;
  /** derive: tokens of the whole training run, and USD per GPU-hour. */
  tokens?: number;
  price?: number;
  /** tune: the axes (docs/tune.md), the constraints, the threads, a shard, merging. */
  schedules?: ScheduleName[];
  microbatchList?: number[];
  chunkList?: number[];
  pairingList?: PairingChoice[];
  smReserved?: number[];
  recomputeList?: Recompute[];
  activationBudgets?: (number | null)[];
  capacity?: number;
  activationLimit?: number;
  jobs?: number;
  shard?: Shard;
  merge?: boolean;
}

/** A command's arguments: what is left of the command line after the command's name. */
export interface CommandInput {
  positionals: string[];
  flags: Flags;
}

/**
 * One command (the `run` export of commands/<name>.ts): returns the exit code (or a promise of it,
 * for commands that stream their input), never throws on user input.
 */
export type RunCommand = (input: CommandInput, io: CliIO, progress: Progress) => number | Promise<number>;

/** One-line progress on stderr, overwritten in place; silent when stderr is not a terminal. */
export class Progress {
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

/** Writes a command's output to `path`, or to stdout for "-". */
export function writeOutput(io: CliIO, path: string, data: string): number {
  if (path === '-') {
    io.stdout(data);
    return EXIT_OK;
  }
  try {
    io.writeFile(path, data);
  } catch (e) {
    printError(io, path, ROOT_PATH, `cannot write the file: ${errorMessage(e)}`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

/**
 * The one shape of every error the CLI prints: `SOURCE: PATH: MESSAGE` on stderr, each part shown
 * as the terminal must show user text (terminal-text.ts).
 */
export function printError(io: CliIO, source: string, path: string, message: string): void {
  io.stderr(`${errorLine(source, path, message)}\n`);
}

export function errorLine(source: string, path: string, message: string): string {
  return `${terminalText(source)}: ${terminalText(path)}: ${terminalText(message)}`;
}

/**
 * The IO a command writes through: everything on stdout and stderr passes through terminalText
 * (line feeds and tabs kept), so no user text reaches the terminal raw even where a command
 * forgot to escape it. The progress line writes its control sequence through the raw `io`.
 */
export function escapedIO<T extends CliIO>(io: T): T {
  return {
    ...io,
    stdout: (t: string) => io.stdout(terminalText(t, true)),
    stderr: (t: string) => io.stderr(terminalText(t, true)),
  };
}

/** An exception's message (never its stack). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
