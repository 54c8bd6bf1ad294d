import { type Analysis, analyze } from '../../core/analyze';
import { explainDifference, topIdleCauses } from '../../core/metrics/explain';
import { type IdleCause, IDLE_CAUSE_INFO } from '../../core/metrics/idle-causes';
import { METRIC_DEFINITIONS, type Metrics, metricsToJSON } from '../../core/metrics/metrics';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules/registry';
import { type CliIO, type CommandInput, EXIT_INVALID, EXIT_OK, type Progress } from '../command-context';
import { resolveScenario } from '../scenario-input';
import { terminalText } from '../terminal-text';
import { formatMs, formatPercent, scenarioHeading, table } from '../text-table';

/** The schedule the speed-ups are measured against when it runs: the common reference. */
const PREFERRED_BASELINE = '1f1b';

/** Short names of the idle causes for the table's "top idle causes" column. */
const CAUSE_SHORT: Record<IdleCause, string> = {
  fill: 'fill',
  drain: 'drain',
  dependency: 'dependency',
  p2p: 'p2p',
  exposedComm: 'exposed comm',
  memory: 'memory',
  tail: 'tail',
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const roundOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : round(x));

/** Mean and max over devices of a per-device figure. */
function meanMax(a: Float64Array): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (const x of a) {
    sum += x;
    if (x > max) max = x;
  }
  return { mean: a.length > 0 ? sum / a.length : 0, max };
}

/** The figures `compare` adds to each schedule: communication, overlap, exposed communication, idle causes. */
function whyFigures(m: Metrics, baseline: Metrics) {
  const comm = meanMax(m.comm.commTime);
  const ss = m.steadyState;
  return {
    speedup: round(baseline.makespan / m.makespan),
    communication: {
      mean: round(comm.mean),
      max: round(comm.max),
      toCompute: roundOrNull(m.comm.commToComputeRatio),
    },
    overlap: roundOrNull(m.comm.overlapFraction),
    steadyStateOverlap: roundOrNull(ss.overlap),
    exposedComm: { mean: round(m.comm.exposedCommMean), max: round(m.comm.exposedCommMax) },
    steadyStateExposedComm:
      ss.exposedCommMean === null
        ? null
        : { mean: round(ss.exposedCommMean), max: round(ss.exposedCommMax ?? 0) },
    criticalPath: {
      length: round(m.criticalPath.length),
      compute: round(m.criticalPath.compute),
      exposedComm: round(m.criticalPath.exposedComm),
      p2p: round(m.criticalPath.p2p),
      wait: round(m.criticalPath.wait),
    },
    topIdleCauses: topIdleCauses(m).map((c) => ({ cause: c.cause, ms: round(c.ms), share: round(c.share) })),
  };
}

