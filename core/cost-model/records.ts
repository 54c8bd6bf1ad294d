import type { CostDerivation, DerivedValue } from './derivation';
import { GRAD_BYTES, OPTIMIZER_BYTES, PARAM_BYTES } from './memory';
import { alonePartsTime, meanParts } from './chunk-parts';

const fmt = (x: number) => Number(x.toPrecision(6));

/** The formula and inputs behind every derived scenario value. */
export function derivationRecords(
  d: CostDerivation,
  c: { peakBlock: number; slowdown: number; useParts: boolean },
): Record<string, DerivedValue> {
  const { model: m, run, parallelism: par, hardware: hw } = d.input;
  const out: Record<string, DerivedValue> = {};
  const s = d.scenario;
  out.devices = { value: s.devices, unit: 'count', formula: 'devices = PP', inputs: { PP: par.pp } };
  out.microbatches = {
    value: s.microbatches,
    unit: 'count',
    formula: 'micro-batches = global batch (sequences) / (DP x micro-batch size)',
    inputs: { globalBatchSequences: d.sequencesPerIteration, DP: par.dp, microBatchSize: run.microBatchSize },
  };
  out.chunks = {
    value: s.chunks,
    unit: 'count',
    formula: 'chunks = VPP (interleaved-1f1b)',
    inputs: { VPP: par.vpp },
  };
  const rates = {
    precision: run.precision,
    peakTflops: c.peakBlock,
    peakBf16Tflops: hw.gpu.peakTflops.bf16,
    computeEfficiency: hw.efficiency.compute,
    TP: par.tp,
    tokensPerMicrobatch: d.tokensPerMicrobatch,
  };
  d.devices.forEach((dev) => {
    const stagesText = dev.stages.join(', ');
    const p = dev.parts;
    const common = {
      ...rates,
      stages: stagesText,
      chunkShare: d.layout.chunkShare,
      smSlowdown: fmt(c.slowdown),
    };
    out[`costs.forward[${dev.device}]`] = {
      value: dev.costs.forward,
      unit: 'ms',
      formula:
        "F = k (attention + MLP) + dispatch + combine; parts = mean over the device's stages of (FLOPs per token x tokens / TP / (peak x efficiency) + TP collectives, and all-to-all bytes / link bandwidth) / chunkShare; k = SMs / (SMs - comm SMs)",
      inputs: {
        ...common,
        attentionMs: fmt(p.forward.attention),
        mlpMs: fmt(p.forward.mlp),
        dispatchMs: fmt(p.forward.dispatch),
        combineMs: fmt(p.forward.combine),
      },
    };
    out[`costs.backwardInput[${dev.device}]`] = {
      value: dev.costs.backwardInput,
      unit: 'ms',
      formula: 'B = k (MLP input-grad + attention input-grad) + combine(B) + dispatch(B)',
      inputs: {
        ...common,
        mlpInputMs: fmt(p.backward.mlpInput),
        attentionInputMs: fmt(p.backward.attentionInput),
        combineMs: fmt(p.backward.combine),
        dispatchMs: fmt(p.backward.dispatch),
      },
    };
    out[`costs.backwardWeight[${dev.device}]`] = {
      value: dev.costs.backwardWeight,
      unit: 'ms',
      formula: 'W = k (MLP weight-grad + attention weight-grad)',
      inputs: {
        ...common,
        mlpWeightMs: fmt(p.backward.mlpWeight),
        attentionWeightMs: fmt(p.backward.attentionWeight),
      },
    };
  });
  if (c.useParts && s.parts) {
    const layerInputs = {
      ...rates,
      devices: d.devices.length,
      slowestDevice: d.slowestDevice,
      layersPerStage: d.layout.layersPerStage.join(' '),
      moeLayersPerStage: d.stages.map((x) => x.moeLayers).join(' '),
      chunkShare: d.layout.chunkShare,
      scaleToSlowest: fmt(
        alonePartsTime(d.devices[d.slowestDevice].parts, s.smSplit) /
          alonePartsTime(meanParts(d.devices.map((x) => x.parts)), s.smSplit),
      ),
    };
    const compute = (key: string, what: string, v: number) => {
      out[key] = {
        value: v,
        unit: 'ms',
        formula: `${what}: per device, sum over its layers of FLOPs per token x tokens / TP / (peak x efficiency) (attention core, router and head at the BF16 peak) plus TP collectives, mean over its stages / chunkShare; then the mean over devices, scaled so a chunk alone takes as long as on the slowest device; before the SM split`,
        inputs: layerInputs,
      };
    };
    compute('parts.forward.attention', 'attention forward', s.parts.forward.attention);
    compute('parts.forward.mlp', 'MLP forward (with the head on the last stage)', s.parts.forward.mlp);
    compute('parts.backward.attentionInput', 'attention input-grad (B)', s.parts.backward.attentionInput);
    compute('parts.backward.attentionWeight', 'attention weight-grad (W)', s.parts.backward.attentionWeight);
    compute('parts.backward.mlpInput', 'MLP input-grad (B)', s.parts.backward.mlpInput);
    compute('parts.backward.mlpWeight', 'MLP weight-grad (W)', s.parts.backward.mlpWeight);
    const a = d.allToAll;
    const a2aInputs = {
      hidden: m.hidden,
      expertsPerToken: m.moe?.expertsPerToken ?? 0,
      EP: par.ep,
      ranksPerNode: a.placement.ranksPerNode,
      nodes: a.placement.nodes,
      destinationNodes: fmt(a.placement.destinationNodes),
      algorithm: par.allToAll,
      bottleneck: a.bottleneck ?? 'none',
      bandwidthGBps: s.parts.commBandwidth ?? 0,
      tokensPerRank: d.tokensPerMicrobatch / par.tp,
      moeLayersPerStage: layerInputs.moeLayersPerStage,
      scaleToSlowest: layerInputs.scaleToSlowest,
    };
    const comm = (key: string, what: string, precision: string, v: number) => {
      out[key] = {
        value: v,
        unit: 'ms',
        formula: `${what}: MoE layers x tokens per rank x bottleneck-link bytes per token / (link GB/s x efficiency) (node-dedup: network D (N-1)/N h p, NVLink k h p (g-1)/g per token), per device as for compute, mean over devices scaled to the slowest`,
        inputs: { ...a2aInputs, precision },
      };
    };
    comm('parts.forward.dispatch', 'dispatch', run.dispatchPrecision, s.parts.forward.dispatch);
    comm('parts.forward.combine', 'combine', run.combinePrecision, s.parts.forward.combine);
    comm(
      'parts.backward.combine',
      'backward of combine (towards the experts)',
      run.dispatchPrecision,
      s.parts.backward.combine,
    );
    comm(
      'parts.backward.dispatch',
      'backward of dispatch (back from the experts)',
      run.combinePrecision,
      s.parts.backward.dispatch,
    );
  }
  out['p2p.bytes'] = {
    value: d.p2p.bytes,
    unit: 'bytes',
    formula: 'P2P bytes = micro-batch size x sequence x hidden x 2 (BF16) / TP with sequence parallelism',
    inputs: {
      microBatchSize: run.microBatchSize,
      seqLength: run.seqLength,
      hidden: m.hidden,
      TP: par.tp,
      sequenceParallel: String(par.sequenceParallel),
    },
  };
  out['p2p.bandwidth'] = {
    value: d.p2p.bandwidthGBps,
    unit: 'GB/s',
    formula: `${d.p2p.link === 'interNode' ? 'inter-node' : 'intra-node'} link GB/s x efficiency (stages sit on different nodes when TP x DP >= GPUs per node)`,
    inputs: {
      link: d.p2p.link === 'interNode' ? hw.interNode.name : hw.intraNode.name,
      bandwidthGBps: d.p2p.link === 'interNode' ? hw.interNode.bandwidthGBps : hw.intraNode.bandwidthGBps,
      efficiency: d.p2p.link === 'interNode' ? hw.efficiency.interNode : hw.efficiency.intraNode,
    },
  };
  out['smSplit.total'] = {
    value: s.smSplit.total,
    unit: 'count',
    formula: "the GPU's SMs",
    inputs: { gpu: hw.gpu.name },
  };
  out['smSplit.reserved'] = {
    value: s.smSplit.reserved,
    unit: 'count',
    formula: 'SMs reserved for communication kernels',
    inputs: { commSms: par.commSms },
  };
  const mem = d.memory.perDevice;
  out['memory.parameters'] = {
    value: s.memory.parameters,
    unit: 'bytes',
    formula: `(parameters x ${PARAM_BYTES} + gradients x ${GRAD_BYTES} + optimizer x ${OPTIMIZER_BYTES} / (DP, or DP x TP / EP for experts, with the distributed optimizer)) of the largest device / the schedule's parameter multiplier`,
    inputs: {
      parametersBytes: fmt(mem.parameters),
      gradientsBytes: fmt(mem.gradients),
      optimizerBytes: fmt(mem.optimizer),
      distributedOptimizer: String(par.distributedOptimizer),
      paramMultiplier: d.layout.paramMultiplier,
    },
  };
  out['memory.activation'] = {
    value: s.memory.activation,
    unit: 'bytes',
    formula:
      "sum over the device's layers of the tensors kept for the backward (Korthikanti et al. 2022, generalized; / TP, and / TP for sequence tensors with SP) x tokens, mean over its stages / chunkShare; the largest device",
    inputs: {
      tokensPerMicrobatch: d.tokensPerMicrobatch,
      TP: par.tp,
      sequenceParallel: String(par.sequenceParallel),
      recompute: run.recompute,
      flashAttention: String(run.flashAttention),
    },
  };
  out['memory.weightGradStash'] = {
    value: s.memory.weightGradStash,
    unit: 'bytes',
    formula: 'the kept tensors that are inputs of weight GEMMs (W needs them after B)',
    inputs: { activationBytes: fmt(s.memory.activation) },
  };
  out['memory.capacity'] = {
    value: s.memory.capacity as number,
    unit: 'bytes',
    formula: 'HBM GB x 1e9',
    inputs: { gpu: hw.gpu.name, memoryGB: hw.gpu.memoryGB },
  };
  return out;
}
