import { z } from 'zod';
import { DEFAULT_EFFICIENCY, PARALLEL_DEFAULTS, RUN_DEFAULTS } from '../cost-model/types';
import { LIMITS } from './limits';

/**
 * The `derive` section of a scenario file (core/model/derive-section.ts): the cost model's inputs,
 * presets by name or written out. The schema checks types and caps; what the values must satisfy
 * together (whole numbers, TP dividing the heads, experts per token within the experts...) is the
 * cost model's own check (core/cost-model/validate.ts), which the validator runs and reports at
 * `derive.*` paths. The caps keep a typo from freezing the derivation, as LIMITS does for the rest.
 */

/** Most layers a model may have: the layer split searches first/last stage sizes up to it. */
const MAX_LAYERS = 1000;
/** Any width of a model (hidden size, FFN, vocabulary, head dimension, rank). */
const MAX_WIDTH = 1e8;
/** Any count of heads or experts. */
const MAX_UNITS = 1e6;
/** Tokens of one sequence. */
const MAX_SEQUENCE = 1e8;
/** Sequences in a micro-batch or a global batch, and GPUs along one parallel dimension. */
const MAX_COUNT = 1e9;

const num = (max: number) => z.number().max(max);
const nameText = () => z.string().max(LIMITS.name);
const sourceText = () => z.string().max(LIMITS.description).optional();

const gqaSchema = z.looseObject({
  kind: z.literal('gqa'),
  heads: num(MAX_UNITS),
  kvHeads: num(MAX_UNITS),
  headDim: num(MAX_WIDTH),
});

const mlaSchema = z.looseObject({
  kind: z.literal('mla'),
  heads: num(MAX_UNITS),
  qLoraRank: num(MAX_WIDTH).nullable(),
  kvLoraRank: num(MAX_WIDTH),
  qkNopeHeadDim: num(MAX_WIDTH),
  qkRopeHeadDim: num(MAX_WIDTH),
  vHeadDim: num(MAX_WIDTH),
});

const moeSchema = z.looseObject({
  routedExperts: num(MAX_UNITS),
  expertsPerToken: num(MAX_UNITS),
  sharedExperts: num(MAX_UNITS),
  expertFfn: num(MAX_WIDTH),
  sharedExpertFfn: num(MAX_WIDTH),
  denseLayers: z.array(num(MAX_LAYERS)).max(MAX_LAYERS),
  routeGroups: num(MAX_UNITS).nullable(),
  groupsPerToken: num(MAX_UNITS).nullable(),
});

// Presets written out keep fields a newer PipeScope may add (loose objects), like the rest of a file.
export const modelSpecSchema = z
  .looseObject({
    name: nameText(),
    layers: num(MAX_LAYERS),
    hidden: num(MAX_WIDTH),
    vocab: num(MAX_WIDTH),
    tiedEmbeddings: z.boolean(),
    attention: z.discriminatedUnion('kind', [gqaSchema, mlaSchema]),
    ffn: num(MAX_WIDTH),
    activation: z.enum(['swiglu', 'gelu']),
    moe: moeSchema.nullable(),
    mtpModules: num(MAX_LAYERS).default(0),
    dropout: z.boolean().default(false),
    source: sourceText(),
  })
  .describe('A model written out: the fields of docs/cost-model.md, "Inputs".');

const gpuSchema = z.looseObject({
  name: nameText(),
  peakTflops: z.object({ bf16: num(1e9), fp8: num(1e9).nullable() }),
  memoryGB: num(1e9),
  smCount: num(LIMITS.smTotal),
  source: sourceText(),
});

const linkSchema = z.looseObject({ name: nameText(), bandwidthGBps: num(1e9), source: sourceText() });

const precision = () => z.enum(['bf16', 'fp8']);

export const deriveSectionSchema = z
  .object({
    model: z
      .union([nameText(), modelSpecSchema])
      .describe('A model preset id (pipescope models), or the model written out.'),
    run: z.object({
      seqLength: num(MAX_SEQUENCE).describe('Tokens per sequence.'),
      microBatchSize: num(MAX_COUNT).describe('Sequences per micro-batch.'),
      globalBatchSequences: num(MAX_COUNT)
        .optional()
        .describe('Global batch in sequences (or globalBatchTokens).'),
      globalBatchTokens: num(MAX_COUNT * MAX_SEQUENCE)
        .optional()
        .describe('Global batch in tokens, a whole number of sequences (or globalBatchSequences).'),
      precision: precision().default(RUN_DEFAULTS.precision).describe("The transformer blocks' GEMMs."),
      dispatchPrecision: precision().default(RUN_DEFAULTS.dispatchPrecision),
      combinePrecision: precision().default(RUN_DEFAULTS.combinePrecision),
      recompute: z.enum(['none', 'selective', 'full']).default(RUN_DEFAULTS.recompute),
      flashAttention: z.boolean().default(RUN_DEFAULTS.flashAttention),
    }),
    parallelism: z.object({
      pp: num(LIMITS.devices).describe("Pipeline ranks: the scenario's devices."),
      schedule: z.string().max(64),
      vpp: num(LIMITS.chunks).default(PARALLEL_DEFAULTS.vpp),
      tp: num(LIMITS.devices).default(PARALLEL_DEFAULTS.tp),
      sequenceParallel: z.boolean().default(PARALLEL_DEFAULTS.sequenceParallel),
      dp: num(MAX_COUNT),
      ep: num(MAX_COUNT).default(PARALLEL_DEFAULTS.ep),
      distributedOptimizer: z.boolean().default(PARALLEL_DEFAULTS.distributedOptimizer),
      commSms: num(LIMITS.smTotal).default(PARALLEL_DEFAULTS.commSms),
      allToAll: z.enum(['node-dedup', 'flat']).default(PARALLEL_DEFAULTS.allToAll),
      layersPerStage: z
        .array(num(MAX_LAYERS))
        .max(2 * LIMITS.devices * LIMITS.chunks)
        .nullable()
        .default(null),
    }),
    hardware: z.object({
      gpu: z
        .union([nameText(), gpuSchema])
        .describe('A GPU preset id (pipescope gpus), or the GPU written out.'),
      gpusPerNode: num(MAX_COUNT).optional().describe("Default: the GPU preset's baseboard."),
      intraNode: z
        .union([nameText(), linkSchema])
        .optional()
        .describe('An interconnect preset id, or the link.'),
      interNode: z
        .union([nameText(), linkSchema])
        .optional()
        .describe('An interconnect preset id, or the link.'),
      efficiency: z
        .object({
          compute: num(1).default(DEFAULT_EFFICIENCY.compute),
          intraNode: num(1).default(DEFAULT_EFFICIENCY.intraNode),
          interNode: num(1).default(DEFAULT_EFFICIENCY.interNode),
        })
        .prefault({}),
    }),
    training: z
      .object({
        tokens: num(1e18).nullable().default(null).describe('Tokens of the whole training run.'),
        pricePerGpuHour: num(1e9).nullable().default(null).describe('USD per GPU-hour.'),
      })
      .prefault({}),
    overrides: z
      .array(z.string().max(256))
      .max(100_000)
      .default([])
      .describe('Scenario paths set by hand over the derived values; re-deriving keeps them.'),
  })
  .describe('What the scenario is derived from (docs/cost-model.md), and which values were overridden.');
