import { z } from 'zod';
import { PAIR_ORDER_ENTRIES } from '../model/costs';
import { PAIRINGS, defaultScenario } from '../model/scenario';
import { isScheduleName, scheduleNames } from '../schedules/registry';
import { deriveSectionSchema } from './derive-schema';
import { LIMITS } from './limits';

/**
 * The scenario file, defined once. Validation (scenario-file.ts), the published JSON Schema
 * (json-schema.ts -> schema/pipescope-scenario.schema.json) and the canonical key order
 * (canonical.ts) all come from these definitions. Field order here is the order files are written in.
 */
export const FORMAT_ID = 'pipescope-scenario';

const D = defaultScenario();

const ms = () => z.number().min(0).max(LIMITS.ms);
const bytes = () => z.number().min(0).max(LIMITS.bytes);
/**
 * A name in the schedule registry, checked when a file is read (so schedules registered at run time
 * count). Any other value is an `invalid_value` issue listing the names, as an enum's would be. The
 * published JSON Schema lists the schedules registered when it is generated (the built-in ones).
 */
const scheduleName = () =>
  z
    .any()
    .superRefine((value, ctx) => {
      if (!isScheduleName(value))
        ctx.addIssue({ code: 'invalid_value', values: scheduleNames(), input: value });
    })
    .meta({ type: 'string', enum: scheduleNames() });

const perDevice = (description: string) =>
  z.union([ms(), z.array(ms()).min(1).max(LIMITS.devices)]).describe(description);

/** A part time: one number for every device, or one per device. */
const partTime = () => z.union([ms(), z.array(ms()).min(1).max(LIMITS.devices)]);
/** An all-to-all size: one number for every device, or one per device. */
const partBytes = () => z.union([bytes(), z.array(bytes()).min(1).max(LIMITS.devices)]);

export const chunkPartsSchema = z
  .object({
    forward: z.object({ attention: partTime(), dispatch: partTime(), mlp: partTime(), combine: partTime() }),
    backward: z.object({
      combine: partTime(),
      mlpInput: partTime(),
      mlpWeight: partTime(),
      dispatch: partTime(),
      attentionInput: partTime(),
      attentionWeight: partTime(),
    }),
    pairOrder: z
      .array(z.string().max(64))
      .max(64)
      .optional()
      .describe(
        'Order an overlapped pair runs the parts of its two chunks in, e.g. "combine(B)", "attention(F)"; absent: DeepSeek\'s profile-data order.',
      ),
    commBytes: z
      .object({
        forward: z.object({ dispatch: partBytes(), combine: partBytes() }),
        backward: z.object({ dispatch: partBytes(), combine: partBytes() }),
      })
      .optional()
      .describe(
        'All-to-all sizes in bytes per micro-batch per device share; with commBandwidth, each dispatch/combine time is bytes / bandwidth and replaces the ms value.',
      ),
    commBandwidth: z
      .number()
      .gt(0)
      .max(1e6)
      .optional()
      .describe('Bandwidth of the all-to-all in GB/s (1e9 bytes per second), used with commBytes.'),
  })
  .describe(
    'Parts of one chunk in ms per micro-batch per device share, as DualPipe splits them; dispatch and combine run on the communication stream. Each time (and size) is one number for all devices, or one per device.',
  );

/**
 * A mapping from profiler annotation names to parts (docs/traces.md). The types are checked here;
 * what the names and keys must be (part names, stream keys, regular expressions) by the validator,
 * with the trace reader's own parser.
 */
export const traceMapDocumentSchema = z
  .object({
    format: z.literal('pipescope-trace-map').optional(),
    version: z.number().int().min(1).optional(),
    defaults: z
      .boolean()
      .optional()
      .describe('false: only these rules apply, not the DeepSeek and Megatron names PipeScope knows.'),
    parts: z
      .record(z.string().max(LIMITS.name), z.string().max(64).nullable())
      .optional()
      .describe(
        'Annotation name (* and ? match any run / one character) -> part, e.g. "attention(F)", or null.',
      ),
    layersPerChunk: z
      .number()
      .nullable()
      .optional()
      .describe(
        'Annotation ranges (layers) that make one chunk; absent: the trace is one chunk of each kind.',
      ),
    streamRoles: z
      .record(z.string().max(64), z.enum(['compute', 'comm']))
      .optional()
      .describe('"<stream>" or "<rank>:<stream>" -> the stream\'s role.'),
    commKernels: z
      .array(z.string().max(LIMITS.name))
      .max(1000)
      .optional()
      .describe('Extra communication kernel names (regular expressions, case-insensitive).'),
  })
  .describe('How profiler annotation names become chunk parts.');

