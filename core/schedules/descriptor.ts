import type { ConfigError, ScheduleConfig } from '../model/config';
import type { Schedule, ScheduleShape } from '../model/schedule';
import type { AnalyticBubbleRule } from './analytic-rule';

export type { AnalyticBubbleRule, AnalyticEvaluation, AnalyticInput } from './analytic-rule';

/**
 * How a schedule lays its stages onto the devices (docs/schedules.md shows each):
 * - `linear`: stage d on device d, one stage per device (GPipe, 1F1B, ZB-H1, ZB-H2);
 * - `interleaved`: v chunks per device, chunk c of device d is stage c x P + d (Megatron's virtual pipeline);
 * - `v`: two chunks per device folded into a V, stage d and stage 2P - 1 - d (ZB-V, DualPipeV);
 * - `bidirectional`: two copies of a P-stage pipeline fed from opposite ends (DualPipe);
 * - `order`: wherever a custom order puts them (each stage on one device, v per device; v x P stages).
 */
export type Placement = 'linear' | 'interleaved' | 'v' | 'bidirectional' | 'order';

export const PLACEMENTS: readonly Placement[] = ['linear', 'interleaved', 'v', 'bidirectional', 'order'];

/**
 * Where a schedule's model chunks per device come from.
 * - `from: 'schedule'`: the schedule fixes them; the scenario's `chunks` does not apply.
 * - `from: 'scenario'`: v = the scenario's `chunks`, each chunk 1/v of a device's share. `min` and
 *   `max` bound it (`max` null: only the file format's cap, LIMITS.chunks).
 */
export type ChunkRule =
  | {
      readonly from: 'schedule';
      /** Model chunks each device holds (Schedule.chunksPerDevice). */
      readonly perDevice: number;
      /** Fraction of a device's per-micro-batch cost one op takes (Schedule.chunkShare). */
      readonly share: number;
    }
  | { readonly from: 'scenario'; readonly min: number; readonly max: number | null };

/** Activations in flight per device as the schedule's literature states them. */
export interface MemoryNote {
  /** In chunk activations (F started, backward for the input not yet ended); a formula in P, m, v, s. */
  readonly activationsInFlight: string;
  readonly source: string;
}

/**
 * Where a schedule's steady state lies on each device, for the steady-state figures (overlap,
 * exposed communication and bubble over that window; docs/simulator-and-metrics.md):
 * - `alternating`: from the start of the device's first backward to the end of its last forward,
 *   where forwards and backwards alternate (1F1B, interleaved, the zero-bubble family);
 * - `paired`: from the start of the device's first overlapped forward-backward pair to the end of
 *   its last (DualPipe's F&B pairs);
 * - `none`: the schedule has no steady state; `why` says so (GPipe runs every forward before any
 *   backward).
 * A device whose window is empty (few micro-batches) has no steady state either.
 */
export type SteadyStateRule =
  | { readonly window: 'alternating' | 'paired' }
  | { readonly window: 'none'; readonly why: string };

/** The rule of a schedule that does not state one: the alternation, which every 1F1B-like order has. */
export const DEFAULT_STEADY_STATE: SteadyStateRule = { window: 'alternating' };

/** What a schedule module writes; defineSchedule derives the rest of its descriptor from it. */
export interface ScheduleSpec {
  /** Registry key: lower-case letters, digits and dashes, as scenario files and `--schedule` spell it. */
  readonly name: string;
  /** Display name, e.g. "Interleaved 1F1B". */
  readonly title: string;
  /** One line for `pipescope schedules` and the editor. */
  readonly summary: string;
  /** Where the schedule comes from (paper, repository). */
  readonly source: string;
  readonly placement: Placement;
  readonly chunks: ChunkRule;
  /**
   * Parameters each device holds relative to an even 1/P split of one model copy (Schedule.paramMultiplier):
   * 2 for DualPipe's two copies, 1 otherwise.
   */
  readonly paramMultiplier: number;
  /**
   * Ops per micro-batch per stage that the op estimate (the size cap) counts: 2 (F and a full
   * backward) or 3 (F, B, W; an upper bound where only some backwards are split, as in DualPipe).
   */
  readonly opsPerStage: 2 | 3;
  readonly analyticBubble: AnalyticBubbleRule;
  /**
   * Whether the schedule reads the scenario's `groupSize` (Megatron-LM's
   * microbatch_group_size_per_vp_stage). The editor shows the field only for schedules that do;
   * the others ignore it.
   */
  readonly takesGroupSize?: boolean;
  /**
   * Whether the schedule reads the scenario's `memory.activationBudget` (its cap on activations in
   * flight per device, `config.activationBudget`; null for its default). The tuner sweeps the budget
   * only for schedules that read it (docs/tune.md).
   */
  readonly takesActivationBudget?: boolean;
  /**
   * Whether the schedule generates Megatron-LM's combined 1F1B pairs itself (`pairing:
   * "combined-1f1b"`); every other schedule refuses that pairing in its check. `off` and
   * `steady-state` apply to every schedule.
   */
  readonly combined1F1B?: boolean;
  /**
   * Whether the order `generate` returns depends on the config's costs (`forward`, `backwardInput`,
   * `backwardWeight`, `p2p`, `stageCosts`): the zero-bubble schedules' cost-aware search. Absent or
   * false: the order follows from the shape, the group size, the pairing and the activation budget
   * alone, whatever the costs (a property test checks it), so the tuner generates it once for
   * configurations that differ only in costs (the SM split, a re-derived cost).
   */
  readonly costAware?: boolean;
  /** Null where the literature gives no figure. */
  readonly memory: MemoryNote | null;
  /** Where its steady state is (absent: DEFAULT_STEADY_STATE, the alternation). */
  readonly steadyState?: SteadyStateRule;
  /**
   * The schedule's own rules on a config from a validated scenario (whole devices and micro-batches
   * >= 1, finite costs >= 0, chunks within the file's range): why it cannot run this config, with
   * scenario paths; empty when it can. Never throws.
   */
  check(config: ScheduleConfig): ConfigError[];
  /** Every device's op order, for a config `check` accepted; `shape` is what the descriptor says. */
  generate(config: ScheduleConfig, shape: ScheduleShape): Schedule;
}

