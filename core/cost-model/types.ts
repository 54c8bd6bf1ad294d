import type { ScheduleName } from '../model/schedule-name';

/**
 * Inputs of the analytic cost model: a model, a training run, a parallel layout and the hardware.
 * Every formula that uses them is in docs/cost-model.md with its source.
 */

/** Number format of a GEMM's inputs or of a communication payload. */
export type Precision = 'bf16' | 'fp8';

/** Grouped-query attention (multi-head when kvHeads = heads, multi-query when kvHeads = 1). */
export interface GqaAttention {
  kind: 'gqa';
  heads: number;
  /** Key/value heads (GQA groups). */
  kvHeads: number;
  /** Dimension of one head (queries, keys and values alike). */
  headDim: number;
}

/** Multi-head latent attention (DeepSeek-V2/V3): low-rank compressed queries and keys/values. */
export interface MlaAttention {
  kind: 'mla';
  heads: number;
  /** Rank of the query compression (q_lora_rank), or null when queries are projected directly. */
  qLoraRank: number | null;
  /** Rank of the joint key/value compression (kv_lora_rank). */
  kvLoraRank: number;
  /** Per-head query/key dimension without rotary embedding (qk_nope_head_dim). */
  qkNopeHeadDim: number;
  /** Per-head query/key dimension with rotary embedding (qk_rope_head_dim); the key part is shared by all heads. */
  qkRopeHeadDim: number;
  /** Per-head value dimension (v_head_dim). */
  vHeadDim: number;
}

export type AttentionSpec = GqaAttention | MlaAttention;

export interface MoeSpec {
  /** Routed experts per MoE layer. */
  routedExperts: number;
  /** Routed experts each token is sent to (top-k). */
  expertsPerToken: number;
  /** Shared experts every token passes through (0 for none). */
  sharedExperts: number;
  /** Intermediate size of one routed expert's FFN. */
  expertFfn: number;
  /** Intermediate size of one shared expert's FFN (DeepSeek: the same as a routed expert's). */
  sharedExpertFfn: number;
  /** Indices (0-based) of the layers whose MLP is dense, not MoE (DeepSeek-V3: the first three). */
  denseLayers: number[];
  /**
   * Group-limited routing (DeepSeek-V3 `n_group` / `topk_group`): experts are split into
   * `routeGroups` groups and each token picks experts in at most `groupsPerToken` of them. With
   * groups laid out one per node this is node-limited routing. Null: no limit.
   */
  routeGroups: number | null;
  groupsPerToken: number | null;
}

export interface ModelSpec {
  name: string;
  /** Transformer layers of the main model (MTP modules not included). */
  layers: number;
  hidden: number;
  vocab: number;
  /** Input embedding and output head share one matrix. */
  tiedEmbeddings: boolean;
  attention: AttentionSpec;
  /** Intermediate size of a dense layer's FFN. */
  ffn: number;
  /** SwiGLU: three matrices (gate, up, down); GeLU: two. */
  activation: 'swiglu' | 'gelu';
  /** Null for a dense model. */
  moe: MoeSpec | null;
  /** Multi-token-prediction modules (DeepSeek-V3: 1); each is one more layer of the last layer's kind. */
  mtpModules: number;
  /** Dropout after attention and MLP (kept masks count as activations); false for current LLMs. */
  dropout: boolean;
  /** Where the numbers come from. */
  source?: string;
}

export type Recomputation = 'none' | 'selective' | 'full';

export interface RunSpec {
  /** Tokens per sequence. */
  seqLength: number;
  /** Sequences per micro-batch. */
  microBatchSize: number;
  /** Global batch in sequences; give this or `globalBatchTokens`. */
  globalBatchSequences?: number;
  /** Global batch in tokens (a whole number of sequences). */
  globalBatchTokens?: number;
  /** Format of the transformer blocks' GEMMs (attention core, router and head stay BF16). */
  precision: Precision;
  /** Payload of the all-to-all towards the experts (forward dispatch, backward of combine). */
  dispatchPrecision: Precision;
  /** Payload of the all-to-all back from the experts (forward combine, backward of dispatch). */
  combinePrecision: Precision;
  recompute: Recomputation;
  /** A fused attention kernel (FlashAttention) that keeps no seq x seq tensor for the backward. */
  flashAttention: boolean;
}