/** `pipescope compare [SCENARIO] [--schedule a,b,...] [flags]`: schedules on the same scenario, side by side. */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  const r = resolveScenario(positionals[0], flags, io);
  if (!r.ok) return EXIT_INVALID;
  const s = r.scenario;
  const results: { name: ScheduleName; analysis: Analysis | null; reasons: string[] }[] = [];
  const names = flags.schedule ?? scheduleNames();
  names.forEach((name, k) => {
    progress.step(`simulating ${name} (${k + 1}/${names.length})...`);
    // The size cap and the schedule's own check come from the validator inside analyze().
    const a = analyze(s, name);
    if (a.ok) results.push({ name, analysis: a.analysis, reasons: [] });
    else results.push({ name, analysis: null, reasons: a.errors.map((e) => `${e.path}: ${e.message}`) });
  });
  progress.done();
  const ran = results.filter((x) => x.analysis) as { name: ScheduleName; analysis: Analysis }[];
  const baseline = ran.find((x) => x.name === PREFERRED_BASELINE) ?? ran[0];
  const inapplicable = results
    .filter((x) => !x.analysis)
    .map((x) => ({ schedule: x.name, reasons: x.reasons }));
  /** Why each schedule differs from the baseline (nothing for the baseline itself). */
  const why = (x: { name: ScheduleName; analysis: Analysis }) =>
    baseline && x !== baseline ? explainDifference(x.analysis, baseline.analysis) : [];

  if (flags.json) {
    const rows = ran.map((x) => {
      const m = x.analysis.metrics;
      const ab = m.analyticBubble;
      return {
        schedule: x.name,
        makespan: m.makespan,
        bubbleIdleFraction: m.bubbleIdleFraction,
        bubbleOverIdeal: m.bubbleOverIdeal,
        analyticBubble: { formula: ab.formula, value: ab.value, conditionsHold: ab.conditionsHold },
        peakActivations: Array.from(m.memory.peakActivations),
        parameterMultiplier: m.memory.parameterMultiplier,
        ...whyFigures(m, baseline.analysis.metrics),
        explanation: why(x),
        metrics: metricsToJSON(m),
      };
    });
    io.stdout(
      `${JSON.stringify({ scenario: s.name, devices: s.devices, microbatches: s.microbatches, baseline: baseline?.name ?? null, schedules: rows, inapplicable })}\n`,
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
  for (const { name, analysis } of ran) {
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

  if (ran.length > 0) {
    const commRows = [
      [
        'schedule',
        'comm : compute',
        'overlap',
        'steady-state overlap',
        'exposed comm ms mean',
        'max',
        'steady-state exposed ms mean',
        'max',
      ],
    ];
    const whyRows = [
      [
        'schedule',
        `vs ${baseline.name}`,
        'critical path ms: compute',
        'exposed comm',
        'p2p',
        'top idle causes',
      ],
    ];
    const pct = (x: number | null) => (x === null ? '-' : formatPercent(x));
    for (const { name, analysis } of ran) {
      const f = whyFigures(analysis.metrics, baseline.analysis.metrics);
      const steadyExposed = f.steadyStateExposedComm;
      commRows.push([
        name,
        f.communication.toCompute === null ? '-' : `${f.communication.toCompute.toFixed(2)} : 1`,
        pct(f.overlap),
        pct(f.steadyStateOverlap),
        formatMs(f.exposedComm.mean),
        formatMs(f.exposedComm.max),
        steadyExposed === null ? '-' : formatMs(steadyExposed.mean),
        steadyExposed === null ? '-' : formatMs(steadyExposed.max),
      ]);
      whyRows.push([
        name,
        `${f.speedup.toFixed(2)}x`,
        formatMs(f.criticalPath.compute),
        formatMs(f.criticalPath.exposedComm),
        formatMs(f.criticalPath.p2p + f.criticalPath.wait),
        f.topIdleCauses.map((c) => `${CAUSE_SHORT[c.cause]} ${formatPercent(c.share)}`).join(', ') || '-',
      ]);
    }
    out.push(
      '',
      'Communication (exposed communication per device: mean and max over devices):',
      table(commRows),
    );
    out.push(
      '',
      `Why it is slow (speed-up against ${baseline.name}; idle causes as shares of all idle time):`,
      table(whyRows),
    );
  }

  out.push('');
  out.push(`bubble (idle fraction): ${METRIC_DEFINITIONS.bubbleIdleFraction.definition}`);
  out.push(`bubble (over ideal): ${METRIC_DEFINITIONS.bubbleOverIdeal.definition}`);
  out.push(
    `analytic bubble: the schedule's closed form (docs/formulas.md); * = its conditions do not hold here, so it is not exact`,
  );
  out.push(`peak activations: most micro-batch chunks in flight on any device`);
  out.push(`overlap: ${METRIC_DEFINITIONS.overlap.definition}`);
  out.push(
    `steady-state overlap: ${METRIC_DEFINITIONS.steadyStateOverlap.definition} - if none: no steady state`,
  );
  out.push(`exposed comm: ${METRIC_DEFINITIONS.exposedComm.definition}`);
  out.push(
    `critical path: ${METRIC_DEFINITIONS.criticalPath.definition} p2p includes transfers queued behind a stream.`,
  );
  out.push(
    `idle causes: ${(Object.keys(IDLE_CAUSE_INFO) as IdleCause[]).map((c) => `${CAUSE_SHORT[c]} = ${IDLE_CAUSE_INFO[c].definition}`).join(' ')}`,
  );
  const explained = ran.filter((x) => why(x).length > 0);
  if (explained.length > 0) {
    out.push('');
    out.push(`Why each differs from ${baseline.name}:`);
    for (const x of explained) out.push(`  ${x.name}: ${why(x).join(' ')}`);
  }
  const skipped = results.filter((x) => !x.analysis);
  if (skipped.length > 0) {
    out.push('');
    out.push('Not applicable:');
    for (const x of skipped) out.push(`  ${x.name}: ${terminalText(x.reasons.join('; '))}`);
  }
  io.stdout(`${out.join('\n')}\n`);
  return EXIT_OK;
}
