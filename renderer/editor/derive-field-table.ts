import { type ModelSpec, PARALLEL_DEFAULTS } from '../../core/cost-model/types';
import { LIMITS } from '../../core/format/limits';
import type { DeriveSection } from '../../core/model/derive-section';
import { GPU_PRESETS, INTERCONNECT_PRESETS, MODEL_PRESETS } from '../../core/presets/index';
import { allSchedules, getSchedule } from '../../core/schedules';

/**
 * Every field of the Model & cluster panel (model-cluster-panel.tsx), group by group, as the
 * editor's field table (field-table.tsx) lists the scenario's: the scenario path it edits (under
 * `derive`; also its test id and where its errors show), its label, unit, range and help. Model and
 * GPU fields read the preset while one is chosen; editing one writes the preset out first.
 */

/** What a field's visibility and options depend on: the section and its model, resolved. */
export interface DeriveContext {
  section: DeriveSection;
  model: ModelSpec | null;
}

interface Base {
  /** Scenario path: `derive.run.seqLength`, `derive.model.moe.routedExperts`. */
  path: string;
  label: string;
  hint?: string;
  when?: (c: DeriveContext) => boolean;
}

export interface DeriveNumberSpec extends Base {
  kind: 'number';
  unit?: string;
  integer?: boolean;
  min?: number;
  max?: number;
  step?: number;
  /** Empty input means null; the placeholder says what null means. */
  nullable?: string;
}

export interface DeriveSelectSpec extends Base {
  kind: 'select';
  options: (c: DeriveContext) => { value: string; label: string }[];
}

export interface DeriveCheckSpec extends Base {
  kind: 'checkbox';
}

/** A list of whole numbers typed comma-separated (the dense layers, layers per stage). */
export interface DeriveListSpec extends Base {
  kind: 'list';
  /** Empty input means null (else an empty list). */
  nullable?: string;
}

export type DeriveFieldSpec = DeriveNumberSpec | DeriveSelectSpec | DeriveCheckSpec | DeriveListSpec;

export interface DeriveGroupSpec {
  title: string;
  testId: string;
  /** Shown folded (a details element) until opened. */
  folded?: boolean;
  fields: DeriveFieldSpec[];
}

const count = (path: string, label: string, extra: Partial<DeriveNumberSpec> = {}): DeriveNumberSpec => ({
  kind: 'number',
  path,
  label,
  integer: true,
  min: 1,
  ...extra,
});

const PRECISIONS = [
  { value: 'bf16', label: 'BF16' },
  { value: 'fp8', label: 'FP8' },
];

const isMla = (c: DeriveContext) => c.model?.attention.kind === 'mla';
const isGqa = (c: DeriveContext) => c.model?.attention.kind === 'gqa';
const hasExperts = (c: DeriveContext) => !!c.model?.moe;

/** The model preset chooser (its value: a preset id, or "custom" for a model written out). */
export const MODEL_CHOICE: DeriveSelectSpec = {
  kind: 'select',
  path: 'derive.model',
  label: 'Model',
  options: (c) => [
    ...MODEL_PRESETS.map((p) => ({ value: p.id, label: p.model.name })),
    ...(typeof c.section.model === 'string'
      ? []
      : [{ value: 'custom', label: `${c.section.model.name} (written out)` }]),
  ],
  hint: 'A preset, or any of its fields edited below (the model is then written out in the file).',
};

/** The GPU preset chooser, like the model's. */
export const GPU_CHOICE: DeriveSelectSpec = {
  kind: 'select',
  path: 'derive.hardware.gpu',
  label: 'GPU',
  options: (c) => [
    ...GPU_PRESETS.map((p) => ({ value: p.id, label: p.gpu.name })),
    ...(typeof c.section.hardware.gpu === 'string'
      ? []
      : [{ value: 'custom', label: `${c.section.hardware.gpu.name} (written out)` }]),
  ],
};

const linkOptions = () => [
  { value: '', label: 'the GPU preset’s' },
  ...INTERCONNECT_PRESETS.map((p) => ({
    value: p.id,
    label: `${p.link.name}, ${p.link.bandwidthGBps} GB/s`,
  })),
];

