import { exportText } from '../../core/export/export-text';
import { type CliIO, type CommandInput, EXIT_INVALID, type Progress, writeOutput } from '../command-context';
import { analyzeOrReport, printErrors, resolveScenario } from '../scenario-input';

/** `pipescope export SCENARIO --format F -o FILE`: a trace, CSV, the simulate JSON or an order. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const a = analyzeOrReport(r.scenario, r.scenario.schedule, r.source, io, progress);
  if (!a) return EXIT_INVALID;
  progress.step(`writing ${flags.format}...`);
  // Within the export budget, or a message naming what to change (core/export/export-text.ts).
  const data = exportText(flags.format!, [a]);
  if (!data.ok) {
    printErrors(io, r.source, [data.error]);
    return EXIT_INVALID;
  }
  return writeOutput(io, flags.output!, data.text);
}
