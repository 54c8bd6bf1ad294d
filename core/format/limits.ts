import type { ConfigError } from '../model/config';
import type { Scenario, ScheduleName } from '../model/scenario';
import { getSchedule } from '../schedules/registry';

/**
 * Caps on what a scenario may ask for. They exist so that a typo (1000000 micro-batches) explains
 * itself instead of freezing the app; each is far above any real pipeline.
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
  /** Characters of file text. */
  textChars: 32 * 1024 * 1024,
} as const;

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
