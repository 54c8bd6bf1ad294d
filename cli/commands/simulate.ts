import type { Analysis } from '../../core/analyze';
import { exportText } from '../../core/export/export-text';
import { explainSchedule } from '../../core/metrics/explain';
import { IDLE_CAUSES, IDLE_CAUSE_INFO } from '../../core/metrics/idle-causes';
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
  const ss = m.steadyState;
  const steady = (x: string) => (ss.none === null ? ` (steady state: ${x})` : '');
  const cp = m.criticalPath;
  const cpParts = [
    `${formatMs(cp.compute)} compute`,
    `${formatMs(cp.exposedComm)} exposed comm`,
    `${formatMs(cp.p2p)} p2p`,
  ];
  if (cp.wait > 0) cpParts.push(`${formatMs(cp.wait)} queued transfers`);
  const summary = [
    [`${label('makespan')}:`, `${formatMs(m.makespan)} ms`],
    [
      `${label('bubbleIdleFraction')}:`,
      `${formatPercent(m.bubbleIdleFraction)}${steady(formatPercent(ss.bubbleIdleFraction ?? Number.NaN))}`,
    ],
    [`${label('bubbleOverIdeal')}:`, formatPercent(m.bubbleOverIdeal)],
    [`${label('analyticBubble')}:`, analyticText(a)],
    [
      `${label('commToComputeRatio')}:`,
      m.comm.commToComputeRatio === null ? 'no computation' : `${m.comm.commToComputeRatio.toFixed(2)} : 1`,
    ],
    [
      `${label('overlap')}:`,
      m.comm.overlapFraction === null
        ? 'no communication'
        : `${formatPercent(m.comm.overlapFraction)}${steady(formatPercent(ss.overlap ?? Number.NaN))}`,
    ],
    [
      `${label('exposedComm')}:`,
      `mean ${formatMs(m.comm.exposedCommMean)} ms, max ${formatMs(m.comm.exposedCommMax)} ms per device${steady(`mean ${formatMs(ss.exposedCommMean ?? Number.NaN)} ms, max ${formatMs(ss.exposedCommMax ?? Number.NaN)} ms`)}`,
    ],
    [
      `${label('criticalPath')}:`,
      `${formatMs(cp.length)} ms = ${cpParts.join(' + ')}, through ${cp.stages.length} of ${a.schedule.stages} stages`,
    ],
    [`${label('peakActivations')}:`, `${peakActs} (most on any device)`],
    [`${label('parameterMultiplier')}:`, `${m.memory.parameterMultiplier}x`],
  ];
  const w = Math.max(...summary.map((r) => r[0].length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  out.push('');
  out.push(`${label('bubbleIdleFraction')}: ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`${label('bubbleOverIdeal')}: ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push(
    ss.none === null
      ? `${label('steadyState')}: ${METRIC_DEFINITIONS.steadyState.definition}`
      : `${label('steadyState')}: none here (${ss.none}).`,
  );
  out.push(`${label('criticalPath')}: ${METRIC_DEFINITIONS.criticalPath.definition}`);
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
  out.push('');
  out.push(`${label('idleByCause')} (ms; each device's causes sum to its idle time):`);
  const C = IDLE_CAUSES.length;
  const causeRows = [['device', ...IDLE_CAUSES.map((c) => IDLE_CAUSE_INFO[c].label.toLowerCase()), 'idle']];
  for (let d = 0; d < s.devices; d++)
    causeRows.push([
      String(d),
      ...IDLE_CAUSES.map((_, c) => formatMs(m.idleByCause.byDevice[d * C + c])),
      formatMs(m.idle[d]),
    ]);
  let idleSum = 0;
  for (let d = 0; d < s.devices; d++) idleSum += m.idle[d];
  causeRows.push(['sum', ...IDLE_CAUSES.map((_, c) => formatMs(m.idleByCause.total[c])), formatMs(idleSum)]);
  out.push(table(causeRows));
  out.push('');
  out.push('Why it is slow:');
  for (const sentence of explainSchedule(m)) out.push(`  ${sentence}`);
  return `${out.join('\n')}\n`;
}
