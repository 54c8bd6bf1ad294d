import { parameterCounts } from '../../core/cost-model/parameters';
import { MODEL_PRESETS, type ModelPreset } from '../../core/presets/index';
import { type CliIO, type CommandInput, EXIT_OK } from '../command-context';
import { table } from '../text-table';

/** Parameters in billions, as model cards write them (671.03B). */
export function billions(n: number): string {
  return `${(n / 1e9).toFixed(2)}B`;
}

/** One preset as `models --json` prints it: its counts, its shape, the setup it is tested on, the model. */
function modelJson(p: ModelPreset) {
  const m = p.model;
  const c = parameterCounts(m);
  return {
    id: p.id,
    name: m.name,
    parameters: { total: c.total, activated: c.activated, mtp: c.mtp },
    published: p.published,
    layers: m.layers,
    hidden: m.hidden,
    attention: m.attention.kind,
    heads: m.attention.heads,
    experts: m.moe
      ? { routed: m.moe.routedExperts, perToken: m.moe.expertsPerToken, shared: m.moe.sharedExperts }
      : null,
    vocab: m.vocab,
    setup: p.setup,
    model: m,
  };
}

/** `pipescope models [--json]`: the model presets, their parameter counts and shapes. */
export function run({ flags }: CommandInput, io: CliIO): number {
  const list = MODEL_PRESETS.map(modelJson);
  if (flags.json) {
    io.stdout(`${JSON.stringify({ models: list }, null, 2)}\n`);
    return EXIT_OK;
  }
  const rows = [
    ['id', 'name', 'total', 'activated', 'layers', 'hidden', 'attention', 'experts (routed/token/shared)'],
  ];
  for (const m of list)
    rows.push([
      m.id,
      m.name,
      billions(m.parameters.total),
      billions(m.parameters.activated),
      String(m.layers),
      String(m.hidden),
      `${m.attention.toUpperCase()} x ${m.heads}`,
      m.experts ? `${m.experts.routed}/${m.experts.perToken}/${m.experts.shared}` : 'dense',
    ]);
  io.stdout(
    `${table(rows)}\n\nParameters: total without MTP modules, activated per token (docs/cost-model.md, "Parameters"). Use an id with pipescope derive --model.\n`,
  );
  return EXIT_OK;
}
