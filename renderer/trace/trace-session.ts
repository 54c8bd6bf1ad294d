import { useSyncExternalStore } from 'react';
import type { PairOrderEntry } from '../../core/model/costs';
import type { TraceMapDocument } from '../../core/model/scenario';
import {
  defaultTraceMapDocument,
  withLayersPerChunk,
  withPartRule,
  withStreamRole,
} from '../../core/trace/mapping';
import type { MeasuredTimeline } from '../../core/trace/measured-timeline';
import type { TraceSummaryJson } from '../../core/trace/summary';
import type { SummaryResult, TraceClient, TraceSource } from './trace-client';
import type { ReadProgressMessage, TraceFailure } from './trace-protocol';

export type TraceTab = 'summary' | 'overlay';

/**
 * The trace the user opened, beside the document: not undoable, not saved (what is saved is what
 * "Use as part times" writes into the scenario, the mapping included).
 */
export interface TraceSessionState {
  status: 'empty' | 'reading' | 'ready' | 'failed';
  files: { name: string; size: number }[];
  progress: ReadProgressMessage | null;
  summary: TraceSummaryJson | null;
  failure: TraceFailure | null;
  /** The mapping the summary was made with; edits re-summarize the traces held. */
  mapping: TraceMapDocument;
  /** Re-summarizing after a mapping edit, or cutting a timeline out. */
  busy: boolean;
  tab: TraceTab;
  /** Index into summary.ranks of the rank the overlay shows. */
  rank: number;
  /** The planned device drawn above it. */
  plannedDevice: number;
  timeline: MeasuredTimeline | null;
}

function initial(): TraceSessionState {
  return {
    status: 'empty',
    files: [],
    progress: null,
    summary: null,
    failure: null,
    mapping: defaultTraceMapDocument(),
    busy: false,
    tab: 'summary',
    rank: 0,
    plannedDevice: 0,
    timeline: null,
  };
}

/**
 * The trace session: reads through the trace worker (TraceClient), keeps the summary and the
 * mapping, and answers mapping edits by summarizing again. One request runs at a time; an edit
 * made while one runs is sent when it ends (the last edit wins).
 */
export class TraceSession {
  private state = initial();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly client: TraceClient) {}

  getState = (): TraceSessionState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private set(patch: Partial<TraceSessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Reads the files (replacing any trace held), starting from `mapping` (a scenario's saved one, or the defaults). */
  async open(sources: TraceSource[], mapping: TraceMapDocument | null): Promise<void> {
    const gen = ++this.generation;
    const start = mapping ?? defaultTraceMapDocument();
    this.set({
      ...initial(),
      status: 'reading',
      files: sources.map((s) => ({ name: s.name, size: s.size })),
      mapping: start,
    });
    const r = await this.client.read(sources, start, (p) => {
      if (gen === this.generation) this.set({ progress: p });
    });
    if (gen !== this.generation) return;
    this.apply(r, { progress: null });
  }

  cancel(): void {
    if (this.state.status === 'reading') this.client.cancel();
  }

  close(): void {
    this.generation++;
    this.client.cancel();
    this.set(initial());
  }

  setTab(tab: TraceTab): void {
    this.set({ tab });
    if (tab === 'overlay') void this.loadTimeline();
  }

  selectRank(rank: number): void {
    this.set({ rank, timeline: null });
    if (this.state.tab === 'overlay') void this.loadTimeline();
  }

  setPlannedDevice(device: number): void {
    this.set({ plannedDevice: device });
  }

  setPartRule(name: string, target: PairOrderEntry | null | undefined): Promise<void> {
    return this.remap(withPartRule(this.state.mapping, name, target));
  }

  /** A stream's role for one rank (`rank:stream`), or back to what its kernels say (undefined). */
  setStreamRole(rank: number, stream: number, role: 'compute' | 'comm' | undefined): Promise<void> {
    return this.remap(withStreamRole(this.state.mapping, `${rank}:${stream}`, role));
  }

  setLayersPerChunk(layers: number | null): Promise<void> {
    return this.remap(withLayersPerChunk(this.state.mapping, layers));
  }

  private async remap(mapping: TraceMapDocument): Promise<void> {
    if (this.state.status !== 'ready' && this.state.status !== 'failed') return;
    if (this.state.summary === null) return;
    const gen = ++this.generation;
    this.set({ mapping, busy: true });
    const r = await this.client.summarize(mapping);
    if (gen !== this.generation) return;
    this.apply(r, { busy: false, timeline: null });
    if (this.state.tab === 'overlay') await this.loadTimeline();
  }

  private apply(r: SummaryResult, patch: Partial<TraceSessionState>): void {
    if (r.ok) {
      const rank = Math.min(this.state.rank, Math.max(0, r.summary.ranks.length - 1));
      this.set({ ...patch, status: 'ready', summary: r.summary, failure: null, rank });
      return;
    }
    const { ok: _, ...failure } = r;
    // A mapping edit the reader refuses keeps the last good summary beside the errors.
    if (r.source === 'mapping' && this.state.summary) this.set({ ...patch, status: 'ready', failure });
    else this.set({ ...patch, status: 'failed', failure, summary: null });
  }

  private async loadTimeline(): Promise<void> {
    const { summary, rank, mapping } = this.state;
    if (!summary || this.state.timeline) return;
    const gen = this.generation;
    this.set({ busy: true });
    const t = await this.client.timeline(rank, mapping);
    if (gen !== this.generation || this.state.rank !== rank || this.state.mapping !== mapping) return;
    if ('errors' in t) this.set({ busy: false, failure: t });
    else this.set({ busy: false, timeline: t });
  }
}

export function useTraceSession<T>(session: TraceSession, select: (s: TraceSessionState) => T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.getState()));
}
