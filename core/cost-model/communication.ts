import type { Ms } from '../model/units';
import type { HardwareSpec, ModelSpec, ParallelSpec } from './types';

/** How an EP group sits on nodes: g of its ranks per node, on `nodes` nodes (Megatron's rank order puts TP, then EP, innermost). */
export interface EpPlacement {
  ranksPerNode: number;
  nodes: number;
}

export function epPlacement(ep: number, gpusPerNode: number): EpPlacement {
  const ranksPerNode = Math.min(ep, gpusPerNode);
  return { ranksPerNode, nodes: ep / ranksPerNode };
}

/**
 * Expected number of distinct nodes a token's k expert copies go to, with experts spread evenly
 * over N nodes: N (1 - (1 - 1/N)^k) for independent uniform choices; at most `groupsPerToken` when
 * routing is group-limited with whole groups per node (DeepSeek-V3: 8 groups on 8 nodes, top-4
 * groups, so a token reaches at most 4 nodes; report section 2.1.2, "node-limited routing").
 */
export function expectedDestinationNodes(m: ModelSpec, nodes: number): number {
  const moe = m.moe;
  if (!moe || nodes <= 1) return 1;
  const k = moe.expertsPerToken;
  let d = nodes * (1 - (1 - 1 / nodes) ** k);
  if (moe.routeGroups !== null && moe.groupsPerToken !== null && moe.routeGroups % nodes === 0)
    d = Math.min(d, moe.groupsPerToken);
  return d;
}

/** Bytes one rank sends per token of its own over each kind of link, for one all-to-all of one MoE layer. */
export interface LinkBytes {
  interNode: number;
  intraNode: number;
}

/**
 * Link bytes per token for an all-to-all whose payload is `elementBytes` per hidden element
 * (docs/cost-model.md, "All-to-all"). Experts are spread evenly over the EP ranks and tokens route
 * uniformly (no load imbalance):
 * - within one node (N = 1): k h p (EP - 1) / EP over NVLink (the 1/EP of copies for the rank's own
 *   experts stay local);
 * - 'flat' over N nodes of g ranks: k h p (EP - g) / EP over the network, k h p (g - 1) / EP over NVLink;
 * - 'node-dedup' (DeepEP): a token crosses the network once per remote destination node,
 *   D (N - 1) / N h p with D the expected destination nodes, and every copy whose expert is not on
 *   the receiving GPU is forwarded over NVLink, k h p (g - 1) / g.
 * The combine moves the same bytes the other way (with its own payload format).
 */
export function allToAllLinkBytesPerToken(
  m: ModelSpec,
  par: Pick<ParallelSpec, 'ep' | 'allToAll'>,
  gpusPerNode: number,
  elementBytes: number,
): LinkBytes {
  const moe = m.moe;
  if (!moe || par.ep <= 1) return { interNode: 0, intraNode: 0 };
  const k = moe.expertsPerToken;
  const copy = m.hidden * elementBytes;
  const { ranksPerNode: g, nodes: N } = epPlacement(par.ep, gpusPerNode);
  if (N <= 1) return { interNode: 0, intraNode: (k * copy * (par.ep - 1)) / par.ep };
  if (par.allToAll === 'flat')
    return { interNode: (k * copy * (par.ep - g)) / par.ep, intraNode: (k * copy * (g - 1)) / par.ep };
  const D = expectedDestinationNodes(m, N);
  return { interNode: (D * (N - 1) * copy) / N, intraNode: (k * copy * (g - 1)) / g };
}

/** Achieved bandwidth of each link in bytes per ms. */
export function linkBytesPerMs(hw: HardwareSpec): { interNode: number; intraNode: number } {
  return {
    interNode: hw.interNode.bandwidthGBps * hw.efficiency.interNode * 1e6,
    intraNode: hw.intraNode.bandwidthGBps * hw.efficiency.intraNode * 1e6,
  };
}

/**
 * Time of a transfer that puts `bytes` on both links at once (DeepEP pipelines the network and the
 * NVLink forwarding): the slower link decides.
 */
export function linkTime(
  bytes: LinkBytes,
  hw: HardwareSpec,
): { ms: Ms; bottleneck: 'interNode' | 'intraNode' | null } {
  const bw = linkBytesPerMs(hw);
  const inter = bytes.interNode / bw.interNode;
  const intra = bytes.intraNode / bw.intraNode;
  if (inter === 0 && intra === 0) return { ms: 0, bottleneck: null };
  return inter >= intra ? { ms: inter, bottleneck: 'interNode' } : { ms: intra, bottleneck: 'intraNode' };
}

/**
 * Bytes each rank moves in the TP collectives of one transformer block (attention or MLP) per
 * pass, for `tokens` tokens of the micro-batch: with sequence parallelism an all-gather and a
 * reduce-scatter, without it one all-reduce (ring: twice the bytes of either); both total
 * 2 (t - 1) / t x tokens x h x 2 bytes (ring algorithms; Korthikanti et al. 2022: with sequence
 * parallelism an all-gather and a reduce-scatter replace each all-reduce at the same cost).
 */
export function tpBlockBytes(hidden: number, tokens: number, tp: number, elementBytes: number): number {
  if (tp <= 1) return 0;
  return (2 * (tp - 1) * tokens * hidden * elementBytes) / tp;
}

/** Whether consecutive pipeline ranks sit on different nodes: Megatron orders ranks TP, DP, then PP, so a stage's TP x DP ranks fill whole nodes first. */
export function pipelineCrossesNodes(par: Pick<ParallelSpec, 'tp' | 'dp'>, gpusPerNode: number): boolean {
  return par.tp * par.dp >= gpusPerNode;
}
