import { GPU_PRESETS, INTERCONNECT_PRESETS, findInterconnectPreset } from '../../core/presets/index';
import { type CliIO, type CommandInput, EXIT_OK } from '../command-context';
import { table } from '../text-table';

function linkJson(id: string) {
  const link = findInterconnectPreset(id)?.link;
  return { id, name: link?.name ?? id, bandwidthGBps: link?.bandwidthGBps ?? null };
}

/** `pipescope gpus [--json]`: the GPU presets with their baseboard's links, and the interconnect presets. */
export function run({ flags }: CommandInput, io: CliIO): number {
  const gpus = GPU_PRESETS.map((p) => ({
    id: p.id,
    name: p.gpu.name,
    peakTflops: p.gpu.peakTflops,
    memoryGB: p.gpu.memoryGB,
    smCount: p.gpu.smCount,
    gpusPerNode: p.gpusPerNode,
    links: { intraNode: linkJson(p.links.intraNode), interNode: linkJson(p.links.interNode) },
    source: p.gpu.source ?? null,
  }));
  const interconnects = INTERCONNECT_PRESETS.map((p) => ({
    id: p.id,
    name: p.link.name,
    bandwidthGBps: p.link.bandwidthGBps,
    source: p.link.source ?? null,
  }));
  if (flags.json) {
    io.stdout(`${JSON.stringify({ gpus, interconnects }, null, 2)}\n`);
    return EXIT_OK;
  }
  const rows = [
    ['id', 'name', 'BF16 TFLOP/s', 'FP8 TFLOP/s', 'HBM GB', 'SMs', 'per node', 'intra-node', 'inter-node'],
  ];
  for (const g of gpus)
    rows.push([
      g.id,
      g.name,
      String(g.peakTflops.bf16),
      g.peakTflops.fp8 === null ? '-' : String(g.peakTflops.fp8),
      String(g.memoryGB),
      String(g.smCount),
      String(g.gpusPerNode),
      `${g.links.intraNode.name} ${g.links.intraNode.bandwidthGBps} GB/s`,
      `${g.links.interNode.name} ${g.links.interNode.bandwidthGBps} GB/s`,
    ]);
  io.stdout(
    `${table(rows)}\n\nPeaks are dense tensor-core TFLOP/s; link bandwidths are per GPU in one direction (docs/cost-model.md). Use an id with pipescope derive --gpu.\n`,
  );
  return EXIT_OK;
}
