import { IDLE_CAUSE_INFO } from '../core/metrics/idle-causes';
import type { Scenario } from '../core/model/scenario';
import { getSchedule } from '../core/schedules/registry';
import {
  type CostScaler,
  type TuneReport,
  type TuneResult,
  type TuneTiming,
  describeChoice,
} from '../core/tune';
import { formatBytes, formatMs, formatPercent, sourceNote, table } from './text-table';

/** `pipescope tune` without --json: the best, the Pareto front, the fastest, the refusals. */

const n = (x: number) => x.toLocaleString('en-US');

function idleText(r: TuneResult): string {
  const f = r.figures!;
  return f.topIdleCause
    ? `${IDLE_CAUSE_INFO[f.topIdleCause].label} (${formatMs(f.topIdleMs ?? 0)} ms)`
    : 'none';
}

function rows(results: readonly TuneResult[]): string {
  const head = [
    'schedule',
    'm',
    'v',
    'pairing',
    'SMs',
    'budget',
    'iteration ms',
    'peak memory',
    'bubble',
    'exposed comm ms',
    'top idle cause (ms, sum over devices)',
  ];
  return table([
    head,
    ...results.map((r) => {
      const c = r.choice;
      const f = r.figures!;
      const d = getSchedule(c.schedule);
      return [
        c.schedule,
        String(c.microbatches),
        d?.chunks.from === 'scenario' ? String(c.chunks) : '-',
        c.pairing,
        String(c.smReserved),
        d?.takesActivationBudget ? String(c.activationBudget ?? 'default') : '-',
        formatMs(f.makespan),
        formatBytes(f.peakMemory),
        formatPercent(f.bubble ?? Number.NaN),
        formatMs(f.exposedCommMean ?? Number.NaN),
        idleText(r),
      ];
    }),
  ]);
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

export function tuneReportText(
  report: TuneReport,
  base: Scenario,
  scaler: CostScaler,
  timing: TuneTiming,
  source: string,
): string {
  const out: string[] = [];
  const s = report.space;
  const rate = timing.elapsedMs > 0 ? Math.round((report.evaluated / timing.elapsedMs) * 1000) : 0;
  out.push(`${base.name} ${sourceNote(source)}`);
  out.push(
    `${n(report.evaluated)} configurations of ${s.schedules.length} schedules in ${(timing.elapsedMs / 1000).toFixed(1)} s (${n(rate)}/s, ${timing.jobs} thread${timing.jobs > 1 ? 's' : ''})`,
  );
  const inf = report.infeasible;
  out.push(
    `feasible ${n(report.feasible)}; infeasible: memory ${n(inf.memory)}, activation limit ${n(inf.activationLimit)}, schedule rules ${n(inf.rules)}, size cap ${n(inf.size)}`,
  );
  const c = report.constraints;
  out.push(
    `constraints: peak memory per device <= ${c.capacity === null ? 'unlimited (no memory.capacity or --capacity)' : formatBytes(c.capacity)}${c.activationLimit === null ? '' : `, peak activations per device <= ${formatBytes(c.activationLimit)}`}`,
  );
  out.push(`scaling: ${String(scaler.describe(base).text)}`);
  for (const note of s.notes) out.push(`note: ${note}`);
  out.push('');
  if (report.best) {
    const f = report.best.figures!;
    out.push(`best: ${describeChoice(report.best.choice)}`);
    out.push(
      `  iteration ${formatMs(f.makespan)} ms, peak memory ${formatBytes(f.peakMemory)} (largest device), bubble ${formatPercent(f.bubble ?? Number.NaN)} (idle fraction), exposed communication ${formatMs(f.exposedCommMean ?? Number.NaN)} ms (mean over devices), top idle cause ${idleText(report.best)}`,
    );
    out.push('');
    out.push('Pareto front, iteration time vs peak memory (no configuration is both faster and smaller):');
    out.push(indent(rows(report.pareto)));
    out.push('');
    out.push(`fastest ${report.fastest.length}:`);
    out.push(indent(rows(report.fastest)));
  } else {
    out.push('no configuration is feasible:');
    for (const b of report.binding ?? []) {
      out.push(`  ${b.constraint}: ${b.message}`);
      if (b.at) out.push(`    nearest: ${describeChoice(b.at.choice)}`);
    }
  }
  if (report.rejections.length > 0) {
    out.push('');
    out.push('refused by a rule or the size cap (commonest first):');
    for (const r of report.rejections)
      out.push(`  ${r.schedule}: ${r.message} (${n(r.count)} configuration${r.count > 1 ? 's' : ''})`);
  }
  out.push('');
  out.push(
    'peak memory: parameters + peak activations, largest device; bubble: compute idle / (P x iteration time); --json gives each configuration as scenario fields (docs/tune.md)',
  );
  return `${out.join('\n')}\n`;
}
