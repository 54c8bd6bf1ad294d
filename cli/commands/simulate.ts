import type { Analysis } from '../../core/analyze';
import { exportText } from '../../core/export/export-text';
import { METRIC_DEFINITIONS } from '../../core/metrics/metrics';
import { getSchedule } from '../../core/schedules/registry';
import { type CliIO, type CommandInput, EXIT_INVALID, EXIT_OK, type Progress } from '../command-context';
import { analyzeOrReport, printErrors, resolveScenario } from '../scenario-input';
import { formatBytes, formatMs, formatPercent, label, scenarioHeading, table } from '../text-table';

/** `pipescope simulate [SCENARIO] [flags]`: one schedule, as a table or one JSON object. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const a = analyzeOrReport(r.scenario, r.scenario.schedule, r.source, io, progress);
  if (!a) return EXIT_INVALID;
  progress.done();
  if (flags.json) {
    const json = exportText('json', [a]);
    if (!json.ok) {
      printErrors(io, r.source, [json.error]);
      return EXIT_INVALID;
    }
    io.stdout(json.text);
    return EXIT_OK;
  }
  io.stdout(simulateTable(a, r.source));
  return EXIT_OK;
}

function analyticText(a: Analysis): string {
  const ab = a.metrics.analyticBubble;
  if (ab.value === null) return `no closed form (${ab.formula || 'none'})`;
  const holds = ab.conditionsHold ? 'conditions hold' : `conditions fail: ${ab.failing.join('; ')}`;
  return `${ab.formula} = ${formatMs(ab.value)} ms (measured ${label('maxIdle').toLowerCase()} ${formatMs(ab.measured)} ms; ${holds})`;
}

function simulateTable(a: Analysis, source: string): string {
  const m = a.metrics;
  const s = a.scenario;
  const gen = getSchedule(s.schedule);
  if (!gen) throw new Error(`analyze accepted an unknown schedule ${s.schedule}`);
  const out: string[] = [];
  out.push(scenarioHeading(s.name, source));
  out.push(
    `${gen.title} (${gen.name}): ${s.devices} devices, ${s.microbatches} micro-batches, ${a.schedule.chunksPerDevice} chunk(s) per device, ${a.schedule.count.toLocaleString('en-US')} ops`,
  );
  out.push('');
  const peakActs = Math.max(...Array.from(m.memory.peakActivations));
  const summary = [
    [`${label('makespan')}:`, `${formatMs(m.makespan)} ms`],
    [`${label('bubbleIdleFraction')}:`, formatPercent(m.bubbleIdleFraction)],
    [`${label('bubbleOverIdeal')}:`, formatPercent(m.bubbleOverIdeal)],
    [`${label('analyticBubble')}:`, analyticText(a)],
    [`${label('peakActivations')}:`, `${peakActs} (most on any device)`],
    [`${label('parameterMultiplier')}:`, `${m.memory.parameterMultiplier}x`],
  ];
  const w = Math.max(...summary.map((r) => r[0].length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  out.push('');
  out.push(`${label('bubbleIdleFraction')}: ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`${label('bubbleOverIdeal')}: ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push('');
  const rows = [['device', 'busy ms', 'idle ms', 'peak activations', 'peak activation memory']];
  for (let d = 0; d < s.devices; d++) {
    rows.push([
      String(d),
      formatMs(m.busy[d]),
      formatMs(m.idle[d]),
      String(m.memory.peakActivations[d]),
      formatBytes(m.memory.peakActivationBytes[d]),
    ]);
  }
  out.push(table(rows));
  return `${out.join('\n')}\n`;
}
