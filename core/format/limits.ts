import type { ConfigError } from '../model/config';
import type { Scenario, ScheduleName } from '../model/scenario';
import { getSchedule } from '../schedules/registry';

/**
 * Caps on what a scenario may ask for, and the budgets every document PipeScope reads is held to.
 * The caps on fields exist so that a typo (1000000 micro-batches) explains itself instead of
 * freezing the app; each is far above any real pipeline. The document budgets exist because files
 * travel between teammates: whatever a file holds, reading it, checking it, analysing it, saving
 * it and exporting it finish in time linear in its size and in bounded memory, or it is refused
 * with a message saying which budget it is over. docs/scenario-format.md ("Limits") lists them.
 */
export const LIMITS = {
  devices: 1024,
  microbatches: 65_536,
  chunks: 64,
  /** Transformer layers a layout's per-layer costs may list. */
  layers: 100_000,
  /** Ops in one schedule (see estimateOps). A million ops simulate in well under a second. */
  ops: 5_000_000,
  /** Any time in ms (about 11.6 days). */
  ms: 1e9,
  /** Any size in bytes (one exabyte). */
  bytes: 1e18,
  smTotal: 100_000,
  activationBudget: 1_000_000,
  name: 1_000,
  description: 100_000,
  /** Nesting depth of any value in the file, unknown fields included. */
  depth: 64,
  /**
   * Bytes of a scenario file (and characters of its text, which are never more than its UTF-8
   * bytes). Every reader checks the size before reading all of it; Save writes at most this much
   * (see saveHeadroomBytes), so whatever opens saves to a file that reopens.
   */
  fileBytes: 32 * 1024 * 1024,
  /**
   * JSON values in one document (every object, array, string, number, true, false and null). A
   * real scenario holds a few hundred; this bounds the memory a file can make the parser allocate
   * (an array of ten million empty arrays fits in 32 MB and would take gigabytes once parsed).
   */
  values: 1_000_000,
  /** Fields PipeScope does not know, kept and saved back (each is one warning when opened). */
  unknownFields: 10_000,
  /** Characters of any one string in the file (the known fields have their own, smaller caps). */
  stringChars: 1024 * 1024,
  /** Characters of any one key of an object. */
  keyChars: 1_000,
  /**
   * Room a file's saved form must leave below fileBytes and values when it opens: the most the
   * known fields can add by editing (a 100,000-character description written with \u escapes,
   * three per-device cost arrays of 1,024 numbers, a pair order of 64 names...), so that no edit
   * makes Save write what would not reopen. budgets.test.ts measures the largest known fields
   * against both.
   */
  saveHeadroomBytes: 1024 * 1024,
  saveHeadroomValues: 4_000,
  /** Characters of one export (CSV, trace, SVG, JSON): V8 strings hold at most about 512 million. */
  exportChars: 256 * 1024 * 1024,
} as const;

/** A byte count in MB as messages give it (one decimal; 1 MB = 1,048,576 bytes). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * Why a file of `bytes` bytes is not read, or null when it may be. Every path that reads a
 * scenario file asks this with the size it knows (fstat, File.size) before reading all of it.
 * `maxBytes` is the budget (tests pass smaller ones).
 */
export function fileSizeError(bytes: number, maxBytes: number = LIMITS.fileBytes): string | null {
  if (bytes <= maxBytes) return null;
  const cap = formatMegabytes(maxBytes);
  // Just over the cap, "32.0 MB" would read as equal to it: then say the bytes.
  const size =
    formatMegabytes(bytes) === cap ? `${bytes.toLocaleString('en-US')} bytes` : formatMegabytes(bytes);
  return `the file is ${size}; scenario files are at most ${cap}`;
}

/**
 * Roughly the ops of one schedule: micro-batches x stages x ops per stage (F, BW; or F, B, W), as
 * its registry entry counts them. A name the registry does not know (the validator reports it at
 * `schedule`) is sized like a one-stage-per-device schedule with split backwards.
 */
export function estimateOps(
  schedule: ScheduleName,
  devices: number,
  microbatches: number,
  chunks: number,
): number {
  const known = getSchedule(schedule);
  return known ? known.estimateOps(devices, microbatches, chunks) : microbatches * devices * 3;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Whether the scenario's size fits the caps for the given schedule (default: its own). The CLI calls
 * this again after flags override the file and for every schedule `compare` runs.
 */
export function checkScenarioSize(s: Scenario, schedule: ScheduleName = s.schedule): ConfigError[] {
  const ops = estimateOps(schedule, s.devices, s.microbatches, s.chunks);
  if (ops <= LIMITS.ops) return [];
  return [
    {
      path: 'microbatches',
      message:
        `${fmt(s.microbatches)} micro-batches on ${fmt(s.devices)} devices make about ${fmt(ops)} ops ` +
        `for ${schedule}; PipeScope simulates at most ${fmt(LIMITS.ops)} — use fewer micro-batches or devices`,
    },
  ];
}