export const measuredPartsSchema = z
  .object({
    files: z.array(z.string().max(4096)).max(LIMITS.devices).describe('The trace files, as named when read.'),
    date: z.string().max(64).nullable().describe('When the first trace was recorded (ISO 8601), or null.'),
    parts: z.array(z.enum(PAIR_ORDER_ENTRIES)).max(PAIR_ORDER_ENTRIES.length).describe('The parts measured.'),
    devices: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(LIMITS.devices - 1),
      )
      .max(LIMITS.devices)
      .optional()
      .describe('The devices whose part times were measured (each from its rank); absent: every device.'),
    pairOrder: z.boolean().optional().describe('Whether parts.pairOrder is the order the trace showed.'),
    chunkShare: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('The chunk share measured times were divided by.'),
    smSlowdown: z
      .number()
      .min(1)
      .max(LIMITS.smTotal)
      .optional()
      .describe('The SM slowdown measured compute parts were divided by.'),
    mapping: traceMapDocumentSchema,
  })
  .describe('Which parts were measured from a profiler trace, when, and with which mapping.');

/** A custom order: one string of actions per device (core/model/order.ts, docs/orders.md). */
export const orderSchema = z
  .object({
    devices: z
      .array(z.string().max(LIMITS.stringChars))
      .min(1)
      .max(LIMITS.devices)
      .describe(
        "Each device's actions in execution order, separated by spaces, in PyTorch's notation: {stage}{F|I|W|B}{micro-batch} (I: backward for the input, B: full backward), an overlapped pair ({F action};{backward action})OVERLAP_F_B.",
      ),
  })
  .describe('The order the custom schedule runs (docs/orders.md).');

const moduleCosts = (what: string) =>
  z
    .object({ forward: ms(), backwardInput: ms(), backwardWeight: ms() })
    .describe(`${what}, ms per micro-batch.`);
const perLayer = () => z.union([ms(), z.array(ms()).min(1).max(LIMITS.layers)]);

/**
 * Characters of a layout string: Megatron's repeats keep real ones short ("Et*3|(tt|)*29,m|L" is
 * 17); the cap keeps an edited layout within the save headroom of limits.ts.
 */
const LAYOUT_MAX_CHARS = 10_000;

/** Uneven stages (core/model/layout.ts, docs/scenario-format.md). */
export const layoutSchema = z
  .object({
    stages: z
      .string()
      .min(1)
      .max(LAYOUT_MAX_CHARS)
      .describe(
        'The stages in Megatron-LM\'s --pipeline-model-parallel-layout notation: E embedding, t transformer layer, m MTP module, L loss, | next stage, x*n and (...)*n repeat, e.g. "Et*3|(tt|)*29,m|L".',
      ),
    layer: z
      .object({ forward: perLayer(), backwardInput: perLayer(), backwardWeight: perLayer() })
      .optional()
      .describe(
        "One transformer layer's costs, ms per micro-batch: one number for all layers or one per layer; absent: the scenario's costs spread evenly over the layers.",
      ),
    embedding: moduleCosts('The embedding (E)').optional(),
    loss: moduleCosts('The output layer and loss (L)').optional(),
    mtp: moduleCosts('One MTP module (m)').optional(),
  })
  .describe('Which layers each stage holds, and what they cost: per-stage op costs replace costs.');

