import { OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import { scheduleTitle } from '../schedules/registry';
import type { Timeline } from '../sim/timeline';
import { IDLE_CAUSE_INFO, IDLE_CAUSES, type IdleCause } from './idle-causes';
import type { Metrics } from './metrics';

/**
 * The answer to "why is it slow, and what would fix it?" in a few sentences with the numbers, so
 * the app's Explain panel and the CLI say the same thing (docs/simulator-and-metrics.md, "Explain").
 */

/** A cause is named when it is at least this share of all idle time (smaller ones are noise next to it). */
const NAMED_CAUSE_SHARE = 0.1;
/** At most this many causes get a sentence: the reader acts on the largest first. */
const MAX_CAUSES = 3;

/** What the explanations read: one simulated schedule. `Analysis` is assignable to it. */
export interface Explained {
  schedule: Schedule;
  timeline: Timeline;
  metrics: Metrics;
}

/** One idle cause summed over devices, with its share of all idle time. */
export interface CauseShare {
  cause: IdleCause;
  /** Summed over devices (ms). */
  ms: Ms;
  /** ms / all devices' idle time (0..1). */
  share: number;
}

/** The largest idle causes (summed over devices), largest first; at most `count`, none of 0 ms. */
export function topIdleCauses(m: Metrics, count = MAX_CAUSES): CauseShare[] {
  const total = m.idleByCause.total;
  let all = 0;
  for (let c = 0; c < total.length; c++) all += total[c];
  const list: CauseShare[] = [];
  IDLE_CAUSES.forEach((cause, c) => {
    if (total[c] > 0) list.push({ cause, ms: total[c], share: all > 0 ? total[c] / all : 0 });
  });
  list.sort((a, b) => b.ms - a.ms);
  return list.slice(0, count);
}

const PHRASE: Record<IdleCause, string> = {
  fill: 'warm-up (fill)',
  drain: 'cool-down (drain)',
  dependency: 'waiting for another device in the steady state (dependency)',
  p2p: 'P2P transfers in flight',
  exposedComm: "waiting for the device's own all-to-all (exposed communication)",
  memory: 'a ready forward held back by the activation limit (memory)',
  tail: 'the tail after a device has finished',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmt = (x: Ms) =>
  `${Number.parseFloat(x.toFixed(x >= 100 ? 1 : x >= 1 ? 2 : 3)).toLocaleString('en-US')} ms`;
const ratio = (x: number) => `${Number.parseFloat(x.toFixed(2))}x`;

/** The device with the most of cause c, and how much. */
function worstDevice(m: Metrics, c: number): { device: number; ms: Ms } {
  const C = IDLE_CAUSES.length;
  let device = 0;
  for (let d = 1; d < m.devices; d++)
    if (m.idleByCause.byDevice[d * C + c] > m.idleByCause.byDevice[device * C + c]) device = d;
  return { device, ms: m.idleByCause.byDevice[device * C + c] };
}

/** "stages 0-15", "stages 0, 2 and 5", "stage 3". */
function stagesText(stages: number[]): string {
  if (stages.length === 1) return `stage ${stages[0]}`;
  const consecutive = stages.every((s, k) => k === 0 || s === stages[k - 1] + 1);
  if (consecutive) return `stages ${stages[0]}-${stages[stages.length - 1]}`;
  return `stages ${stages.slice(0, -1).join(', ')} and ${stages[stages.length - 1]}`;
}

/**
 * What would shrink a cause. A schedule whose overlapped pairs already hide its steady-state
 * communication is told where the rest is, with the numbers, instead of being told to pair.
 */
function remedy(m: Metrics, cause: IdleCause): string {
  const ss = m.steadyState;
  if (
    cause === 'exposedComm' &&
    m.comm.pairs.count > 0 &&
    ss.exposedCommMean !== null &&
    ss.exposedCommMean < m.comm.exposedCommMean / 2
  )
    return `its overlapped pairs hide most communication in the steady state (${fmt(ss.exposedCommMean)} of exposed communication per device there, against ${fmt(m.comm.exposedCommMean)} over the iteration), so the rest is in the warm-up and cool-down, where chunks run alone; more micro-batches or faster all-to-all would shrink it`;
  return IDLE_CAUSE_INFO[cause].remedy;
}

/** The critical path in one sentence: what it is made of, what it crosses, that it is what to shorten. */
export function criticalPathSentence(m: Metrics): string {
  const p = m.criticalPath;
  const parts = [`${fmt(p.compute)} computation`];
  if (p.exposedComm > 0) parts.push(`${fmt(p.exposedComm)} exposed communication`);
  if (p.p2p > 0) parts.push(`${fmt(p.p2p)} P2P`);
  if (p.wait > 0) parts.push(`${fmt(p.wait)} queued transfers`);
  const list =
    parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `The critical path (the whole ${fmt(p.length)} iteration) is ${list}, through ${stagesText(p.stages)}: only shortening these shortens the iteration.`;
}

/**
 * Two to four sentences for one schedule: its largest idle causes, each with its share, where it
 * is worst and what would shrink it, then its critical path.
 */
export function explainSchedule(m: Metrics): string[] {
  const out: string[] = [];
  const top = topIdleCauses(m).filter((c, k) => k === 0 || c.share >= NAMED_CAUSE_SHARE);
  if (top.length === 0) out.push('No device idles: every compute stream runs for the whole iteration.');
  for (const c of top) {
    const id = IDLE_CAUSES.indexOf(c.cause);
    const w = worstDevice(m, id);
    const where = m.devices > 1 ? `, most on device ${w.device} (${fmt(w.ms)})` : '';
    out.push(
      `${pct(c.share)} of the idle time (${fmt(c.ms)} summed over ${m.devices} device${m.devices > 1 ? 's' : ''}${where}) is ${PHRASE[c.cause]}: ${remedy(m, c.cause)}.`,
    );
  }
  out.push(criticalPathSentence(m));
  return out;
}

/**
 * Share of a schedule's ops that follow an op of the same direction on their device (a forward
 * after a forward, a backward or W after a backward or W): with chunk parts, such an op's
 * computation can start under the previous op's last communication, because its input does not
 * wait for the other direction.
 */
export function sameDirectionShare(s: Schedule): number {
  let same = 0;
  let pairs = 0;
  for (let d = 0; d < s.devices; d++)
    for (let i = s.deviceStart[d] + 1; i < s.deviceStart[d + 1]; i++) {
      pairs++;
      if ((s.kind[i] === OpKind.F) === (s.kind[i - 1] === OpKind.F)) same++;
    }
  return pairs > 0 ? same / pairs : 0;
}

/** "417.4 ms computation, 436.4 ms exposed communication and 6 ms P2P": the critical path's parts. */
function composition(m: Metrics): string {
  const p = m.criticalPath;
  const parts = [`${fmt(p.compute)} computation`];
  if (p.exposedComm > 0) parts.push(`${fmt(p.exposedComm)} exposed communication`);
  if (p.p2p > 0) parts.push(`${fmt(p.p2p)} P2P`);
  if (p.wait > 0) parts.push(`${fmt(p.wait)} queued transfers`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}

/** Share of a schedule's ops that are W (a backward split into B and W). */
function splitShare(s: Schedule): number {
  let w = 0;
  for (let i = 0; i < s.count; i++) if (s.kind[i] === OpKind.W) w++;
  return s.count > 0 ? w / s.count : 0;
}

/**
 * Why `a` and `b` differ, in two sentences with the numbers: the ratio of their iteration times and
 * what their critical paths are made of; then the mechanism. With chunk parts, when the faster one
 * overlaps more of its communication: its overlapped pairs (DualPipe); or how often each runs an op
 * right after one of the same direction (GPipe's forwards back to back: each attention under the
 * previous combine; 1F1B alternates, and a backward after a forward starts with its combine(B)
 * behind the forward's combine); or that the slower one splits its backwards (a B alone idles
 * during its own dispatch, which a full backward fills with its MLP weight gradient). Otherwise
 * (no parts, or the faster one overlaps less): the idle cause that grows most.
 */
export function explainDifference(a: Explained, b: Explained): string[] {
  const [fast, slow] = a.metrics.makespan <= b.metrics.makespan ? [a, b] : [b, a];
  const F = fast.metrics;
  const S = slow.metrics;
  const nameF = scheduleTitle(F.schedule);
  const nameS = scheduleTitle(S.schedule);
  const paths = `Critical paths: ${nameF} ${composition(F)}; ${nameS} ${composition(S)}.`;
  if (S.makespan === F.makespan)
    return [`${nameF} and ${nameS} take the same time (${fmt(F.makespan)}). ${paths}`];
  const out = [
    `${nameF} is ${ratio(S.makespan / F.makespan)} faster than ${nameS} (${fmt(F.makespan)} vs ${fmt(S.makespan)}). ${paths}`,
  ];
  const fo = F.comm.overlapFraction;
  const so = S.comm.overlapFraction;
  if (fast.timeline.parts && slow.timeline.parts && fo !== null && so !== null && fo > so) {
    const sf = sameDirectionShare(fast.schedule);
    const ss = sameDirectionShare(slow.schedule);
    const wf = splitShare(fast.schedule);
    const ws = splitShare(slow.schedule);
    const pairsF = F.comm.pairs.count;
    if (pairsF > S.comm.pairs.count) {
      const steady = F.steadyState.overlap;
      out.push(
        `${nameF} runs ${pairsF.toLocaleString('en-US')} overlapped forward-backward pairs, each chunk's computation under the other's all-to-all: ${pct(fo)} of its communication overlaps computation${steady === null ? '' : ` (${pct(steady)} in its steady state)`}, against ${pct(so)} of ${nameS}'s.`,
      );
    } else if (sf > ss)
      out.push(
        `With chunk parts, consecutive ops of one direction overlap: a forward's attention runs under the previous forward's combine, a backward's combine(B) under the previous backward's attention gradients; a backward right after a forward starts with its combine(B) behind the forward's combine, and the compute stream waits. ${pct(sf)} of ${nameF}'s ops follow one of the same direction and ${pct(fo)} of its communication overlaps computation, against ${pct(ss)} and ${pct(so)} for ${nameS}.`,
      );
    else if (ws > wf)
      out.push(
        `${nameS} splits its backwards into B and W: a B alone idles the compute stream during its own dispatch, which a full backward fills with its MLP weight gradient, so only ${pct(so)} of ${nameS}'s communication overlaps computation against ${pct(fo)} of ${nameF}'s.`,
      );
    else
      out.push(
        `${pct(fo)} of ${nameF}'s communication overlaps computation, against ${pct(so)} of ${nameS}'s.`,
      );
    return out;
  }
  // otherwise: the idle cause that grows most
  let worst = -1;
  let grows = 0;
  IDLE_CAUSES.forEach((_, c) => {
    const d = S.idleByCause.total[c] - F.idleByCause.total[c];
    if (d > grows) {
      grows = d;
      worst = c;
    }
  });
  if (worst >= 0) {
    const cause = IDLE_CAUSES[worst];
    out.push(
      `${nameS} idles ${fmt(grows)} more than ${nameF} in ${PHRASE[cause]}: ${fmt(S.idleByCause.total[worst])} against ${fmt(F.idleByCause.total[worst])}, summed over devices.`,
    );
  }
  return out;
}
