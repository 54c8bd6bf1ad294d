import { type Analysis, analyze } from '../../core/analyze';
import { METRIC_DEFINITIONS, metricsToJSON } from '../../core/metrics/metrics';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules/registry';
import { type CliIO, type CommandInput, EXIT_INVALID, EXIT_OK, type Progress } from '../command-context';
import { resolveScenario } from '../scenario-input';
import { terminalText } from '../terminal-text';
import { formatMs, formatPercent, scenarioHeading, table } from '../text-table';

/** `pipescope compare [SCENARIO] [flags]`: every schedule on the same scenario, side by side. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const s = r.scenario;
  const results: { name: ScheduleName; analysis: Analysis | null; reasons: string[] }[] = [];
  const names = scheduleNames();
  names.forEach((name, k) => {
    progress.step(`simulating ${name} (${k + 1}/${names.length})...`);
    // The size cap and the schedule's own check come from the validator inside analyze().
    const a = analyze(s, name);
    if (a.ok) results.push({ name, analysis: a.analysis, reasons: [] });
    else results.push({ name, analysis: null, reasons: a.errors.map((e) => `${e.path}: ${e.message}`) });
  });
  progress.done();
  if (flags.json) {
    const rows = results
      .filter((x) => x.analysis)
      .map(({ name, analysis }) => {
        const m = analysis!.metrics;
        const ab = m.analyticBubble;
        return {
          schedule: name,
          makespan: m.makespan,
          bubbleIdleFraction: m.bubbleIdleFraction,
          bubbleOverIdeal: m.bubbleOverIdeal,
          analyticBubble: { formula: ab.formula, value: ab.value, conditionsHold: ab.conditionsHold },
          peakActivations: Array.from(m.memory.peakActivations),
          parameterMultiplier: m.memory.parameterMultiplier,
          metrics: metricsToJSON(m),
        };
      });
    const inapplicable = results
      .filter((x) => !x.analysis)
      .map((x) => ({ schedule: x.name, reasons: x.reasons }));
    io.stdout(
      `${JSON.stringify({ scenario: s.name, devices: s.devices, microbatches: s.microbatches, schedules: rows, inapplicable })}\n`,
    );
    return EXIT_OK;
  }
  const out: string[] = [];
  out.push(`${scenarioHeading(s.name, r.source)}: ${s.devices} devices, ${s.microbatches} micro-batches`);
  out.push('');
  const rows = [
    [
      'schedule',
      'makespan ms',
      'bubble (idle fraction)',
      'bubble (over ideal)',
      'analytic bubble ms',
      'peak activations',
      'parameters',
    ],
  ];
  for (const { name, analysis } of results) {
    if (!analysis) continue;
    const m = analysis.metrics;
    const ab = m.analyticBubble;
    rows.push([
      name,
      formatMs(m.makespan),
      formatPercent(m.bubbleIdleFraction),
      formatPercent(m.bubbleOverIdeal),
      ab.value === null ? '-' : `${formatMs(ab.value)}${ab.conditionsHold ? '' : '*'}`,
      String(Math.max(...Array.from(m.memory.peakActivations))),
      `${m.memory.parameterMultiplier}x`,
    ]);
  }
  out.push(table(rows));
  out.push('');
  out.push(`bubble (idle fraction): ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`bubble (over ideal): ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push(
    `analytic bubble: the schedule's closed form (docs/formulas.md); * = its conditions do not hold here, so it is not exact`,
  );
  out.push(`peak activations: most micro-batch chunks in flight on any device`);
  const skipped = results.filter((x) => !x.analysis);
  if (skipped.length > 0) {
    out.push('');
    out.push('Not applicable:');
    for (const x of skipped) out.push(`  ${x.name}: ${terminalText(x.reasons.join('; '))}`);
  }
  io.stdout(`${out.join('\n')}\n`);
  return EXIT_OK;
}
