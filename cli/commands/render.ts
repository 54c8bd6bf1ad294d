import type { Analysis } from '../../core/analyze';
import { exportText } from '../../core/export/export-text';
import { saveScenario } from '../../core/format/scenario-file';
import { type CliIO, type CommandInput, EXIT_INVALID, type Progress, writeOutput } from '../command-context';
import { analyzeOrReport, printErrors, resolveScenario } from '../scenario-input';

/** `pipescope render SCENARIO -o OUT.svg [--schedule a,b]`: the timeline(s) as one SVG. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const names = flags.schedule ?? [r.scenario.schedule];
  const analyses: Analysis[] = [];
  for (const name of names) {
    const a = analyzeOrReport(r.scenario, name, r.source, io, progress);
    if (!a) return EXIT_INVALID;
    analyses.push(a);
  }
  progress.step('drawing SVG...');
  const svg = exportText('svg', analyses, {
    svg: { title: flags.title, theme: flags.theme, scenarioText: saveScenario(r.scenario) },
  });
  if (!svg.ok) {
    printErrors(io, r.source, [svg.error]);
    return EXIT_INVALID;
  }
  return writeOutput(io, flags.output!, svg.text);
}
