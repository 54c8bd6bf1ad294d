import { uniformConfig } from '../model/config';
import { partCosts } from '../model/costs';
import type { ChunkParts, DeviceParts, Scenario } from '../model/scenario';
import {
  type KeptBytes,
  embeddingKeptBytes,
  headKeptBytes,
  layerKeptBytes,
  mtpKeptBytes,
} from './activations';
import { getSchedule } from '../schedules/registry';
import { hasPairs } from '../sim/pairing';
import { isMoeLayer, mtpIsMoe } from './architecture';
import {
  type LinkBytes,
  allToAllLinkBytesPerToken,
  epPlacement,
  expectedDestinationNodes,
  linkBytesPerMs,
  linkTime,
  pipelineCrossesNodes,
  tpBlockBytes,
} from './communication';
import {
  type LayerWork,
  type Work,
  addLayer,
  headWork,
  layerWork,
  modelFlops,
  mtpModuleWork,
  recomputeWork,
  zeroLayer,
} from './flops';
import {
  addParts,
  alonePartsTime,
  compactPerDevice,
  computeAndAllToAll,
  mapParts,
  overlappedPartsTime,
  partsOfDevices,
  zeroParts,
} from './chunk-parts';
import { derivationRecords } from './records';
import type {
  AllToAllFigures,
  CostDerivation,
  DeriveOptions,
  DeriveResult,
  DerivedValue,
  DeviceCost,
  StageCost,
} from './derivation';

export type {
  AllToAllFigures,
  CostDerivation,
  DeriveOptions,
  DeriveResult,
  DerivedValue,
  DeviceCost,
  StageCost,
} from './derivation';
import { balancedLayersPerStage, stageLayerStarts, stageLayout } from './layout';
import { type StageWeights, stageWeights, staticMemory } from './memory';
import { parameterCounts } from './parameters';
import { ACTIVATION_BYTES, type CostModelInput, payloadBytes } from './types';
import { costModelErrors } from './validate';

/** Scenario times to the nanosecond, as the exports write them: files stay readable and diffs stable. */
const nanos = (ms: number) => Math.round(ms * 1e6) / 1e6;
/** Scenario sizes in whole bytes. */
const wholeBytes = (b: number) => Math.round(b);

/**
 * Answers of pairsItself remembered: generating the order is most of a derivation's time (ZB-V's
 * cost-aware search), and the tuner derives the same sizes for many SM splits and recomputations.
 * A few thousand sizes cover any sweep; past that the memo starts over.
 */
const PAIRS_ITSELF_MEMO = 4096;
const pairsItselfMemo = new Map<string, boolean>();

/**
 * Whether the schedule runs overlapped forward-backward pairs on its own (DualPipe, DualPipeV), as
 * generated for these sizes with unit costs; false when it cannot run them.
 */
function pairsItself(schedule: string, pp: number, microbatches: number, vpp: number): boolean {
  const key = `${schedule}|${pp}|${microbatches}|${vpp}`;
  const known = pairsItselfMemo.get(key);
  if (known !== undefined) return known;
  const gen = getSchedule(schedule);
  if (!gen) return false;
  // a schedule whose steady state is not its pairs generates none with pairing off (a property
  // test holds every schedule to it), so only DualPipe-like ones need their order generated
  if (gen.steadyState.window !== 'paired') return false;
  const config = uniformConfig(pp, microbatches, 1, 1, 1, { chunks: vpp });
  const pairs = gen.check(config).length === 0 && hasPairs(gen.generate(config));
  if (pairsItselfMemo.size >= PAIRS_ITSELF_MEMO) pairsItselfMemo.clear();
  pairsItselfMemo.set(key, pairs);
  return pairs;
}

/**
 * Turns a model, a run, a parallel layout and the hardware into a PipeScope scenario and the
 * figures behind it (docs/cost-model.md). Never throws on user input: bad inputs and a model
 * whose parameters and optimizer state do not fit the GPU come back as errors with paths.
 */
