import type { ConfigError } from '../model/config';
import { isScheduleName, scheduleNames } from '../schedules/registry';
import { stageLayout } from './layout';
import type { CostModelInput } from './types';

type Out = ConfigError[];

function isWhole(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function whole(v: unknown, path: string, min: number, out: Out): boolean {
  if (isWhole(v, min)) return true;
  out.push({ path, message: `must be a whole number >= ${min} (got ${String(v)})` });
  return false;
}

function positive(v: unknown, path: string, out: Out, what = 'a number'): boolean {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return true;
  out.push({ path, message: `must be ${what} > 0 (got ${String(v)})` });
  return false;
}

function oneOf<T extends string>(v: unknown, path: string, values: readonly T[], out: Out): boolean {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return true;
  out.push({ path, message: `must be one of ${values.map((x) => `"${x}"`).join(', ')} (got ${String(v)})` });
  return false;
}

function checkModel(input: CostModelInput, out: Out): void {
  const m = input.model;
  whole(m.layers, 'model.layers', 1, out);
  whole(m.hidden, 'model.hidden', 1, out);
  whole(m.vocab, 'model.vocab', 1, out);
  whole(m.mtpModules, 'model.mtpModules', 0, out);
  oneOf(m.activation, 'model.activation', ['swiglu', 'gelu'], out);
  const a = m.attention;
  whole(a.heads, 'model.attention.heads', 1, out);
  if (a.kind === 'gqa') {
    whole(a.headDim, 'model.attention.headDim', 1, out);
    if (
      whole(a.kvHeads, 'model.attention.kvHeads', 1, out) &&
      isWhole(a.heads, 1) &&
      a.heads % a.kvHeads !== 0
    )
      out.push({
        path: 'model.attention.kvHeads',
        message: `must divide the ${a.heads} query heads (each key/value head serves a whole group; got ${a.kvHeads})`,
      });
  } else if (a.kind === 'mla') {
    if (a.qLoraRank !== null) whole(a.qLoraRank, 'model.attention.qLoraRank', 1, out);
    whole(a.kvLoraRank, 'model.attention.kvLoraRank', 1, out);
    whole(a.qkNopeHeadDim, 'model.attention.qkNopeHeadDim', 1, out);
    whole(a.qkRopeHeadDim, 'model.attention.qkRopeHeadDim', 0, out);
    whole(a.vHeadDim, 'model.attention.vHeadDim', 1, out);
  } else
    out.push({
      path: 'model.attention.kind',
      message: `must be "gqa" or "mla" (got ${String((a as { kind: unknown }).kind)})`,
    });
  const e = m.moe;
  const denseCount = e ? e.denseLayers.length : m.layers;
  whole(m.ffn, 'model.ffn', denseCount > 0 || m.mtpModules > 0 ? 1 : 0, out);
  if (!e) return;
  const experts = whole(e.routedExperts, 'model.moe.routedExperts', 1, out);
  if (
    whole(e.expertsPerToken, 'model.moe.expertsPerToken', 1, out) &&
    experts &&
    e.expertsPerToken > e.routedExperts
  )
    out.push({
      path: 'model.moe.expertsPerToken',
      message: `cannot exceed the ${e.routedExperts} routed experts (a token picks distinct experts; got ${e.expertsPerToken})`,
    });
  whole(e.sharedExperts, 'model.moe.sharedExperts', 0, out);
  whole(e.expertFfn, 'model.moe.expertFfn', 1, out);
  if (e.sharedExperts > 0) whole(e.sharedExpertFfn, 'model.moe.sharedExpertFfn', 1, out);
  const seen = new Set<number>();
  e.denseLayers.forEach((i, j) => {
    const path = `model.moe.denseLayers[${j}]`;
    if (!isWhole(i, 0) || i >= m.layers)
      out.push({ path, message: `must be a layer index from 0 to ${m.layers - 1} (got ${String(i)})` });
    else if (seen.has(i)) out.push({ path, message: `layer ${i} is listed twice` });
    seen.add(i);
  });
  if ((e.routeGroups === null) !== (e.groupsPerToken === null))
    out.push({
      path: e.routeGroups === null ? 'model.moe.routeGroups' : 'model.moe.groupsPerToken',
      message: 'routeGroups and groupsPerToken go together: give both (group-limited routing) or neither',
    });
  else if (e.routeGroups !== null && e.groupsPerToken !== null) {
    const groups = whole(e.routeGroups, 'model.moe.routeGroups', 1, out);
    const per = whole(e.groupsPerToken, 'model.moe.groupsPerToken', 1, out);
    if (groups && experts && e.routedExperts % e.routeGroups !== 0)
      out.push({
        path: 'model.moe.routeGroups',
        message: `must divide the ${e.routedExperts} routed experts into equal groups (got ${e.routeGroups})`,
      });
    else if (groups && per && e.groupsPerToken > e.routeGroups)
      out.push({
        path: 'model.moe.groupsPerToken',
        message: `cannot exceed the ${e.routeGroups} groups (got ${e.groupsPerToken})`,
      });
    else if (
      groups &&
      per &&
      experts &&
      e.expertsPerToken > (e.groupsPerToken * e.routedExperts) / e.routeGroups
    )
      out.push({
        path: 'model.moe.expertsPerToken',
        message: `cannot exceed the ${(e.groupsPerToken * e.routedExperts) / e.routeGroups} experts of the ${e.groupsPerToken} groups a token may use (got ${e.expertsPerToken})`,
      });
  }
}

function checkRun(input: CostModelInput, out: Out): void {
  const r = input.run;
  const seq = whole(r.seqLength, 'run.seqLength', 1, out);
  const mbs = whole(r.microBatchSize, 'run.microBatchSize', 1, out);
  oneOf(r.precision, 'run.precision', ['bf16', 'fp8'], out);
  oneOf(r.dispatchPrecision, 'run.dispatchPrecision', ['bf16', 'fp8'], out);
  oneOf(r.combinePrecision, 'run.combinePrecision', ['bf16', 'fp8'], out);
  oneOf(r.recompute, 'run.recompute', ['none', 'selective', 'full'], out);
  if (r.precision === 'fp8' && input.hardware.gpu.peakTflops.fp8 === null)
    out.push({
      path: 'run.precision',
      message: `fp8 needs FP8 tensor cores, which the ${input.hardware.gpu.name} does not have (hardware.gpu.peakTflops.fp8 is null); use bf16`,
    });
  const hasSeq = r.globalBatchSequences !== undefined;
  const hasTok = r.globalBatchTokens !== undefined;
  if (hasSeq === hasTok) {
    out.push({
      path: 'run.globalBatchSequences',
      message: hasSeq
        ? 'give the global batch once: in sequences or in tokens (run.globalBatchTokens), not both'
        : 'is needed (or run.globalBatchTokens): the global batch of one iteration',
    });
    return;
  }
  let sequences: number | undefined;
  if (hasTok) {
    if (!whole(r.globalBatchTokens, 'run.globalBatchTokens', 1, out) || !seq) return;
    if (r.globalBatchTokens! % r.seqLength !== 0) {
      out.push({
        path: 'run.globalBatchTokens',
        message: `must be a whole number of ${r.seqLength}-token sequences (got ${r.globalBatchTokens})`,
      });
      return;
    }
    sequences = r.globalBatchTokens! / r.seqLength;
  } else {
    if (!whole(r.globalBatchSequences, 'run.globalBatchSequences', 1, out)) return;
    sequences = r.globalBatchSequences;
  }
  const dp = input.parallelism.dp;
  if (mbs && isWhole(dp, 1) && sequences! % (dp * r.microBatchSize) !== 0)
    out.push({
      path: hasTok ? 'run.globalBatchTokens' : 'run.globalBatchSequences',
      message: `${sequences} sequences cannot be split into micro-batches of ${r.microBatchSize} over DP ${dp} ranks: it must be a multiple of DP x micro-batch size = ${dp * r.microBatchSize}`,
    });
}

function checkParallelism(input: CostModelInput, out: Out): void {
  const p = input.parallelism;
  const m = input.model;
  const hw = input.hardware;
  const pp = whole(p.pp, 'parallelism.pp', 1, out);
  const tp = whole(p.tp, 'parallelism.tp', 1, out);
  const dp = whole(p.dp, 'parallelism.dp', 1, out);
  const ep = whole(p.ep, 'parallelism.ep', 1, out);
  const vpp = whole(p.vpp, 'parallelism.vpp', 1, out);
  const schedule = isScheduleName(p.schedule);
  if (!schedule)
    out.push({
      path: 'parallelism.schedule',
      message: `unknown schedule "${String(p.schedule)}"; use one of ${scheduleNames().join(', ')}`,
    });
  oneOf(p.allToAll, 'parallelism.allToAll', ['node-dedup', 'flat'], out);
  if (
    whole(p.commSms, 'parallelism.commSms', 0, out) &&
    isWhole(hw.gpu.smCount, 1) &&
    p.commSms >= hw.gpu.smCount
  )
    out.push({
      path: 'parallelism.commSms',
      message: `must leave computation some of the ${hw.gpu.smCount} SMs (got ${p.commSms})`,
    });
  if (tp) {
    const a = m.attention;
    if (isWhole(a.heads, 1) && a.heads % p.tp !== 0)
      out.push({
        path: 'parallelism.tp',
        message: `must divide the ${a.heads} attention heads (TP splits whole heads; got ${p.tp})`,
      });
    else if (a.kind === 'gqa' && isWhole(a.kvHeads, 1) && a.kvHeads % p.tp !== 0)
      out.push({
        path: 'parallelism.tp',
        message: `must divide the ${a.kvHeads} key/value heads (TP splits whole GQA groups; got ${p.tp})`,
      });
    const denseLayers = m.moe ? m.moe.denseLayers.length : m.layers;
    if (denseLayers > 0 && isWhole(m.ffn, 1) && m.ffn % p.tp !== 0)
      out.push({ path: 'parallelism.tp', message: `must divide the FFN size ${m.ffn} (got ${p.tp})` });
    if (p.sequenceParallel && isWhole(input.run.seqLength, 1) && input.run.seqLength % p.tp !== 0)
      out.push({
        path: 'parallelism.sequenceParallel',
        message: `splits the ${input.run.seqLength} tokens of a sequence over TP ${p.tp} ranks, so TP must divide it`,
      });
    if (m.moe && p.tp > 1 && !p.sequenceParallel)
      out.push({
        path: 'parallelism.sequenceParallel',
        message:
          'must be on for an MoE model with TP > 1 (Megatron-LM requires it: the experts take sequence-split tokens)',
      });
  }
  if (ep && p.ep > 1) {
    if (!m.moe)
      out.push({
        path: 'parallelism.ep',
        message: `is ${p.ep}, but ${m.name} has no experts to split (use 1)`,
      });
    else if (isWhole(m.moe.routedExperts, 1) && m.moe.routedExperts % p.ep !== 0)
      out.push({
        path: 'parallelism.ep',
        message: `must divide the ${m.moe.routedExperts} routed experts so every EP rank holds as many (got ${p.ep})`,
      });
    if (tp && dp && (p.dp * p.tp) % p.ep !== 0)
      out.push({
        path: 'parallelism.ep',
        message: `must divide DP x TP = ${p.dp * p.tp}: expert-parallel groups are carved out of the data- and tensor-parallel ranks of a stage (got ${p.ep})`,
      });
    if (isWhole(hw.gpusPerNode, 1) && p.ep > hw.gpusPerNode && p.ep % hw.gpusPerNode !== 0)
      out.push({
        path: 'parallelism.ep',
        message: `spans more than one ${hw.gpusPerNode}-GPU node, so it must fill whole nodes (a multiple of ${hw.gpusPerNode}; got ${p.ep})`,
      });
  }
  if (!pp || !schedule || !vpp || !isWhole(m.layers, 1)) return;
  const layout = stageLayout(p.schedule, p.pp, p.vpp);
  if (p.layersPerStage !== null) {
    const lps = p.layersPerStage;
    if (lps.length !== layout.stages)
      out.push({
        path: 'parallelism.layersPerStage',
        message: `has ${lps.length} entries but ${p.schedule} with PP ${p.pp} has ${layout.stages} stages`,
      });
    let sum = 0;
    let ok = true;
    lps.forEach((n, i) => {
      if (whole(n, `parallelism.layersPerStage[${i}]`, 0, out)) sum += n;
      else ok = false;
    });
    if (ok && sum !== m.layers)
      out.push({
        path: 'parallelism.layersPerStage',
        message: `sums to ${sum} layers but the model has ${m.layers}`,
      });
  } else if (m.layers < layout.stages)
    out.push({
      path: 'parallelism.pp',
      message: `${m.layers} layers cannot fill the ${layout.stages} stages of ${p.schedule} with PP ${p.pp} (every stage needs a layer): lower PP`,
    });
}

function checkHardware(input: CostModelInput, out: Out): void {
  const hw = input.hardware;
  positive(hw.gpu.peakTflops.bf16, 'hardware.gpu.peakTflops.bf16', out, 'TFLOP/s');
  if (hw.gpu.peakTflops.fp8 !== null)
    positive(hw.gpu.peakTflops.fp8, 'hardware.gpu.peakTflops.fp8', out, 'TFLOP/s');
  positive(hw.gpu.memoryGB, 'hardware.gpu.memoryGB', out, 'GB');
  whole(hw.gpu.smCount, 'hardware.gpu.smCount', 1, out);
  whole(hw.gpusPerNode, 'hardware.gpusPerNode', 1, out);
  positive(hw.intraNode.bandwidthGBps, 'hardware.intraNode.bandwidthGBps', out, 'GB/s');
  positive(hw.interNode.bandwidthGBps, 'hardware.interNode.bandwidthGBps', out, 'GB/s');
  for (const k of ['compute', 'intraNode', 'interNode'] as const) {
    const v = hw.efficiency[k];
    if (!(typeof v === 'number' && v > 0 && v <= 1))
      out.push({
        path: `hardware.efficiency.${k}`,
        message: `must be a fraction in (0, 1] of the peak (got ${String(v)})`,
      });
  }
}

/**
 * Every reason the cost model cannot use these inputs, all at once, each naming the field (a path
 * into CostModelInput) and the rule. Memory that does not fit is checked by deriveCosts, which
 * knows the per-device sizes.
 */
export function costModelErrors(input: CostModelInput): ConfigError[] {
  const out: Out = [];
  checkModel(input, out);
  checkRun(input, out);
  checkParallelism(input, out);
  checkHardware(input, out);
  return out;
}
