import { type Draft, current } from 'immer';
import { applyDerivation, deriveSection, liveOverrides } from '../../core/cost-model/scenario-derive';
import {
  type ModelSpec,
  DEFAULT_EFFICIENCY,
  PARALLEL_DEFAULTS,
  RUN_DEFAULTS,
} from '../../core/cost-model/types';
import type { DeriveSection } from '../../core/model/derive-section';
import type { Scenario } from '../../core/model/scenario';
import { findGpuPreset, findModelPreset } from '../../core/presets/index';
import { getSchedule } from '../../core/schedules';
import { assignAt, valueAt } from '../object-path';

/**
 * What the Model & cluster panel does to the document: read a field (a preset's value while a
 * preset is chosen), write one (writing the preset out first), and re-derive the scenario in the
 * same recipe, so each change is one undo entry that carries the derived values with it.
 */

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The section's model, a preset's looked up (null for an unknown preset). */
export function sectionModel(section: DeriveSection): ModelSpec | null {
  return typeof section.model === 'string' ? (findModelPreset(section.model)?.model ?? null) : section.model;
}

/** A field's value: under `derive.model` and `derive.hardware.gpu` the preset's while one is chosen. */
export function readDeriveField(s: Scenario, path: string): unknown {
  const section = s.derive;
  if (!section) return undefined;
  if (path.startsWith('derive.model.') && typeof section.model === 'string')
    return valueAt({ model: sectionModel(section) }, path.slice('derive.'.length));
  if (path.startsWith('derive.hardware.gpu.') && typeof section.hardware.gpu === 'string')
    return valueAt({ gpu: findGpuPreset(section.hardware.gpu)?.gpu }, path.slice('derive.hardware.'.length));
  if (path === 'derive.model.moe') return sectionModel(section)?.moe !== null;
  if (path === 'derive.model.attention.kind') return sectionModel(section)?.attention.kind;
  return valueAt(s, path);
}

/** The attention of another kind, from the heads and a head dimension of 128. */
function attentionOf(kind: 'gqa' | 'mla', heads: number): ModelSpec['attention'] {
  return kind === 'gqa'
    ? { kind, heads, kvHeads: heads, headDim: 128 }
    : { kind, heads, qLoraRank: null, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 };
}

/** Sets a field (undefined deletes an optional one), writing out the preset it belongs to first. */
export function writeDeriveField(d: Draft<Scenario>, path: string, value: unknown): void {
  const section = d.derive;
  if (!section) return;
  if (path.startsWith('derive.model.') && typeof section.model === 'string') {
    const preset = findModelPreset(section.model);
    if (!preset) return;
    section.model = copy(preset.model);
  }
  if (path.startsWith('derive.hardware.gpu.') && typeof section.hardware.gpu === 'string') {
    const preset = findGpuPreset(section.hardware.gpu);
    if (!preset) return;
    section.hardware.gpusPerNode ??= preset.gpusPerNode;
    section.hardware.intraNode ??= preset.links.intraNode;
    section.hardware.interNode ??= preset.links.interNode;
    section.hardware.gpu = copy(preset.gpu);
  }
  const model = section.model as Draft<ModelSpec>;
  if (path === 'derive.model.attention.kind') {
    if (model.attention.kind !== value)
      model.attention = attentionOf(value as 'gqa' | 'mla', model.attention.heads);
    return;
  }
  if (path === 'derive.model.moe') {
    model.moe = value
      ? {
          routedExperts: 8,
          expertsPerToken: 2,
          sharedExperts: 0,
          expertFfn: model.ffn || 4 * model.hidden,
          sharedExpertFfn: 0,
          denseLayers: [],
          routeGroups: null,
          groupsPerToken: null,
        }
      : null;
    return;
  }
  if (path === 'derive.model') {
    section.model = value as string;
    return;
  }
  if (path === 'derive.hardware.gpu') {
    // a new GPU brings its own baseboard: GPUs per node and links follow its preset again
    section.hardware.gpu = value as string;
    delete section.hardware.gpusPerNode;
    delete section.hardware.intraNode;
    delete section.hardware.interNode;
    return;
  }
  if (value === undefined) {
    const keys = path.split('.');
    const parent = valueAt(d, keys.slice(0, -1).join('.'));
    if (parent && typeof parent === 'object')
      delete (parent as Record<string, unknown>)[keys[keys.length - 1]];
    return;
  }
  assignAt(d, path, value);
}

/**
 * Re-derives a draft from its section: the derived values written in, overrides kept (and those
 * naming devices that are gone dropped). When the section cannot be derived, the values stay and
 * the validator reports the section's errors at their fields.
 */
export function rederiveDraft(d: Draft<Scenario>): void {
  if (!d.derive) return;
  const section = current(d.derive) as DeriveSection;
  const r = deriveSection(section, d.layout?.stages ?? null);
  if (!r.ok) return;
  applyDerivation(d as Scenario, r.derivation.scenario, section.overrides);
  const live = liveOverrides(section.overrides, d.devices);
  if (live.length !== section.overrides.length) d.derive.overrides = live;
}

/**
 * A new derive section for a model preset on a GPU preset: the model preset's parallel layout and
 * sequence length, the scenario's schedule, and a global batch that gives the scenario's
 * micro-batches (at least 2 per pipeline rank, a multiple of them, which every schedule accepts).
 */
export function newSection(modelId: string, gpuId: string, s: Scenario): DeriveSection {
  const preset = findModelPreset(modelId);
  const u = preset?.setup ?? { gpu: gpuId, pp: 4, tp: 1, dp: 1, ep: 1, seqLength: 4096 };
  const pp = u.pp;
  const m = Math.ceil(Math.max(s.microbatches, 2 * pp) / pp) * pp;
  return {
    model: modelId,
    run: { ...RUN_DEFAULTS, seqLength: u.seqLength, microBatchSize: 1, globalBatchSequences: u.dp * m },
    parallelism: {
      ...PARALLEL_DEFAULTS,
      pp,
      schedule: getSchedule(s.schedule) ? s.schedule : '1f1b',
      tp: u.tp,
      dp: u.dp,
      ep: u.ep,
    },
    hardware: { gpu: gpuId, efficiency: { ...DEFAULT_EFFICIENCY } },
    training: { tokens: null, pricePerGpuHour: null },
    overrides: [],
  };
}