export function deriveCosts(input: CostModelInput, options: DeriveOptions = {}): DeriveResult {
  const errors = costModelErrors(input);
  if (errors.length > 0) return { ok: false, errors };
  const { model: m, run, parallelism: par, hardware: hw } = input;
  const warnings: string[] = [];
  const gpus = par.pp * par.tp * par.dp;
  const layout = stageLayout(par.schedule, par.pp, par.vpp);
  const sequences = run.globalBatchSequences ?? (run.globalBatchTokens as number) / run.seqLength;
  const microbatches = sequences / (par.dp * run.microBatchSize);
  const tokens = run.microBatchSize * run.seqLength;
  const tokensPerDevice = tokens / par.tp;
  const sharding = { tp: par.tp, sequenceParallel: par.sequenceParallel };

  // ---- compute rates (FLOPs per ms) ----
  const peakBlock = (run.precision === 'fp8' ? hw.gpu.peakTflops.fp8 : hw.gpu.peakTflops.bf16) as number;
  const rateBlock = peakBlock * 1e9 * hw.efficiency.compute;
  const rateBf16 = hw.gpu.peakTflops.bf16 * 1e9 * hw.efficiency.compute;
  const timeOf = (w: Work) => (w.block / rateBlock + w.bf16 / rateBf16) * tokensPerDevice;

  // ---- all-to-all per MoE layer per micro-batch per device ----
  const placement = epPlacement(par.ep, hw.gpusPerNode);
  const toExperts = allToAllLinkBytesPerToken(m, par, hw.gpusPerNode, payloadBytes(run.dispatchPrecision));
  const fromExperts = allToAllLinkBytesPerToken(m, par, hw.gpusPerNode, payloadBytes(run.combinePrecision));
  const k = m.moe?.expertsPerToken ?? 0;
  const dispatchTime = linkTime(toExperts, hw);
  const combineTime = linkTime(fromExperts, hw);
  const a2aPerLayer = {
    forwardDispatch: dispatchTime.ms * tokensPerDevice,
    forwardCombine: combineTime.ms * tokensPerDevice,
    backwardCombine: dispatchTime.ms * tokensPerDevice,
    backwardDispatch: combineTime.ms * tokensPerDevice,
  };
  const bottleneck = dispatchTime.bottleneck;
  const hasAllToAll = bottleneck !== null;
  const bottleneckBytes = (b: LinkBytes) =>
    (bottleneck === 'interNode' ? b.interNode : b.intraNode) * tokensPerDevice;
  const bw = linkBytesPerMs(hw);
  const a2aBandwidthGBps = hasAllToAll
    ? (bottleneck === 'interNode' ? bw.interNode : bw.intraNode) / 1e6
    : undefined;
  const allToAll: AllToAllFigures = {
    bytesPerToken: {
      dispatch: k * m.hidden * payloadBytes(run.dispatchPrecision),
      combine: k * m.hidden * payloadBytes(run.combinePrecision),
    },
    linkBytesPerToken: { dispatch: toExperts, combine: fromExperts },
    perLayerMs: a2aPerLayer,
    bottleneck,
    placement: { ...placement, destinationNodes: expectedDestinationNodes(m, placement.nodes) },
  };
  const moeA2aParts = (count: number): DeviceParts => {
    const p = zeroParts();
    p.forward.dispatch = count * a2aPerLayer.forwardDispatch;
    p.forward.combine = count * a2aPerLayer.forwardCombine;
    p.backward.combine = count * a2aPerLayer.backwardCombine;
    p.backward.dispatch = count * a2aPerLayer.backwardDispatch;
    if (hasAllToAll) {
      p.commBytes = {
        forward: {
          dispatch: count * bottleneckBytes(toExperts),
          combine: count * bottleneckBytes(fromExperts),
        },
        backward: {
          combine: count * bottleneckBytes(toExperts),
          dispatch: count * bottleneckBytes(fromExperts),
        },
      };
      p.commBandwidth = a2aBandwidthGBps;
    }
    return p;
  };

  // ---- TP collectives per block per pass ----
  const tpLinkBw = par.tp <= hw.gpusPerNode ? bw.intraNode : bw.interNode;
  const tpBytes = tpBlockBytes(m.hidden, tokens, par.tp, ACTIVATION_BYTES);
  const tpMs = tpBytes / tpLinkBw;
  const mlpHasTp = (moe: boolean) => !moe || (m.moe?.sharedExperts ?? 0) > 0;

  // ---- per-layer work, cached by kind ----
  const work = { dense: layerWork(m, run.seqLength, false), moe: layerWork(m, run.seqLength, true) };
  const recompute = {
    dense: recomputeWork(m, run.seqLength, false, run.recompute, run.flashAttention),
    moe: recomputeWork(m, run.seqLength, true, run.recompute, run.flashAttention),
  };
  const kept = {
    dense: layerKeptBytes(m, run, false, tokens, sharding),
    moe: m.moe ? layerKeptBytes(m, run, true, tokens, sharding) : { activation: 0, weightGradStash: 0 },
  };

  /** Parts of one layer (or MTP module) in ms: compute, its TP collectives, its all-to-all. */
  const layerParts = (w: LayerWork, rc: { attention: Work; mlp: Work }, moe: boolean): DeviceParts => {
    const p = zeroParts();
    const fullRecompute = run.recompute === 'full' ? 1 : 0;
    const mlpTp = mlpHasTp(moe) ? tpMs : 0;
    p.forward.attention = timeOf(w.attention.forward) + tpMs;
    p.forward.mlp = timeOf(w.mlp.forward) + mlpTp;
    p.backward.attentionInput =
      timeOf(w.attention.backwardInput) + timeOf(rc.attention) + tpMs * (1 + fullRecompute);
    p.backward.attentionWeight = timeOf(w.attention.backwardWeight);
    p.backward.mlpInput = timeOf(w.mlp.backwardInput) + timeOf(rc.mlp) + mlpTp * (1 + fullRecompute);
    p.backward.mlpWeight = timeOf(w.mlp.backwardWeight);
    return moe && hasAllToAll ? addParts(p, moeA2aParts(1)) : p;
  };
  const denseParts = layerParts(work.dense, recompute.dense, false);
  const moeParts = m.moe ? layerParts(work.moe, recompute.moe, true) : denseParts;
  const head = headWork(m);
  const headParts = zeroParts();
  headParts.forward.mlp = timeOf(head.forward);
  headParts.backward.mlpInput = timeOf(head.backwardInput);
  headParts.backward.mlpWeight = timeOf(head.backwardWeight);
  const mtpWork = mtpModuleWork(m, run.seqLength);
  const mtpMoe = mtpIsMoe(m);
  const mtpParts = layerParts(mtpWork, mtpMoe ? recompute.moe : recompute.dense, mtpMoe);

  // ---- layers per stage: as given, or balanced by what each layer costs run alone ----
  const smSplit = { total: hw.gpu.smCount, reserved: par.commSms };
  const alone = (p: DeviceParts) => alonePartsTime(p, smSplit);
  // With chunk parts in a schedule that overlaps forward-backward pairs, a layer's all-to-all hides
  // behind the other chunk's computation: it weighs the larger of the two instead of their sum.
  const mode = options.parts ?? 'auto';
  const useParts = mode === 'always' || (mode === 'auto' && hasAllToAll);
  const weigh =
    useParts && par.layersPerStage === null && pairsItself(par.schedule, par.pp, microbatches, par.vpp)
      ? (p: DeviceParts) => overlappedPartsTime(p, smSplit)
      : alone;
  // a scenario layout says what each stage holds (layers, embedding, head, MTP)
  const contents = options.layout?.contents ?? null;
  if (contents) {
    const placed = (k: 'layers' | 'mtp' | 'embedding' | 'loss') => contents.reduce((n, c) => n + c[k], 0);
    const wrong =
      contents.length !== layout.stages
        ? `names ${contents.length} stages, but ${par.schedule} on PP ${par.pp} has ${layout.stages}`
        : placed('layers') !== m.layers
          ? `places ${placed('layers')} transformer layers (t), but ${m.name} has ${m.layers}`
          : placed('mtp') !== m.mtpModules
            ? `places ${placed('mtp')} MTP modules (m), but ${m.name} has ${m.mtpModules}`
            : null;
    if (wrong) return { ok: false, errors: [{ path: 'layout.stages', message: `the layout ${wrong}` }] };
  }
  const layersPerStage =
    contents?.map((c) => c.layers) ??
    par.layersPerStage ??
    balancedLayersPerStage(
      Array.from({ length: m.layers }, (_, i) => weigh(isMoeLayer(m, i) ? moeParts : denseParts)),
      layout,
      0,
      weigh(headParts) + m.mtpModules * weigh(mtpParts),
    );
  const starts = stageLayerStarts(layersPerStage);

  const flopsOf = (w: LayerWork) => ({
    forward: w.attention.forward.block + w.attention.forward.bf16 + w.mlp.forward.block + w.mlp.forward.bf16,
    backwardInput:
      w.attention.backwardInput.block +
      w.attention.backwardInput.bf16 +
      w.mlp.backwardInput.block +
      w.mlp.backwardInput.bf16,
    backwardWeight:
      w.attention.backwardWeight.block +
      w.attention.backwardWeight.bf16 +
      w.mlp.backwardWeight.block +
      w.mlp.backwardWeight.bf16,
  });

  // ---- stages ----
  const stages: StageCost[] = [];
  for (let s = 0; s < layout.stages; s++) {
    const first = s === 0;
    const last = s === layout.stages - 1;
    const firstLayer = starts[s];
    const n = layersPerStage[s];
    let parts = zeroParts();
    let stageWork = zeroLayer();
    let moeLayers = 0;
    let keptSum: KeptBytes = { activation: 0, weightGradStash: 0 };
    const addKept = (x: KeptBytes) => {
      keptSum = {
        activation: keptSum.activation + x.activation,
        weightGradStash: keptSum.weightGradStash + x.weightGradStash,
      };
    };
    for (let i = firstLayer; i < firstLayer + n; i++) {
      const moe = isMoeLayer(m, i);
      if (moe) moeLayers++;
      parts = addParts(parts, moe ? moeParts : denseParts);
      stageWork = addLayer(stageWork, moe ? work.moe : work.dense);
      addKept(moe ? kept.moe : kept.dense);
    }
    // where the embedding, the head and the MTP modules are: the layout's, or first / last
    const embedding = contents ? contents[s].embedding > 0 : first;
    const withHead = contents ? contents[s].loss > 0 : last;
    const mtpHere = contents ? contents[s].mtp : last ? m.mtpModules : 0;
    if (embedding) addKept(embeddingKeptBytes(m, tokens, sharding));
    if (withHead) {
      parts = addParts(parts, headParts);
      stageWork = addLayer(stageWork, { attention: zeroLayer().attention, mlp: head });
      addKept(headKeptBytes(m, tokens, sharding));
    }
    for (let j = 0; j < mtpHere; j++) {
      parts = addParts(parts, mtpParts);
      stageWork = addLayer(stageWork, mtpWork);
      addKept(mtpKeptBytes(m, run, tokens, sharding));
    }
    const weights = stageWeights(m, par, firstLayer, n, embedding, withHead, mtpHere);
    const f = flopsOf(stageWork);
    stages.push({
      stage: s,
      firstLayer,
      layers: n,
      moeLayers,
      embedding,
      head: withHead,
      mtpModules: mtpHere,
      flops: {
        forward: (f.forward * tokens) / par.tp,
        backwardInput: (f.backwardInput * tokens) / par.tp,
        backwardWeight: (f.backwardWeight * tokens) / par.tp,
      },
      parts,
      weights,
      staticMemory: staticMemory(weights, par),
      kept: keptSum,
    });
  }

  // ---- devices: mean over their stages / chunkShare ----
  const devices: DeviceCost[] = layout.deviceStages.map((held, d) => {
    const scale = 1 / held.length / layout.chunkShare;
    let parts = zeroParts();
    let flops = 0;
    let activation = 0;
    let stash = 0;
    let weights: StageWeights = { dense: 0, experts: 0 };
    for (const s of held) {
      const st = stages[s];
      parts = addParts(parts, st.parts, scale);
      flops += (st.flops.forward + st.flops.backwardInput + st.flops.backwardWeight) * scale;
      activation += st.kept.activation * scale;
      stash += st.kept.weightGradStash * scale;
      weights = { dense: weights.dense + st.weights.dense, experts: weights.experts + st.weights.experts };
    }
    return {
      device: d,
      stages: held,
      parts,
      costs: partCosts(parts, smSplit),
      flops,
      staticMemory: staticMemory(weights, par),
      kept: { activation, weightGradStash: stash },
    };
  });

  // ---- memory: the largest device ----
  const capacity = hw.gpu.memoryGB * 1e9;
  let maxStatic = devices[0].staticMemory;
  let maxKept = devices[0].kept;
  for (const dev of devices) {
    if (dev.staticMemory.total > maxStatic.total) maxStatic = dev.staticMemory;
    if (dev.kept.activation > maxKept.activation) maxKept = dev.kept;
  }
  const worst = devices.reduce((a, b) => (b.staticMemory.total > a.staticMemory.total ? b : a));
  if (maxStatic.total > capacity) {
    const gib = (b: number) => (b / 2 ** 30).toFixed(1);
    return {
      ok: false,
      errors: [
        {
          path: 'hardware.gpu.memoryGB',
          message: `${m.name} does not fit: device ${worst.device} needs ${gib(maxStatic.total)} GiB for parameters (${gib(maxStatic.parameters)}), gradients (${gib(maxStatic.gradients)}) and optimizer state (${gib(maxStatic.optimizer)}) before any activation, over the ${hw.gpu.name}'s ${hw.gpu.memoryGB} GB; raise PP, TP or EP${par.distributedOptimizer ? '' : ', or turn on the distributed optimizer'}`,
        },
      ],
    };
  }
  if (maxStatic.total + maxKept.activation > capacity)
    warnings.push(
      `one micro-batch of activations (${(maxKept.activation / 2 ** 30).toFixed(1)} GiB) on top of the parameters and optimizer state (${(maxStatic.total / 2 ** 30).toFixed(1)} GiB) exceeds the ${hw.gpu.memoryGB} GB of HBM: recompute activations or shrink the micro-batch`,
    );

  // ---- the slowest device, a chunk alone ----
  let slowest = devices[0];
  for (const dev of devices) if (alone(dev.parts) > alone(slowest.parts)) slowest = dev;

  // ---- P2P ----
  const p2pInter = pipelineCrossesNodes(par, hw.gpusPerNode);
  const p2pBytes = (tokens * m.hidden * ACTIVATION_BYTES) / (par.sequenceParallel ? par.tp : 1);
  const p2pGBps = (p2pInter ? bw.interNode : bw.intraNode) / 1e6;
  const p2p = {
    bytes: p2pBytes,
    bandwidthGBps: p2pGBps,
    timeMs: p2pBytes / (p2pGBps * 1e6),
    link: p2pInter ? ('interNode' as const) : ('intraNode' as const),
  };

  const scenarioParts: ChunkParts | null = useParts
    ? mapParts(partsOfDevices(devices.map((d) => d.parts)), nanos, wholeBytes)
    : null;
  const slowdown = smSplit.total / (smSplit.total - smSplit.reserved);
  // computation : all-to-all, summed over the devices (each runs every micro-batch once per stage
  // it holds, so the iteration's totals have the same ratio), and for one MoE layer alone
  let computeMs = 0;
  let a2aMs = 0;
  for (const dev of devices) {
    const c = computeAndAllToAll(dev.parts, smSplit);
    computeMs += c.forward.compute + c.backward.compute;
    a2aMs += c.forward.comm + c.backward.comm;
  }
  const layer = computeAndAllToAll(moeParts, smSplit);
  const ratio = (compute: number, comm: number) => (comm > 0 ? compute / comm : null);

  const name =
    options.name ??
    `${m.name} on ${gpus} ${hw.gpu.name} (PP${par.pp} ${par.schedule}, TP${par.tp}, EP${par.ep}, DP${par.dp})`;
  const scenario: Scenario = {
    name,
    description: `Derived by the PipeScope cost model (docs/cost-model.md) from ${m.name}${m.source ? ` (${m.source})` : ''} on ${gpus} ${hw.gpu.name} (${hw.gpusPerNode} per node, ${hw.intraNode.name} ${hw.intraNode.bandwidthGBps} GB/s, ${hw.interNode.name} ${hw.interNode.bandwidthGBps} GB/s per GPU): PP ${par.pp} ${par.schedule}, TP ${par.tp}, EP ${par.ep}, DP ${par.dp}; sequence ${run.seqLength}, micro-batch ${run.microBatchSize}, global batch ${sequences} sequences; ${run.precision.toUpperCase()} GEMMs, dispatch ${run.dispatchPrecision.toUpperCase()}, combine ${run.combinePrecision.toUpperCase()}, recomputation ${run.recompute}. ASSUMED: achieved efficiency compute ${hw.efficiency.compute}, intra-node ${hw.efficiency.intraNode}, inter-node ${hw.efficiency.interNode}; experts evenly loaded; ${useParts ? "each device's chunk parts from its own stages; costs hold what they add up to" : "per-device costs from each device's stages"}.`,
    schedule: par.schedule,
    devices: par.pp,
    microbatches,
    chunks: par.vpp,
    groupSize: null,
    costs: {
      forward: compactPerDevice(devices.map((d) => nanos(d.costs.forward))),
      backwardInput: compactPerDevice(devices.map((d) => nanos(d.costs.backwardInput))),
      backwardWeight: compactPerDevice(devices.map((d) => nanos(d.costs.backwardWeight))),
    },
    p2p: { time: 0, bytes: wholeBytes(p2p.bytes), bandwidth: p2p.bandwidthGBps, occupiesComm: false },
    parts: scenarioParts,
    smSplit,
    pairing: 'off',
    memory: {
      activation: wholeBytes(maxKept.activation),
      weightGradStash: wholeBytes(Math.min(maxKept.weightGradStash, maxKept.activation)),
      parameters: wholeBytes(maxStatic.total / layout.paramMultiplier),
      capacity,
      activationBudget: null,
    },
  };

  const flops = modelFlops(m, run.seqLength);
  const tokensPerIteration = sequences * run.seqLength;
  // ---- per layer and module, as a scenario layout takes them ----
  const costsOf = (p: DeviceParts) => {
    const c = partCosts(p, smSplit);
    return {
      forward: nanos(c.forward),
      backwardInput: nanos(c.backwardInput),
      backwardWeight: nanos(c.backwardWeight),
    };
  };
  const dense = costsOf(denseParts);
  const moe = costsOf(moeParts);
  const perLayer = (k: 'forward' | 'backwardInput' | 'backwardWeight') =>
    Array.from({ length: m.layers }, (_, i) => (isMoeLayer(m, i) ? moe : dense)[k]);
  const layerCosts = {
    forward: perLayer('forward'),
    backwardInput: perLayer('backwardInput'),
    backwardWeight: perLayer('backwardWeight'),
    // the embedding is a lookup: the cost model counts no work for it (flops.ts)
    embedding: { forward: 0, backwardInput: 0, backwardWeight: 0 },
    loss: costsOf(headParts),
    mtp: costsOf(mtpParts),
  };
  if (options.layout) {
    const one = (v: number[]) => (v.every((x) => x === v[0]) ? v[0] : v);
    scenario.layout = {
      stages: options.layout.stages,
      layer: {
        forward: one(layerCosts.forward),
        backwardInput: one(layerCosts.backwardInput),
        backwardWeight: one(layerCosts.backwardWeight),
      },
      embedding: layerCosts.embedding,
      loss: layerCosts.loss,
      mtp: layerCosts.mtp,
    };
  }

  const derivation: CostDerivation = {
    input,
    gpus,
    layout: { ...layout, layersPerStage },
    layerCosts,
    microbatches,
    tokensPerMicrobatch: tokens,
    sequencesPerIteration: sequences,
    tokensPerIteration,
    parameters: parameterCounts(m),
    flops,
    flopsPerIteration: (flops.perToken.training + flops.mtpPerToken.training) * tokensPerIteration,
    allToAll,
    p2p,
    tp: { bytesPerBlock: tpBytes, msPerBlock: tpMs },
    stages,
    devices,
    slowestDevice: slowest.device,
    memory: {
      perDevice: {
        ...maxStatic,
        activationsPerMicrobatch: maxKept.activation,
        weightGradStash: maxKept.weightGradStash,
      },
      capacity,
    },
    computeToAllToAll: ratio(computeMs, a2aMs),
    moeLayerComputeToAllToAll: hasAllToAll
      ? {
          forward: ratio(layer.forward.compute, layer.forward.comm),
          backward: ratio(layer.backward.compute, layer.backward.comm),
          pair: ratio(
            layer.forward.compute + layer.backward.compute,
            layer.forward.comm + layer.backward.comm,
          ),
        }
      : null,
    scenario,
    derived: {},
    warnings,
  };
  // The records of every value's formula are for the editor's marks and `pipescope derive`; they
  // cost about a third of a derivation, and the tuner derives thousands of scenarios and reads none.
  // So they are made when first read (and kept), from the derivation as it stands: nothing changes it.
  let records: Record<string, DerivedValue> | null = null;
  Object.defineProperty(derivation, 'derived', {
    enumerable: true,
    configurable: true,
    get: () => {
      records ??= derivationRecords(derivation, { peakBlock, slowdown, useParts });
      return records;
    },
    set: (v: Record<string, DerivedValue>) => {
      records = v;
    },
  });
  return { ok: true, derivation };
}
