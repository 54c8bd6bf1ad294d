import { toChromeTrace } from '../../core/export/chrome-trace';
import { toCsv, toPartsCsv } from '../../core/export/csv';
import { toSimulateJson } from '../../core/export/json';
import { toOrderJson } from '../../core/export/order-json';
import { toPytorchCsv } from '../../core/export/pytorch-csv';
import { type CliIO, type CommandInput, EXIT_INVALID, type Progress, writeOutput } from '../command-context';
import { analyzeOrReport, resolveScenario } from '../scenario-input';

/** `pipescope export SCENARIO --format F -o FILE`: a trace, CSV, the simulate JSON or an order. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const a = analyzeOrReport(r.scenario, r.scenario.schedule, r.source, io, progress);
  if (!a) return EXIT_INVALID;
  progress.step(`writing ${flags.format}...`);
  let data: string;
  switch (flags.format!) {
    case 'chrome-trace':
      data = `${JSON.stringify(toChromeTrace(a))}\n`;
      break;
    case 'csv':
      data = toCsv(a);
      break;
    case 'parts-csv':
      data = toPartsCsv(a);
      break;
    case 'json':
      data = `${JSON.stringify(toSimulateJson(a))}\n`;
      break;
    case 'pytorch-csv':
    case 'order-json': {
      const out = flags.format === 'pytorch-csv' ? toPytorchCsv(a.schedule) : toOrderJson(a.schedule);
      if (!out.ok) {
        progress.done();
        io.stderr(`${r.source}: schedule: ${a.schedule.name} has no ${flags.format}: ${out.reason}\n`);
        return EXIT_INVALID;
      }
      data = out.text;
      break;
    }
  }
  return writeOutput(io, flags.output!, data);
}
