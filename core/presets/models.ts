import type { ModelSpec } from '../cost-model/types';

/**
 * Model presets. Architecture numbers are the public Hugging Face `config.json` of each model
 * (names in `source`; field names in brackets below); published parameter counts are from the
 * model card or paper named in `published.source`. Tests check that every preset reproduces its
 * published total and activated counts within 2%.
 */
export interface ModelPreset {
  id: string;
  model: ModelSpec;
  /** Parameter counts as their authors publish them (MTP modules not included). */
  published: { total: number; activated: number; source: string };
  /**
   * A layout that fits, for examples, tests and the benchmark: a GPU preset id, the parallel sizes
   * and the sequence length. DeepSeek-V3's is its report's; the others are illustrative.
   */
  setup: { gpu: string; pp: number; tp: number; dp: number; ep: number; seqLength: number };
}

const B = 1e9;

/**
 * DeepSeek-V3. config.json of huggingface.co/deepseek-ai/DeepSeek-V3: hidden_size 7168,
 * intermediate_size 18432, moe_intermediate_size 2048, num_hidden_layers 61, num_attention_heads
 * 128, q_lora_rank 1536, kv_lora_rank 512, qk_nope_head_dim 128, qk_rope_head_dim 64, v_head_dim
 * 128, n_routed_experts 256, num_experts_per_tok 8, n_shared_experts 1, first_k_dense_replace 3,
 * n_group 8, topk_group 4, vocab_size 129280, tie_word_embeddings false, num_nextn_predict_layers 1,
 * hidden_act silu. Counts: DeepSeek-V3 Technical Report (arXiv 2412.19437), "671B total
 * parameters with 37B activated for each token"; the checkpoint's 685B adds the MTP module (14B).
 */
export const deepseekV3: ModelPreset = {
  id: 'deepseek-v3',
  model: {
    name: 'DeepSeek-V3',
    layers: 61,
    hidden: 7168,
    vocab: 129280,
    tiedEmbeddings: false,
    attention: {
      kind: 'mla',
      heads: 128,
      qLoraRank: 1536,
      kvLoraRank: 512,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
    },
    ffn: 18432,
    activation: 'swiglu',
    moe: {
      routedExperts: 256,
      expertsPerToken: 8,
      sharedExperts: 1,
      expertFfn: 2048,
      sharedExpertFfn: 2048,
      denseLayers: [0, 1, 2],
      routeGroups: 8,
      groupsPerToken: 4,
    },
    mtpModules: 1,
    dropout: false,
    source: 'huggingface.co/deepseek-ai/DeepSeek-V3 config.json; arXiv 2412.19437',
  },
  published: { total: 671 * B, activated: 37 * B, source: 'DeepSeek-V3 Technical Report, arXiv 2412.19437' },
  setup: { gpu: 'h800', pp: 16, tp: 1, dp: 128, ep: 64, seqLength: 4096 },
};

/**
 * DeepSeek-V2-Lite, a small MLA + MoE model for quick tests. config.json of
 * huggingface.co/deepseek-ai/DeepSeek-V2-Lite: hidden_size 2048, intermediate_size 10944,
 * moe_intermediate_size 1408, num_hidden_layers 27, num_attention_heads 16, q_lora_rank null,
 * kv_lora_rank 512, qk_nope_head_dim 128, qk_rope_head_dim 64, v_head_dim 128, n_routed_experts 64,
 * num_experts_per_tok 6, n_shared_experts 2, first_k_dense_replace 1, n_group 1, topk_group 1,
 * vocab_size 102400, tie_word_embeddings false. Counts: the model card, "15.7B total parameters
 * and 2.4B activated parameters" (the activated figure leaves out the output head: see
 * docs/cost-model.md).
 */
export const deepseekV2Lite: ModelPreset = {
  id: 'deepseek-v2-lite',
  model: {
    name: 'DeepSeek-V2-Lite',
    layers: 27,
    hidden: 2048,
    vocab: 102400,
    tiedEmbeddings: false,
    attention: {
      kind: 'mla',
      heads: 16,
      qLoraRank: null,
      kvLoraRank: 512,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
    },
    ffn: 10944,
    activation: 'swiglu',
    moe: {
      routedExperts: 64,
      expertsPerToken: 6,
      sharedExperts: 2,
      expertFfn: 1408,
      sharedExpertFfn: 1408,
      denseLayers: [0],
      routeGroups: null,
      groupsPerToken: null,
    },
    mtpModules: 0,
    dropout: false,
    source: 'huggingface.co/deepseek-ai/DeepSeek-V2-Lite config.json',
  },
  published: {
    total: 15.7 * B,
    activated: 2.4 * B,
    source: 'huggingface.co/deepseek-ai/DeepSeek-V2-Lite model card',
  },
  setup: { gpu: 'h100-sxm', pp: 4, tp: 1, dp: 8, ep: 8, seqLength: 4096 },
};

