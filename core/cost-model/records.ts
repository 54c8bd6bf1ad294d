import type { PerDevice } from '../model/scenario';
import type { CostDerivation, DerivedValue } from './derivation';
import { GRAD_BYTES, OPTIMIZER_BYTES, PARAM_BYTES } from './memory';

const fmt = (x: number) => Number(x.toPrecision(6));

/** The formula and inputs behind every derived scenario value. */
export function derivationRecords(
  d: CostDerivation,
  c: { peakBlock: number; slowdown: number; useParts: boolean },
): Record<string, DerivedValue> {
  const { model: m, run, parallelism: par, hardware: hw } = d.input;
  const out: Record<string, DerivedValue> = {};
  const s = d.scenario;
  out.schedule = {
    value: s.schedule,
    unit: 'name',
    formula: 'the schedule of the parallel layout',
    inputs: { schedule: par.schedule },
  };
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
  const common = { ...rates, chunkShare: d.layout.chunkShare, smSlowdown: fmt(c.slowdown) };
  const stagesOf = (dev: number) => d.devices[dev].stages.join(', ');
  /**
   * A per-device value's records: one per device at `path[d]` when the devices differ, or one at
   * `path` (its inputs device 0's) when every device has the same.
   */
  const perDevice = (path: string, value: PerDevice, make: (dev: number) => Omit<DerivedValue, 'value'>) => {
    if (typeof value === 'number') {
      const r = make(0);
      out[path] = { ...r, value, formula: `${r.formula} (the same on every device)` };
    } else
      value.forEach((v, dev) => {
        out[`${path}[${dev}]`] = { ...make(dev), value: v };
      });
  };
  /** A cost's records: its formula, and as inputs the parts it adds up on each device (ms). */
  const costRecords = (
    key: 'forward' | 'backwardInput' | 'backwardWeight',
    formula: string,
    parts: [string, 'forward' | 'backward', string][],
  ) =>
    perDevice(`costs.${key}`, s.costs[key], (dev) => {
      const own = d.devices[dev].parts as unknown as Record<string, Record<string, number>>;
      const inputs: Record<string, number | string> = { ...common, device: dev, stages: stagesOf(dev) };
      for (const [name, pass, field] of parts) inputs[name] = fmt(own[pass][field]);
      return { unit: 'ms', formula, inputs };
    });
  costRecords(
    'forward',
    "F = k (attention + MLP) + dispatch + combine; parts = mean over the device's stages of (FLOPs per token x tokens / TP / (peak x efficiency) + TP collectives, and all-to-all bytes / link bandwidth) / chunkShare; k = SMs / (SMs - comm SMs)",
    [
      ['attentionMs', 'forward', 'attention'],
      ['mlpMs', 'forward', 'mlp'],
      ['dispatchMs', 'forward', 'dispatch'],
      ['combineMs', 'forward', 'combine'],
    ],
  );
  costRecords('backwardInput', 'B = k (MLP input-grad + attention input-grad) + combine(B) + dispatch(B)', [
    ['mlpInputMs', 'backward', 'mlpInput'],
    ['attentionInputMs', 'backward', 'attentionInput'],
    ['combineMs', 'backward', 'combine'],
    ['dispatchMs', 'backward', 'dispatch'],
  ]);
  costRecords('backwardWeight', 'W = k (MLP weight-grad + attention weight-grad)', [
    ['mlpWeightMs', 'backward', 'mlpWeight'],
    ['attentionWeightMs', 'backward', 'attentionWeight'],
  ]);
  if (c.useParts && s.parts) {
    const layerInputsOf = (dev: number) => {
      const st = d.devices[dev].stages.map((x) => d.stages[x]);
      return {
        ...rates,
        device: dev,
        stages: stagesOf(dev),
        layers: st.map((x) => x.layers).join(' + '),
        moeLayers: st.map((x) => x.moeLayers).join(' + '),
        head: String(st.some((x) => x.head)),
        mtpModules: st.reduce((a, x) => a + x.mtpModules, 0),
        chunkShare: d.layout.chunkShare,
      };
    };
    // each device's inputs once: they are shared by its ten part records
    const layerInputsByDevice = d.devices.map((_, dev) => layerInputsOf(dev));
    const layerInputs = (dev: number) => layerInputsByDevice[dev];
    const compute = (key: string, what: string, v: PerDevice) =>
      perDevice(key, v, (dev) => ({
        unit: 'ms',
        formula: `${what}: sum over the device's layers of FLOPs per token x tokens / TP / (peak x efficiency) (attention core, router and head at the BF16 peak) plus TP collectives, mean over its stages / chunkShare; before the SM split`,
        inputs: layerInputs(dev),
      }));
    compute('parts.forward.attention', 'attention forward', s.parts.forward.attention);
    compute('parts.forward.mlp', 'MLP forward (with the head on the last stage)', s.parts.forward.mlp);
    compute('parts.backward.attentionInput', 'attention input-grad (B)', s.parts.backward.attentionInput);
    compute('parts.backward.attentionWeight', 'attention weight-grad (W)', s.parts.backward.attentionWeight);
    compute('parts.backward.mlpInput', 'MLP input-grad (B)', s.parts.backward.mlpInput);
    compute('parts.backward.mlpWeight', 'MLP weight-grad (W)', s.parts.backward.mlpWeight);
    const a = d.allToAll;
    const a2aInputsOf = (dev: number) => ({
      hidden: m.hidden,
      expertsPerToken: m.moe?.expertsPerToken ?? 0,
      EP: par.ep,
      ranksPerNode: a.placement.ranksPerNode,
      nodes: a.placement.nodes,
      destinationNodes: fmt(a.placement.destinationNodes),
      algorithm: par.allToAll,
      bottleneck: a.bottleneck ?? 'none',
      bandwidthGBps: fmt(s.parts?.commBandwidth ?? 0),
      tokensPerRank: d.tokensPerMicrobatch / par.tp,
      device: dev,
      moeLayers: layerInputs(dev).moeLayers,
      chunkShare: d.layout.chunkShare,
    });
    const a2aInputsByDevice = d.devices.map((_, dev) => a2aInputsOf(dev));
    const a2aInputs = (dev: number) => a2aInputsByDevice[dev];
    const A2A_FORMULA =
      "MoE layers x tokens per rank x bottleneck-link bytes per token / (link GB/s x efficiency) (node-dedup: network D (N-1)/N h p, NVLink k h p (g-1)/g per token), mean over the device's stages / chunkShare";
    const comm = (key: string, what: string, precision: string, v: PerDevice) =>
      perDevice(key, v, (dev) => ({
        unit: 'ms',
        formula: `${what}: ${A2A_FORMULA}`,
        inputs: { ...a2aInputs(dev), precision },
      }));
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
    const cb = s.parts.commBytes;
    if (cb) {
      const bytes = (key: string, what: string, precision: string, v: PerDevice) =>
        perDevice(key, v, (dev) => ({
          unit: 'bytes',
          formula: `${what}: MoE layers x tokens per rank x bytes per token on the bottleneck link, mean over the device's stages / chunkShare`,
          inputs: { ...a2aInputs(dev), precision },
        }));
      bytes('parts.commBytes.forward.dispatch', 'dispatch', run.dispatchPrecision, cb.forward.dispatch);
      bytes('parts.commBytes.forward.combine', 'combine', run.combinePrecision, cb.forward.combine);
      bytes(
        'parts.commBytes.backward.dispatch',
        'backward of dispatch',
        run.combinePrecision,
        cb.backward.dispatch,
      );
      bytes(
        'parts.commBytes.backward.combine',
        'backward of combine',
        run.dispatchPrecision,
        cb.backward.combine,
      );
      out['parts.commBandwidth'] = {
        value: s.parts.commBandwidth ?? 0,
        unit: 'GB/s',
        formula: 'bandwidth of the bottleneck link x its efficiency',
        inputs: {
          bottleneck: a.bottleneck ?? 'none',
          link: a.bottleneck === 'interNode' ? hw.interNode.name : hw.intraNode.name,
          bandwidthGBps:
            a.bottleneck === 'interNode' ? hw.interNode.bandwidthGBps : hw.intraNode.bandwidthGBps,
          efficiency: a.bottleneck === 'interNode' ? hw.efficiency.interNode : hw.efficiency.intraNode,
        },
      };
    }
  }
  out['p2p.time'] = {
    value: s.p2p.time,
    unit: 'ms',
    formula: 'no fixed latency: a transfer takes bytes / bandwidth',
    inputs: {},
  };
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
