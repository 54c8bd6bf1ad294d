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
  const mem = a.metrics.memory;
  let peak = 0;
  let peakInFlight = 0;
  for (let i = 0; i < mem.peakMemoryBytes.length; i++) {
    peak = Math.max(peak, mem.peakMemoryBytes[i]);
    peakInFlight = Math.max(peakInFlight, mem.peakActivations[i]);
  }
  const it = iterationFigures(d, a.metrics.makespan);
  const run = runFigures(it, d, options);
  const ratio = a.metrics.comm.commToComputeRatio;
  const p = d.parameters;
  const f = d.flops;
  const report: CostReport = {
    model: {
      name: input.model.name,
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
    iteration: { ...it, gpus: d.gpus, microbatches: d.microbatches },
    ...(run ? { run } : {}),
    scenario: d.scenario,
    warnings: [...d.warnings, ...a.warnings],
  };
  return { ok: true, report, derivation: d, analysis: a };
}