/**
 * Llama 3.1 405B. config.json of huggingface.co/meta-llama/Llama-3.1-405B: hidden_size 16384,
 * intermediate_size 53248, num_hidden_layers 126, num_attention_heads 128, num_key_value_heads 8,
 * head_dim 128, vocab_size 128256, tie_word_embeddings false, hidden_act silu. Count: "The Llama 3
 * Herd of Models" (arXiv 2407.21783), 405B, dense (every parameter activated).
 */
export const llama31_405b: ModelPreset = {
  id: 'llama-3.1-405b',
  model: {
    name: 'Llama-3.1-405B',
    layers: 126,
    hidden: 16384,
    vocab: 128256,
    tiedEmbeddings: false,
    attention: { kind: 'gqa', heads: 128, kvHeads: 8, headDim: 128 },
    ffn: 53248,
    activation: 'swiglu',
    moe: null,
    mtpModules: 0,
    dropout: false,
    source: 'huggingface.co/meta-llama/Llama-3.1-405B config.json; arXiv 2407.21783',
  },
  published: { total: 405 * B, activated: 405 * B, source: 'The Llama 3 Herd of Models, arXiv 2407.21783' },
  setup: { gpu: 'h100-sxm', pp: 16, tp: 8, dp: 8, ep: 1, seqLength: 8192 },
};

/**
 * Mixtral 8x7B. config.json of huggingface.co/mistralai/Mixtral-8x7B-v0.1: hidden_size 4096,
 * intermediate_size 14336, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8,
 * num_local_experts 8, num_experts_per_tok 2, vocab_size 32000, tie_word_embeddings false. Counts:
 * "Mixtral of Experts" (arXiv 2401.04088), 46.7B total, 12.9B active per token.
 */
export const mixtral8x7b: ModelPreset = {
  id: 'mixtral-8x7b',
  model: {
    name: 'Mixtral-8x7B',
    layers: 32,
    hidden: 4096,
    vocab: 32000,
    tiedEmbeddings: false,
    attention: { kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128 },
    ffn: 14336,
    activation: 'swiglu',
    moe: {
      routedExperts: 8,
      expertsPerToken: 2,
      sharedExperts: 0,
      expertFfn: 14336,
      sharedExpertFfn: 0,
      denseLayers: [],
      routeGroups: null,
      groupsPerToken: null,
    },
    mtpModules: 0,
    dropout: false,
    source: 'huggingface.co/mistralai/Mixtral-8x7B-v0.1 config.json; arXiv 2401.04088',
  },
  published: { total: 46.7 * B, activated: 12.9 * B, source: 'Mixtral of Experts, arXiv 2401.04088' },
  setup: { gpu: 'h100-sxm', pp: 4, tp: 2, dp: 8, ep: 8, seqLength: 4096 },
};

/**
 * Qwen3-235B-A22B. config.json of huggingface.co/Qwen/Qwen3-235B-A22B: hidden_size 4096,
 * moe_intermediate_size 1536, num_hidden_layers 94, num_attention_heads 64, num_key_value_heads 4,
 * head_dim 128, num_experts 128, num_experts_per_tok 8, decoder_sparse_step 1, mlp_only_layers []
 * (every layer MoE, no shared expert), vocab_size 151936, tie_word_embeddings false. Counts: the
 * model card, 235B total, 22B activated. Its q/k norms (128 weights each per layer) are left out.
 */
export const qwen3_235b: ModelPreset = {
  id: 'qwen3-235b-a22b',
  model: {
    name: 'Qwen3-235B-A22B',
    layers: 94,
    hidden: 4096,
    vocab: 151936,
    tiedEmbeddings: false,
    attention: { kind: 'gqa', heads: 64, kvHeads: 4, headDim: 128 },
    ffn: 12288,
    activation: 'swiglu',
    moe: {
      routedExperts: 128,
      expertsPerToken: 8,
      sharedExperts: 0,
      expertFfn: 1536,
      sharedExpertFfn: 0,
      denseLayers: [],
      routeGroups: null,
      groupsPerToken: null,
    },
    mtpModules: 0,
    dropout: false,
    source: 'huggingface.co/Qwen/Qwen3-235B-A22B config.json',
  },
  published: { total: 235 * B, activated: 22 * B, source: 'huggingface.co/Qwen/Qwen3-235B-A22B model card' },
  setup: { gpu: 'b200', pp: 8, tp: 1, dp: 32, ep: 32, seqLength: 4096 },
};

export const MODEL_PRESETS: readonly ModelPreset[] = [
  deepseekV3,
  deepseekV2Lite,
  llama31_405b,
  mixtral8x7b,
  qwen3_235b,
];