export const DERIVE_GROUPS: DeriveGroupSpec[] = [
  {
    title: 'Parallel layout',
    testId: 'derive-parallelism',
    fields: [
      {
        kind: 'select',
        path: 'derive.parallelism.schedule',
        label: 'Schedule',
        options: () => allSchedules().map((g) => ({ value: g.name, label: g.title })),
      },
      count('derive.parallelism.pp', 'PP (pipeline ranks = devices)', { max: LIMITS.devices }),
      count('derive.parallelism.vpp', 'VPP (chunks per device)', {
        max: LIMITS.chunks,
        when: (c) => getSchedule(c.section.parallelism.schedule)?.chunks.from === 'scenario',
      }),
      count('derive.parallelism.tp', 'TP (tensor-parallel ranks)', { max: LIMITS.devices }),
      count('derive.parallelism.dp', 'DP (data-parallel ranks)'),
      count('derive.parallelism.ep', 'EP (expert-parallel ranks, within DP x TP)', {
        hint: 'GPUs = PP x TP x DP; expert-parallel groups are carved out of the DP x TP ranks of a stage.',
      }),
      {
        kind: 'number',
        path: 'derive.parallelism.commSms',
        label: 'SMs reserved for communication',
        integer: true,
        min: 0,
        max: LIMITS.smTotal - 1,
        hint: 'DeepSeek-V3 gives 20 of the H800’s 132 SMs to its all-to-all and P2P kernels.',
      },
      {
        kind: 'checkbox',
        path: 'derive.parallelism.sequenceParallel',
        label: 'Sequence parallelism (with TP)',
      },
      {
        kind: 'checkbox',
        path: 'derive.parallelism.distributedOptimizer',
        label: 'Distributed optimizer (ZeRO-1)',
      },
      {
        kind: 'select',
        path: 'derive.parallelism.allToAll',
        label: 'All-to-all across nodes',
        options: () => [
          { value: 'node-dedup', label: 'once per node, then NVLink (DeepEP)' },
          { value: 'flat', label: 'one copy per expert' },
        ],
        when: hasExperts,
      },
      {
        kind: 'list',
        path: 'derive.parallelism.layersPerStage',
        label: 'Layers per stage',
        nullable: `balanced (default${PARALLEL_DEFAULTS.layersPerStage === null ? '' : ''})`,
        hint: 'Comma-separated, one per stage; empty: the balanced split of docs/cost-model.md.',
      },
    ],
  },
  {
    title: 'Training run',
    testId: 'derive-run',
    fields: [
      count('derive.run.seqLength', 'Sequence length', { unit: 'tokens' }),
      count('derive.run.microBatchSize', 'Micro-batch size', { unit: 'sequences' }),
      count('derive.run.globalBatchSequences', 'Global batch', {
        unit: 'sequences',
        nullable: 'given in tokens below',
      }),
      count('derive.run.globalBatchTokens', 'Global batch in tokens', {
        unit: 'tokens',
        nullable: 'given in sequences above',
      }),
      {
        kind: 'select',
        path: 'derive.run.precision',
        label: 'GEMM precision',
        options: () => PRECISIONS,
        hint: 'Attention core, router and head stay BF16 (as DeepSeek-V3).',
      },
      {
        kind: 'select',
        path: 'derive.run.dispatchPrecision',
        label: 'Dispatch payload',
        options: () => PRECISIONS,
        when: hasExperts,
      },
      {
        kind: 'select',
        path: 'derive.run.combinePrecision',
        label: 'Combine payload',
        options: () => PRECISIONS,
        when: hasExperts,
      },
      {
        kind: 'select',
        path: 'derive.run.recompute',
        label: 'Activation recomputation',
        options: () => [
          { value: 'none', label: 'none' },
          { value: 'selective', label: 'selective (attention core)' },
          { value: 'full', label: 'full (every layer)' },
        ],
      },
      { kind: 'checkbox', path: 'derive.run.flashAttention', label: 'FlashAttention (no s x s tensor kept)' },
    ],
  },
  {
    title: 'Hardware',
    testId: 'derive-hardware',
    fields: [
      count('derive.hardware.gpusPerNode', 'GPUs per node', { nullable: 'the GPU preset’s' }),
      {
        kind: 'select',
        path: 'derive.hardware.intraNode',
        label: 'Intra-node link',
        options: linkOptions,
      },
      {
        kind: 'select',
        path: 'derive.hardware.interNode',
        label: 'Inter-node link',
        options: linkOptions,
      },
      {
        kind: 'number',
        path: 'derive.hardware.efficiency.compute',
        label: 'Compute efficiency (of the dense peak)',
        min: 0,
        max: 1,
        step: 0.01,
      },
      {
        kind: 'number',
        path: 'derive.hardware.efficiency.intraNode',
        label: 'Intra-node link efficiency',
        min: 0,
        max: 1,
        step: 0.01,
      },
      {
        kind: 'number',
        path: 'derive.hardware.efficiency.interNode',
        label: 'Inter-node link efficiency',
        min: 0,
        max: 1,
        step: 0.01,
        hint: 'Defaults and their sources: docs/cost-model.md, "Efficiency defaults".',
      },
    ],
  },
  {
    title: 'GPU written out',
    testId: 'derive-gpu',
    folded: true,
    fields: [
      {
        kind: 'number',
        path: 'derive.hardware.gpu.peakTflops.bf16',
        label: 'Dense BF16 peak',
        unit: 'TFLOP/s',
        min: 0,
      },
      {
        kind: 'number',
        path: 'derive.hardware.gpu.peakTflops.fp8',
        label: 'Dense FP8 peak',
        unit: 'TFLOP/s',
        min: 0,
        nullable: 'no FP8',
      },
      { kind: 'number', path: 'derive.hardware.gpu.memoryGB', label: 'HBM', unit: 'GB', min: 0 },
      count('derive.hardware.gpu.smCount', 'SMs', { max: LIMITS.smTotal }),
    ],
  },
  {
    title: 'Model written out',
    testId: 'derive-model',
    folded: true,
    fields: [
      count('derive.model.layers', 'Layers'),
      count('derive.model.hidden', 'Hidden size'),
      count('derive.model.vocab', 'Vocabulary'),
      { kind: 'checkbox', path: 'derive.model.tiedEmbeddings', label: 'Tied embeddings' },
      {
        kind: 'select',
        path: 'derive.model.attention.kind',
        label: 'Attention',
        options: () => [
          { value: 'gqa', label: 'grouped-query (GQA; MHA when all heads have keys)' },
          { value: 'mla', label: 'multi-head latent (MLA)' },
        ],
        hint: 'Switching starts the other kind from head dimension 128.',
      },
      count('derive.model.attention.heads', 'Attention heads'),
      count('derive.model.attention.kvHeads', 'Key/value heads (GQA)', { when: isGqa }),
      count('derive.model.attention.headDim', 'Head dimension', { when: isGqa }),
      count('derive.model.attention.qLoraRank', 'MLA query rank', {
        when: isMla,
        nullable: 'no query compression',
      }),
      count('derive.model.attention.kvLoraRank', 'MLA key/value rank', { when: isMla }),
      count('derive.model.attention.qkNopeHeadDim', 'MLA query/key dimension (no rotary)', { when: isMla }),
      count('derive.model.attention.qkRopeHeadDim', 'MLA rotary dimension', { when: isMla, min: 0 }),
      count('derive.model.attention.vHeadDim', 'MLA value dimension', { when: isMla }),
      count('derive.model.ffn', 'Dense FFN size', { min: 0 }),
      {
        kind: 'select',
        path: 'derive.model.activation',
        label: 'FFN activation',
        options: () => [
          { value: 'swiglu', label: 'SwiGLU (3 matrices)' },
          { value: 'gelu', label: 'GeLU (2 matrices)' },
        ],
      },
      {
        kind: 'checkbox',
        path: 'derive.model.moe',
        label: 'Mixture of experts (starts at 8 experts, 2 per token)',
      },
      count('derive.model.moe.routedExperts', 'Routed experts', { when: hasExperts }),
      count('derive.model.moe.expertsPerToken', 'Experts per token', { when: hasExperts }),
      count('derive.model.moe.sharedExperts', 'Shared experts', { when: hasExperts, min: 0 }),
      count('derive.model.moe.expertFfn', 'Expert FFN size', { when: hasExperts }),
      count('derive.model.moe.sharedExpertFfn', 'Shared expert FFN size', { when: hasExperts, min: 0 }),
      {
        kind: 'list',
        path: 'derive.model.moe.denseLayers',
        label: 'Dense layers (0-based)',
        when: hasExperts,
      },
      count('derive.model.moe.routeGroups', 'Route groups', { when: hasExperts, nullable: 'no group limit' }),
      count('derive.model.moe.groupsPerToken', 'Groups per token', {
        when: hasExperts,
        nullable: 'no group limit',
      }),
      count('derive.model.mtpModules', 'MTP modules', { min: 0 }),
    ],
  },
  {
    title: 'Whole training run',
    testId: 'derive-training',
    fields: [
      {
        kind: 'number',
        path: 'derive.training.tokens',
        label: 'Tokens of the run',
        unit: 'tokens',
        min: 0,
        nullable: 'not asked',
        hint: 'For the run’s GPU-hours in the metrics (DeepSeek-V3: 14.8e12).',
      },
      {
        kind: 'number',
        path: 'derive.training.pricePerGpuHour',
        label: 'Price per GPU-hour',
        unit: 'USD',
        min: 0,
        nullable: 'not asked',
      },
    ],
  },
];

/** Every path the panel shows errors at (its fields, the choosers, and the section itself). */
export function deriveFieldPaths(): string[] {
  return [
    MODEL_CHOICE.path,
    GPU_CHOICE.path,
    ...DERIVE_GROUPS.flatMap((g) => g.fields.map((f) => f.path)),
    'derive.model.moe',
    'derive.hardware',
    'derive.run',
    'derive.parallelism',
    'derive',
  ];
}
