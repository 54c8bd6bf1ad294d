/**
 * Page for `npm run bench:render` (and for looking at the chart on its own): mounts GanttChart with
 * simulated timelines and exposes window.ganttBench for the Playwright driver (build/bench-render.mjs).
 * ?demo shows real schedules (a single one with parts on a comm lane, or ?demo=compare).
 */
import { type JSX, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { type Analysis, analyze } from '../../../core/analyze';
import type { ChartDensity } from '../../../core/layout/gantt-layout';
import { uniformConfig } from '../../../core/model/config';
import { defaultScenario, type Scenario, type ScheduleName } from '../../../core/model/scenario';
import { SCHEDULES } from '../../../core/schedules';
import { simulate } from '../../../core/sim/simulate';
import { PART_NAMES, Stream, type Timeline } from '../../../core/sim/timeline';
import type { Theme } from '../../../core/layout/palette';
import { type GanttAnalysis, GanttChart } from '../gantt-chart';
import type { Viewport } from '../viewport';

function simulated(name: keyof typeof SCHEDULES, devices: number, microbatches: number, p2p = 0): Timeline {
  const config = uniformConfig(devices, microbatches, 1, 1, 0.8, { p2p });
  const gen = SCHEDULES[name];
  const errors = gen.check(config);
  if (errors.length) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const result = simulate(gen.generate(config), config);
  if (!result.ok) throw new Error(result.error.message);
  return result.timeline;
}

/** A ZB-H1 timeline with about `ops` ops on 16 devices (3 ops per micro-batch per device). */
export function benchTimeline(ops: number): Timeline {
  return simulated('zb-h1', 16, Math.max(16, Math.round(ops / 48)), 0.05);
}

/**
 * Adds illustrative parts to every F and B of a timeline (attention -> dispatch -> mlp -> combine on
 * the two streams, scaled into the op's own interval) so the demo shows comm lanes. Not a simulation.
 */
function withIllustrativeParts(t: Timeline): Timeline {
  const s = t.schedule;
  const fwd = [
    ['attention', Stream.COMPUTE, 0, 0.3],
    ['dispatch', Stream.COMM, 0.3, 0.5],
    ['mlp', Stream.COMPUTE, 0.5, 0.8],
    ['combine', Stream.COMM, 0.8, 1],
  ] as const;
  const bwd = [
    ['combine-backward', Stream.COMM, 0, 0.2],
    ['mlp-input-grad', Stream.COMPUTE, 0.2, 0.5],
    ['dispatch-backward', Stream.COMM, 0.5, 0.7],
    ['attention-input-grad', Stream.COMPUTE, 0.7, 1],
  ] as const;
  const rows: [number, number, number, number, number][] = [];
  for (let i = 0; i < s.count; i++) {
    const plan = s.kind[i] === 0 ? fwd : s.kind[i] === 1 ? bwd : null;
    if (!plan) continue;
    const d = t.end[i] - t.start[i];
    for (const [name, stream, a, b] of plan) {
      rows.push([i, PART_NAMES.indexOf(name), stream, t.start[i] + a * d, t.start[i] + b * d]);
    }
  }
  return {
    ...t,
    parts: {
      count: rows.length,
      op: Int32Array.from(rows, (r) => r[0]),
      part: Uint8Array.from(rows, (r) => r[1]),
      stream: Uint8Array.from(rows, (r) => r[2]),
      start: Float64Array.from(rows, (r) => r[3]),
      end: Float64Array.from(rows, (r) => r[4]),
    },
  };
}

interface Controls {
  setViewport(v: Viewport | null): void;
  setSelected(mb: number | null): void;
}

function Harness(props: {
  timelines: { label: string; analysis: GanttAnalysis }[];
  theme: Theme;
  onFrame(ms: number): void;
  controls: Controls;
  showComm?: boolean;
  density?: ChartDensity;
  critical?: boolean;
}): JSX.Element {
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  props.controls.setViewport = setViewport;
  props.controls.setSelected = setSelected;
  return (
    <GanttChart
      timelines={props.timelines}
      theme={props.theme}
      viewport={viewport}
      onViewportChange={setViewport}
      selectedMicrobatch={selected}
      onSelectMicrobatch={setSelected}
      showComm={props.showComm}
      density={props.density}
      highlightCriticalPath={props.critical}
      sizing="container"
      onFrameDrawn={(info) => props.onFrame(info.ms)}
    />
  );
}

const container = document.getElementById('root')!;
let root: Root | null = null;
const controls: Controls = { setViewport: () => {}, setSelected: () => {} };
let frameWaiters: ((ms: number) => void)[] = [];
let frameSink: ((ms: number) => void) | null = null;
const onFrame = (ms: number) => {
  frameSink?.(ms);
  const w = frameWaiters;
  frameWaiters = [];
  for (const f of w) f(ms);
};
const nextFrameDrawn = () => new Promise<number>((resolve) => frameWaiters.push(resolve));
const nextAnimationFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

let current: Timeline | null = null;

const api = {
  /** Simulates the timeline (not timed) and returns its op count. */
  prepare(ops: number): number {
    root?.unmount();
    root = null;
    current = benchTimeline(ops);
    return current.schedule.count;
  },
  /** Mounts the chart; ms from mount until its first frame is drawn and the next frame begins. */
  async mount(): Promise<{ firstPaint: number; drawMs: number }> {
    const t = current!;
    const began = performance.now();
    root = createRoot(container);
    const drawn = nextFrameDrawn();
    root.render(
      <Harness
        timelines={[{ label: t.schedule.name, analysis: { timeline: t } }]}
        theme="light"
        onFrame={onFrame}
        controls={controls}
      />,
    );
    const drawMs = await drawn;
    await nextAnimationFrame();
    return { firstPaint: performance.now() - began, drawMs };
  },
  /**
   * Continuous animation: on every animation frame the next viewport is set (rendered synchronously
   * with flushSync), and the chart draws it in the following frame. Returns the intervals between
   * frames (what a user sees as smoothness: 16.7 ms = 60 fps, includes raster and compositing) and
   * the main-thread work per frame (React render + canvas draw).
   */
  animate(viewports: Viewport[]): Promise<{ frame: number[]; work: number[] }> {
    return new Promise((resolve) => {
      const stamps: number[] = [];
      const react: number[] = [];
      const draws: number[] = [];
      let i = 0;
      frameSink = (ms) => draws.push(ms);
      const tick = (ts: number) => {
        stamps.push(ts);
        if (i === viewports.length) {
          frameSink = null;
          const frame = stamps.slice(2).map((t, k) => t - stamps[k + 1]);
          const work = react.slice(0, draws.length).map((r, k) => r + draws[k]);
          resolve({ frame, work });
          return;
        }
        const began = performance.now();
        flushSync(() => controls.setViewport(viewports[i++]));
        react.push(performance.now() - began);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  },
  makespan(): number {
    return current!.makespan;
  },
};
(window as unknown as { ganttBench: typeof api }).ganttBench = api;

/** A scenario analysed as the app does (schedule, simulation, metrics), for the demos. */
function analysed(
  schedule: ScheduleName,
  devices: number,
  microbatches: number,
  change: Partial<Scenario> = {},
): Analysis {
  const r = analyze({ ...defaultScenario(), schedule, devices, microbatches, ...change });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.analysis;
}

/** The demo pages (`?demo=NAME`): the chart on its own, for looking at it and for screenshots. */
function demoTimelines(demo: string): { label: string; analysis: GanttAnalysis }[] {
  const p2p = { time: 0.1, occupiesComm: false };
  switch (demo) {
    case 'compare':
      return (['1f1b', 'zb-h1', 'dualpipe'] as const).map((name) => ({
        label: name,
        analysis: analysed(name, 4, 8, { p2p }),
      }));
    case 'parts':
      return [
        {
          label: 'ZB-H1 (illustrative parts)',
          analysis: { timeline: withIllustrativeParts(simulated('zb-h1', 4, 6, 0.1)) },
        },
      ];
    case '1f1b-64x512':
      // F = 1, full backward 2 (B 2, W 0): 1F1B's steady state has no idle time at all.
      return [
        {
          label: '1F1B 64 x 512',
          analysis: analysed('1f1b', 64, 512, { costs: { forward: 1, backwardInput: 2, backwardWeight: 0 } }),
        },
      ];
    case '1m':
      return [{ label: 'ZB-H1, 1M ops', analysis: analysed('zb-h1', 16, 20_834) }];
    case 'dualpipe-p2p':
      return [
        {
          label: 'DualPipe',
          analysis: analysed('dualpipe', 8, 16, { p2p: { time: 0.4, occupiesComm: false } }),
        },
      ];
    case 'gpipe-p2p-comm':
      return [
        { label: 'GPipe', analysis: analysed('gpipe', 4, 8, { p2p: { time: 0.5, occupiesComm: true } }) },
      ];
    default:
      return [{ label: 'DualPipe', analysis: analysed('dualpipe', 8, 16, { p2p }) }];
  }
}

const params = new URLSearchParams(location.search);
const demo = params.get('demo');
if (demo !== null) {
  const theme = (params.get('theme') as Theme) ?? 'light';
  document.body.style.background = theme === 'dark' ? '#1b1d21' : '#fff';
  root = createRoot(container);
  root.render(
    <Harness
      timelines={demoTimelines(demo)}
      theme={theme}
      onFrame={onFrame}
      controls={controls}
      showComm={params.has('comm')}
      density={(params.get('density') as ChartDensity) ?? 'normal'}
      critical={params.has('critical')}
    />,
  );
  const mb = params.get('select');
  if (mb !== null) setTimeout(() => controls.setSelected(Number(mb)), 50);
}
