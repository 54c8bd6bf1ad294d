import {
  attentionGemms,
  attentionNormParams,
  ffnMatrices,
  gemmActivatedWeights,
  moeLayerCount,
  mtpIsMoe,
} from './architecture';
import type { ModelSpec } from './types';

export interface ParameterComponents {
  embedding: number;
  attention: number;
  /** RMSNorm/LayerNorm weights: two per layer, MLA's q/kv norms, the final norm. */
  norms: number;
  denseMlp: number;
  routedExperts: number;
  sharedExperts: number;
  router: number;
  /** Output head (0 extra when tied to the embedding). */
  head: number;
}

export interface ParameterCounts {
  /** Main model, MTP modules not included. */
  total: number;
  /** Per token: every weight except the routed experts a token is not sent to. */
  activated: number;
  byComponent: ParameterComponents;
  activatedByComponent: ParameterComponents;
  /** MTP modules apart: their projection, norms and transformer layer (embedding and head are shared). */
  mtp: { total: number; activated: number };
}

/** The weights of one transformer layer, split by how they are sharded over devices. */
export interface LayerWeights {
  /** Split over TP ranks: attention projections, dense FFN, shared experts. */
  tpSharded: number;
  /** The same on every TP rank: norms, router, MLA's low-rank down projections. */
  replicated: number;
  /** Routed experts (all of them), split over EP ranks. */
  experts: number;
  /** Routed experts one token uses. */
  expertsActivated: number;
}

/** Weights of one layer; `moe` says whether its MLP is MoE. */
export function layerWeights(m: ModelSpec, moe: boolean): LayerWeights {
  const h = m.hidden;
  const mats = ffnMatrices(m.activation);
  let tpSharded = 0;
  let replicated = 2 * h + attentionNormParams(m.attention);
  for (const g of attentionGemms(h, m.attention)) {
    if (g.tpSharded) tpSharded += g.in * g.out;
    else replicated += g.in * g.out;
  }
  let experts = 0;
  let expertsActivated = 0;
  if (moe && m.moe) {
    const e = m.moe;
    replicated += h * e.routedExperts;
    tpSharded += e.sharedExperts * mats * h * e.sharedExpertFfn;
    experts = e.routedExperts * mats * h * e.expertFfn;
    expertsActivated = e.expertsPerToken * mats * h * e.expertFfn;
  } else tpSharded += mats * h * m.ffn;
  return { tpSharded, replicated, experts, expertsActivated };
}

/** Weights of one MTP module beyond its transformer layer: the 2h -> h projection and three norms. */
export function mtpExtraWeights(m: ModelSpec): number {
  return 2 * m.hidden * m.hidden + 3 * m.hidden;
}

/**
 * Parameter counts by component (docs/cost-model.md, "Parameters"). Activated counts the embedding
 * and head (as Mixtral's 12.9B and Qwen3's 22B do), the shared experts and the router, and k of the
 * routed experts.
 */
export function parameterCounts(m: ModelSpec): ParameterCounts {
  const h = m.hidden;
  const mats = ffnMatrices(m.activation);
  const attention = gemmActivatedWeights(attentionGemms(h, m.attention)) * m.layers;
  const norms = (2 * h + attentionNormParams(m.attention)) * m.layers + h;
  const moeLayers = moeLayerCount(m);
  const denseLayers = m.layers - moeLayers;
  const denseMlp = denseLayers * mats * h * m.ffn;
  const e = m.moe;
  const routedExperts = e ? moeLayers * e.routedExperts * mats * h * e.expertFfn : 0;
  const routedActivated = e ? moeLayers * e.expertsPerToken * mats * h * e.expertFfn : 0;
  const sharedExperts = e ? moeLayers * e.sharedExperts * mats * h * e.sharedExpertFfn : 0;
  const router = e ? moeLayers * h * e.routedExperts : 0;
  const embedding = m.vocab * h;
  const head = m.tiedEmbeddings ? 0 : m.vocab * h;
  const byComponent: ParameterComponents = {
    embedding,
    attention,
    norms,
    denseMlp,
    routedExperts,
    sharedExperts,
    router,
    head,
  };
  const activatedByComponent: ParameterComponents = { ...byComponent, routedExperts: routedActivated };
  const sum = (c: ParameterComponents) =>
    c.embedding + c.attention + c.norms + c.denseMlp + c.routedExperts + c.sharedExperts + c.router + c.head;
  const mtpLayer = layerWeights(m, mtpIsMoe(m));
  const mtpBase = mtpLayer.tpSharded + mtpLayer.replicated + mtpExtraWeights(m);
  return {
    total: sum(byComponent),
    activated: sum(activatedByComponent),
    byComponent,
    activatedByComponent,
    mtp: {
      total: m.mtpModules * (mtpBase + mtpLayer.experts),
      activated: m.mtpModules * (mtpBase + mtpLayer.expertsActivated),
    },
  };
}