/** One schedule, everything PipeScope knows about it. The registry (registry.ts) lists them. */
export interface ScheduleDescriptor extends Omit<ScheduleSpec, 'generate' | 'steadyState'> {
  readonly steadyState: SteadyStateRule;
  /** Model chunks per device for the scenario's `chunks` (v). */
  chunksPerDevice(chunks: number): number;
  /** Stages a micro-batch passes through on `devices` devices. */
  stages(devices: number, chunks: number): number;
  /** About how many ops one iteration has (what the size cap counts). */
  estimateOps(devices: number, microbatches: number, chunks: number): number;
  /** The shape of the schedule `generate` returns for these sizes. */
  shape(devices: number, microbatches: number, chunks: number): ScheduleShape;
  /** Every device's op order. Only called with a config that `check` accepted. */
  generate(config: ScheduleConfig): Schedule;
}

/**
 * How many times a micro-batch passes each device: 1 for one stage per device (also DualPipe,
 * whose two chunks belong to different micro-batches), v interleaved, 2 for a V.
 * Megatron's bubble (P - 1) / (v x m) uses this v (docs/formulas.md).
 */
export function visitsPerDevice(placement: Placement, chunksPerDevice: number): number {
  switch (placement) {
    case 'linear':
    case 'bidirectional':
      return 1;
    case 'interleaved':
    case 'order':
      return chunksPerDevice;
    case 'v':
      return 2;
  }
}

/**
 * The stages each device holds under a placement, in chunk order (`chunksPerDevice` chunks each):
 * linear [d]; interleaved [d, P + d, 2P + d, ...]; v [d, 2P - 1 - d]; bidirectional [d, P - 1 - d]
 * (one stage of each direction's model copy). `order` has no fixed map (the order itself says where each
 * stage runs); it is given the interleaved one here.
 */
export function deviceStages(placement: Placement, devices: number, chunksPerDevice: number): number[][] {
  const P = devices;
  const stagesOf = (d: number): number[] => {
    switch (placement) {
      case 'linear':
        return [d];
      case 'interleaved':
      case 'order':
        return Array.from({ length: chunksPerDevice }, (_, c) => c * P + d);
      case 'v':
        return [d, 2 * P - 1 - d];
      case 'bidirectional':
        return [d, P - 1 - d];
    }
  };
  return Array.from({ length: P }, (_, d) => stagesOf(d));
}

/** Chunks per device and each op's share of a device's cost, for the scenario's `chunks`. */
export function chunkShape(rule: ChunkRule, chunks: number): { perDevice: number; share: number } {
  return rule.from === 'schedule'
    ? { perDevice: rule.perDevice, share: rule.share }
    : { perDevice: chunks, share: 1 / chunks };
}

/** Why a schedule cannot take the scenario's pairing: only `combined1F1B` schedules take "combined-1f1b". */
function pairingErrors(spec: ScheduleSpec, c: ScheduleConfig): ConfigError[] {
  if (c.pairing !== 'combined-1f1b' || spec.combined1F1B) return [];
  return [
    {
      path: 'pairing',
      message: `combined-1f1b follows Megatron-LM's combined 1F1B, which runs on its interleaved (virtual pipeline) schedule only; ${spec.title} takes pairing off or steady-state`,
    },
  ];
}

/** A descriptor from what a schedule module states: stages, op estimate and shape follow from it. */
export function defineSchedule(spec: ScheduleSpec): ScheduleDescriptor {
  const chunksPerDevice = (chunks: number) => chunkShape(spec.chunks, chunks).perDevice;
  const stages = (devices: number, chunks: number) =>
    devices * visitsPerDevice(spec.placement, chunksPerDevice(chunks));
  const shape = (devices: number, microbatches: number, chunks: number): ScheduleShape => {
    const { perDevice, share } = chunkShape(spec.chunks, chunks);
    return {
      name: spec.name,
      devices,
      microbatches,
      chunksPerDevice: perDevice,
      stages: stages(devices, chunks),
      chunkShare: share,
      paramMultiplier: spec.paramMultiplier,
    };
  };
  return {
    ...spec,
    check: (c) => [...spec.check(c), ...pairingErrors(spec, c)],
    steadyState: spec.steadyState ?? DEFAULT_STEADY_STATE,
    chunksPerDevice,
    stages,
    estimateOps: (devices, microbatches, chunks) => microbatches * stages(devices, chunks) * spec.opsPerStage,
    shape,
    generate: (c) => spec.generate(c, shape(c.devices, c.microbatches, c.chunks)),
  };
}