/** The Scenario fields (core/model/scenario.ts), every one optional with defaultScenario()'s value. */
export const scenarioBodySchema = z.object({
  name: z.string().max(LIMITS.name).default(D.name),
  description: z.string().max(LIMITS.description).default(D.description),
  schedule: scheduleName().default(D.schedule).describe('Schedule to simulate.'),
  devices: z.number().int().min(1).max(LIMITS.devices).default(D.devices).describe('Pipeline devices P.'),
  microbatches: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.microbatches)
    .default(D.microbatches)
    .describe('Micro-batches m per iteration.'),
  chunks: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.chunks)
    .default(D.chunks)
    .describe('Model chunks per device v for interleaved-1f1b.'),
  groupSize: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.microbatches)
    .nullable()
    .default(D.groupSize)
    .describe(
      "Micro-batches per group of virtual-stage forwards (Megatron-LM's microbatch_group_size_per_vp_stage) for interleaved-1f1b, or null: Megatron's default, the device count P.",
    ),
  costs: z
    .object({
      forward: perDevice('Forward F, ms per micro-batch per device: one number, or one per device.').default(
        D.costs.forward,
      ),
      backwardInput: perDevice('Backward for the input B, ms per micro-batch per device.').default(
        D.costs.backwardInput,
      ),
      backwardWeight: perDevice('Backward for the weights W, ms per micro-batch per device.').default(
        D.costs.backwardWeight,
      ),
    })
    .prefault({}),
  p2p: z
    .object({
      time: ms()
        .default(D.p2p.time)
        .describe(
          'One transfer between consecutive stages on different devices, ms; with bytes and bandwidth, the latency added to bytes / bandwidth.',
        ),
      occupiesComm: z.boolean().default(D.p2p.occupiesComm),
      bytes: bytes()
        .nullable()
        .optional()
        .describe('Size of one transfer in bytes (activations or their gradient); needs bandwidth.'),
      bandwidth: z
        .number()
        .gt(0)
        .max(1e6)
        .nullable()
        .optional()
        .describe('Link bandwidth in GB/s (1e9 bytes per second), used with bytes.'),
    })
    .prefault({}),
  parts: chunkPartsSchema.nullable().default(null),
  measuredParts: measuredPartsSchema.optional(),
  smSplit: z
    .object({
      total: z.number().int().min(1).max(LIMITS.smTotal).default(D.smSplit.total),
      reserved: z.number().int().min(0).max(LIMITS.smTotal).default(D.smSplit.reserved),
    })
    .prefault({})
    .describe('SMs per device, and those reserved for communication kernels.'),
  pairing: z
    .enum(PAIRINGS)
    .default(D.pairing)
    .describe(
      "Overlapped F&B pairs for schedules that do not pair on their own: off; steady-state (each steady-state F with the next backward); combined-1f1b (Megatron-LM's combined 1F1B with EP all-to-all overlap, on the schedules that support it).",
    ),
  memory: z
    .object({
      activation: bytes().default(D.memory.activation).describe('Bytes one F of one chunk allocates.'),
      weightGradStash: bytes().default(D.memory.weightGradStash).describe('Bytes B keeps for W.'),
      parameters: bytes().default(D.memory.parameters).describe('Bytes of parameters per chunk.'),
      capacity: bytes().nullable().default(D.memory.capacity).describe('Device memory, or null: unlimited.'),
      activationBudget: z
        .number()
        .int()
        .min(1)
        .max(LIMITS.activationBudget)
        .nullable()
        .default(D.memory.activationBudget)
        .describe('Max micro-batch activations in flight per device (ZB-H2), or null.'),
    })
    .prefault({}),
  layout: layoutSchema.nullable().optional(),
  order: orderSchema.nullable().optional(),
  derive: deriveSectionSchema.optional(),
});

/** The whole file as editors see it: header, then the Scenario fields. */
export const scenarioFileSchema = z
  .object({
    $schema: z.string().optional().describe('Where editors find this JSON Schema.'),
    format: z.literal(FORMAT_ID),
    version: z.number().int().min(1),
    ...scenarioBodySchema.shape,
  })
  .meta({
    title: 'PipeScope scenario',
    description:
      'One training iteration of one pipeline: devices, micro-batches, costs and memory. Unknown fields are kept by PipeScope.',
  });

type AnySchema = z.ZodType;

/** The object schema under default/prefault/nullable/optional wrappers, or null when it is not an object. */
export function objectShape(schema: AnySchema): Record<string, AnySchema> | null {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown; shape?: unknown } } };
  for (let i = 0; i < 8; i++) {
    const def = s._zod.def;
    if (def.type === 'object') return def.shape as Record<string, AnySchema>;
    if (!def.innerType) return null;
    s = def.innerType as typeof s;
  }
  return null;
}
