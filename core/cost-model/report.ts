import { type Analysis, analyze } from '../analyze';
import type { ConfigError } from '../model/config';
import type { Scenario } from '../model/scenario';
import type { Bytes } from '../model/units';
import { type AllToAllFigures, type CostDerivation, type DeriveOptions, deriveCosts } from './derive';
import {
  type IterationFigures,
  type RunCostOptions,
  type RunFigures,
  iterationFigures,
  runFigures,
} from './iteration';
import type { ParameterCounts } from './parameters';
import { deriveSection } from './scenario-derive';
import type { CostModelInput } from './types';

/**
 * Everything the cost model says about a training setup, as one JSON-ready object: the shape
 * `pipescope derive --json` prints (docs/cost-model.md, "Report").
 */
export interface CostReport {
  model: {
    name: string;
    parameters: Pick<ParameterCounts, 'total' | 'activated' | 'mtp' | 'byComponent' | 'activatedByComponent'>;
    flopsPerToken: {
      forward: number;
      backward: number;
      backwardInput: number;
      backwardWeight: number;
      /** forward + backward, main model (MTP apart, below). */
      training: number;
      mtp: { forward: number; backward: number; training: number };
    };
  };
  allToAll: AllToAllFigures;
  p2p: CostDerivation['p2p'];
  memory: {
    perDevice: {
      parameters: Bytes;
      gradients: Bytes;
      optimizer: Bytes;
      activationsPerMicrobatch: Bytes;
      /** Largest simulated peak over devices: parameters, gradients, optimizer and activations in flight. */
      peak: Bytes;
      /** Most micro-batch activations in flight on one device in the simulation. */
      peakInFlight: number;
    };
    capacity: Bytes;
  };
  /**
   * Computation : all-to-all, per micro-batch from the parts (analytic), over the simulated
   * iteration, and for one MoE layer's forward, backward and both (null without all-to-all).
   */
  computeToAllToAll: {
    analytic: number | null;
    simulated: number | null;
    moeLayer: CostDerivation['moeLayerComputeToAllToAll'];
  };
  iteration: IterationFigures & { gpus: number; microbatches: number };
  run?: RunFigures;
  scenario: Scenario;
  warnings: string[];
}

export type CostReportResult =
  | { ok: true; report: CostReport; derivation: CostDerivation; analysis: Analysis }
  | { ok: false; errors: ConfigError[] };

/** Derive the scenario, simulate it with its schedule, and report (never throws on user input). */
export function costReport(
  input: CostModelInput,
  options: DeriveOptions & RunCostOptions = {},
): CostReportResult {
  const derived = deriveCosts(input, options);
  if (!derived.ok) return derived;
  const d = derived.derivation;
  const analyzed = analyze(d.scenario);
  if (!analyzed.ok) return analyzed;
  const a = analyzed.analysis;
  return { ok: true, report: reportOf(d, a, d.scenario, options), derivation: d, analysis: a };
}

/**
 * The report of a scenario with a derive section, as it stands: simulated with its overrides, the
 * training run's tokens and price from the section. Errors at `derive.*` paths, or the scenario's.
 */
export function scenarioCostReport(s: Scenario): CostReportResult {
  if (!s.derive)
    return { ok: false, errors: [{ path: 'derive', message: 'the scenario has no derive section' }] };
  const derived = deriveSection(s.derive, s.layout?.stages ?? null);
  if (!derived.ok) return derived;
  const analyzed = analyze(s);
  if (!analyzed.ok) return analyzed;
  const d = derived.derivation;
  const a = analyzed.analysis;
  return { ok: true, report: reportOf(d, a, s, trainingRun(s)), derivation: d, analysis: a };
}

/** The run-cost options a scenario's derive section gives (tokens, price per GPU-hour). */
export function trainingRun(s: Scenario): RunCostOptions {
  const t = s.derive?.training;
  return {
    ...(t?.tokens != null ? { tokens: t.tokens } : {}),
    ...(t?.pricePerGpuHour != null ? { pricePerGpuHour: t.pricePerGpuHour } : {}),
  };
}

/**
 * What one simulated iteration of a derived scenario costs: the iteration figures (tokens as the
 * scenario's micro-batches give them) and, with the section's training tokens, the run's.
 */
export function scenarioCostFigures(
  s: Scenario,
  d: CostDerivation,
  makespanMs: number,
): { iteration: IterationFigures & { gpus: number; microbatches: number }; run: RunFigures | null } {
  const it = iterationFigures(d, makespanMs, s.microbatches);
  return {
    iteration: { ...it, gpus: d.gpus, microbatches: s.microbatches },
    run: runFigures(it, d, trainingRun(s)),
  };
}

function reportOf(d: CostDerivation, a: Analysis, scenario: Scenario, options: RunCostOptions): CostReport {
  const mem = a.metrics.memory;
  let peak = 0;
  let peakInFlight = 0;
  for (let i = 0; i < mem.peakMemoryBytes.length; i++) {
    peak = Math.max(peak, mem.peakMemoryBytes[i]);
    peakInFlight = Math.max(peakInFlight, mem.peakActivations[i]);
  }
  const it = iterationFigures(d, a.metrics.makespan, scenario.microbatches);
  const run = runFigures(it, d, options);
  const ratio = a.metrics.comm.commToComputeRatio;
  const p = d.parameters;
  const f = d.flops;
  return {
    model: {
      name: d.input.model.name,
      parameters: {
        total: p.total,
        activated: p.activated,
        mtp: p.mtp,
        byComponent: p.byComponent,
        activatedByComponent: p.activatedByComponent,
      },
      flopsPerToken: { ...f.perToken, mtp: f.mtpPerToken },
    },
    allToAll: d.allToAll,
    p2p: d.p2p,
    memory: {
      perDevice: {
        parameters: d.memory.perDevice.parameters,
        gradients: d.memory.perDevice.gradients,
        optimizer: d.memory.perDevice.optimizer,
        activationsPerMicrobatch: d.memory.perDevice.activationsPerMicrobatch,
        peak,
        peakInFlight,
      },
      capacity: d.memory.capacity,
    },
    computeToAllToAll: {
      analytic: d.computeToAllToAll,
      simulated: ratio !== null && ratio > 0 ? 1 / ratio : null,
      moeLayer: d.moeLayerComputeToAllToAll,
    },
    iteration: { ...it, gpus: d.gpus, microbatches: scenario.microbatches },
    ...(run ? { run } : {}),
    scenario,
    warnings: [...d.warnings, ...a.warnings],
  };
}