export interface ParallelSpec {
  /** Pipeline ranks: the scenario's devices. */
  pp: number;
  schedule: ScheduleName;
  /** Model chunks per device for interleaved-1f1b (v); ignored by the other schedules. */
  vpp: number;
  tp: number;
  /** Sequence parallelism with TP (norms and dropout sharded along the sequence). */
  sequenceParallel: boolean;
  dp: number;
  /** Expert parallelism, carved out of the DP x TP ranks of one pipeline stage. */
  ep: number;
  /** ZeRO-1 / Megatron's distributed optimizer: optimizer state sharded over data-parallel ranks. */
  distributedOptimizer: boolean;
  /** SMs reserved for communication kernels while computation runs beside them (DeepSeek-V3: 20). */
  commSms: number;
  /**
   * How the MoE all-to-all crosses nodes: 'node-dedup' sends a token once per destination node and
   * forwards it inside the node over NVLink (DeepEP); 'flat' sends one copy per expert.
   */
  allToAll: 'node-dedup' | 'flat';
  /** Layers of each pipeline stage (sum = layers), or null for the default split (docs/cost-model.md). */
  layersPerStage: number[] | null;
}

export interface GpuSpec {
  name: string;
  /** Dense (no sparsity) tensor-core peak, TFLOP/s; fp8 null when the GPU has no FP8 tensor cores. */
  peakTflops: { bf16: number; fp8: number | null };
  /** HBM capacity in GB (1e9 bytes), as the datasheet gives it. */
  memoryGB: number;
  /** Streaming multiprocessors (AMD: compute units). */
  smCount: number;
  source?: string;
}

export interface LinkSpec {
  name: string;
  /** Bandwidth per GPU in one direction, GB/s (1e9 bytes per second). */
  bandwidthGBps: number;
  source?: string;
}

export interface Efficiency {
  /** Achieved fraction of the dense peak for GEMMs and attention. */
  compute: number;
  /** Achieved fraction of the intra-node link bandwidth. */
  intraNode: number;
  /** Achieved fraction of the inter-node link bandwidth. */
  interNode: number;
}

export interface HardwareSpec {
  gpu: GpuSpec;
  gpusPerNode: number;
  intraNode: LinkSpec;
  interNode: LinkSpec;
  efficiency: Efficiency;
}

export interface CostModelInput {
  model: ModelSpec;
  run: RunSpec;
  parallelism: ParallelSpec;
  hardware: HardwareSpec;
}

/**
 * Default achieved efficiencies (docs/cost-model.md, "Efficiency defaults"):
 * - compute 0.6: large BF16/FP8 GEMMs reach 60-80% of the dense peak on Hopper (DeepGEMM reports
 *   up to 1550 of 1979 FP8 TFLOP/s on H800); grouped MoE GEMMs, attention and small shapes less.
 * - intra-node 0.8: DeepEP measured ~153-158 GB/s all-to-all on H800 NVLink (200 GB/s per direction).
 * - inter-node 0.9: DeepEP measured 43-58 GB/s on 400 Gb/s (50 GB/s) CX7 InfiniBand.
 */
export const DEFAULT_EFFICIENCY: Readonly<Efficiency> = { compute: 0.6, intraNode: 0.8, interNode: 0.9 };

/** Bytes of one activation element kept for the backward (BF16). */
export const ACTIVATION_BYTES = 2;

/**
 * Bytes per element of a payload. FP8 carries one FP32 scale per 128 elements (DeepSeek-V3's
 * 1 x 128 tile-wise quantization of activations), so 1 + 4/128.
 */
export function payloadBytes(p: Precision): number {
  return p === 'fp8' ? 1 + 4 / FP8_SCALE_GROUP : 2;
}

/** Elements sharing one FP32 scale in FP8 payloads (DeepSeek-V3 report, section 3.3.2). */
export const FP8_SCALE_GROUP = 128;

/** Defaults of the run's optional choices: BF16 throughout, no recomputation, FlashAttention. */
export const RUN_DEFAULTS: Readonly<
  Pick<RunSpec, 'precision' | 'dispatchPrecision' | 'combinePrecision' | 'recompute' | 'flashAttention'>
> = {
  precision: 'bf16',
  dispatchPrecision: 'bf16',
  combinePrecision: 'bf16',
  recompute: 'none',
  flashAttention: true,
};

/** Defaults of the parallel layout's optional choices. */
export const PARALLEL_DEFAULTS: Readonly<Omit<ParallelSpec, 'pp' | 'schedule' | 'dp'>> = {
  vpp: 1,
  tp: 1,
  sequenceParallel: true,
  ep: 1,
  distributedOptimizer: true,
  commSms: 0,
  allToAll: 'node-dedup',
  layersPerStage: null,
};
