import type { Draft } from 'immer';
import type { ReactNode } from 'react';
import { LIMITS } from '../../core/format/limits';
import { PAIR_ORDER_ENTRIES } from '../../core/model/costs';
import type { ChunkParts, PerDevice, Scenario } from '../../core/model/scenario';
import { allSchedules, getSchedule, scheduleTitle as title } from '../../core/schedules';
import { formatNumber } from './number-field';
import { resizeParts } from './per-device-parts';

/**
 * Every field of the scenario editor, section by section, in the order they appear: what each
 * edits (its scenario path, which is also its test id and where its errors show), what it is
 * called, its unit, its valid range (the validator's caps, from LIMITS) and its help text. The
 * editor renders these; the per-device cost table and the chunk parts are blocks of their own
 * (cost-fields.tsx, parts-fields.tsx) built from the COST_FIELDS and PART_FIELDS lists below.
 */

/** Help under a field: fixed, or worked out from the scenario. */
export type Hint = ReactNode | ((s: Scenario) => ReactNode);

interface FieldBase {
  /** Scenario path (core/format's syntax): the value edited, the test id, where errors show. */
  path: string;
  label: string;
  hint?: Hint;
  /** Shown only for scenarios where this holds (default: always). */
  when?: (s: Scenario) => boolean;
}

/** A number shown in another unit than the scenario stores it in. */
export interface DisplayScale {
  /** Stored value per displayed unit (bytes per GiB, ...). */
  factor: number;
}

export interface NumberSpec extends FieldBase {
  kind: 'number';
  /** The undo entry's label. */
  undo: string;
  unit?: string;
  step?: number;
  integer?: boolean;
  /** Valid range in stored units (the validator's); arrow keys do not step past it. */
  min: number;
  max?: number;
  /** `min` itself is not valid, only values above it (a bandwidth). */
  aboveMin?: boolean;
  /** Empty input means null; the placeholder says what null means. */
  nullable?: string;
  display?: DisplayScale;
  /** More changes with the value (devices resizes the per-device lists). */
  also?: (d: Draft<Scenario>, value: number) => void;
}

export interface TextSpec extends FieldBase {
  kind: 'text';
  undo: string;
  multiline?: boolean;
  placeholder?: string;
  /** The text shown for the document (default: the string at `path`). */
  read?: (s: Scenario) => string;
  /** Puts typed text into the document (default: the string at `path`). */
  write?: (d: Draft<Scenario>, typed: string) => void;
  /** What the document will show for typed text (default: the text itself). */
  normalize?: (typed: string) => string;
}

export interface SelectSpec extends FieldBase {
  kind: 'select';
  undo: (value: string) => string;
  options: { value: string; label: string }[];
}

export interface CheckboxSpec extends FieldBase {
  kind: 'checkbox';
  undo: string;
}

/** A slider beside a number field, for the same path. */
export interface RangeSpec extends FieldBase {
  kind: 'range';
  undo: string;
  min: (s: Scenario) => number;
  max: (s: Scenario) => number;
}

/**
 * A part of the editor with its own component: the costs (uniform or per device), the chunk parts,
 * the Model & cluster panel (model-cluster-panel.tsx, driven by its own field table), the custom
 * order (order-fields.tsx), the layout of uneven stages (layout-fields.tsx).
 */
export interface BlockSpec {
  kind: 'block';
  block: 'costs' | 'parts' | 'derive' | 'order' | 'layout';
}

export type FieldSpec = NumberSpec | TextSpec | SelectSpec | CheckboxSpec | RangeSpec;

export interface SectionSpec {
  title: string;
  testId?: string;
  entries: (FieldSpec | BlockSpec)[];
}

const GiB: DisplayScale = { factor: 1024 ** 3 };
const MB: DisplayScale = { factor: 1e6 };

/** Stored milliseconds: what the validator accepts for any time. */
const MS = { min: 0, max: LIMITS.ms };
/** Stored bytes: what the validator accepts for any size. */
const BYTES = { min: 0, max: LIMITS.bytes };

export type CostKey = 'forward' | 'backwardInput' | 'backwardWeight';

/** F, B and W: uniform fields, or the columns of the per-device table (`short` heads a column). */
export const COST_FIELDS: (NumberSpec & { key: CostKey; short: string })[] = [
  { key: 'forward', short: 'F', label: 'Forward F' },
  { key: 'backwardInput', short: 'B', label: 'Backward for input B' },
  { key: 'backwardWeight', short: 'W', label: 'Backward for weights W' },
].map((c) => ({
  ...c,
  kind: 'number' as const,
  key: c.key as CostKey,
  path: `costs.${c.key}`,
  undo: `Set ${c.short}`,
  unit: 'ms',
  step: 0.1,
  ...MS,
}));

/** Resizes a per-device list to n devices, repeating the last value for new devices. */
export function resizePerDevice(v: PerDevice, n: number): PerDevice {
  if (typeof v === 'number') return v;
  const last = v.length ? v[v.length - 1] : 1;
  return Array.from({ length: n }, (_, d) => (d < v.length ? v[d] : last));
}

function partFields<K extends string>(
  pass: 'forward' | 'backward',
  parts: { key: K; label: string }[],
): (NumberSpec & { key: K })[] {
  return parts.map((p) => ({
    ...p,
    kind: 'number',
    path: `parts.${pass}.${p.key}`,
    undo: `Set ${pass} ${p.label}`,
    unit: 'ms',
    step: 0.1,
    ...MS,
  }));
}

/** Parts in the order DualPipe's profile shows them, with what the editor calls them. */
export const PART_FIELDS = {
  forward: partFields<keyof ChunkParts['forward']>('forward', [
    { key: 'attention', label: 'attention' },
    { key: 'dispatch', label: 'dispatch (all-to-all)' },
    { key: 'mlp', label: 'MLP' },
    { key: 'combine', label: 'combine (all-to-all)' },
  ]),
  backward: partFields<keyof ChunkParts['backward']>('backward', [
    { key: 'combine', label: 'combine (all-to-all)' },
    { key: 'mlpInput', label: 'MLP input-grad (B)' },
    { key: 'mlpWeight', label: 'MLP weight-grad (W)' },
    { key: 'dispatch', label: 'dispatch (all-to-all)' },
    { key: 'attentionInput', label: 'attention input-grad (B)' },
    { key: 'attentionWeight', label: 'attention weight-grad (W)' },
  ]),
};

const splitList = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The ten parts of one overlapped F&B, in the order each stream runs them. */
export const PAIR_ORDER_FIELD: TextSpec = {
  kind: 'text',
  path: 'parts.pairOrder',
  label: 'Pair order (the ten parts of one overlapped F&B, comma-separated)',
  undo: 'Set pair order',
  hint: "Each stream runs its parts in this order. Empty: DeepSeek's profile order (shown greyed).",
  multiline: true,
  placeholder: PAIR_ORDER_ENTRIES.join(', '),
  read: (s) => s.parts?.pairOrder?.join(', ') ?? '',
  normalize: (v) => splitList(v).join(', '),
  write: (d, v) => {
    if (!d.parts) return;
    const list = splitList(v);
    if (list.length) d.parts.pairOrder = list;
    else delete d.parts.pairOrder;
  },
};

/** Compute parts run slower by total / (total − reserved) when SMs are reserved for communication. */
function smSlowdownHint(s: Scenario): ReactNode {
  const { total, reserved } = s.smSplit;
  const slowdown = total > reserved ? total / (total - reserved) : Number.NaN;
  return (
    <>
      Compute parts run slower by total / (total − reserved)
      {Number.isFinite(slowdown) ? (
        <>
          {' '}
          = {total} / {total - reserved} ={' '}
          <strong data-testid="sm-slowdown">×{formatNumber(Math.round(slowdown * 1000) / 1000)}</strong>
        </>
      ) : null}
      ; communication parts keep their times. {s.parts ? '' : 'Only applies when chunks have parts.'}
    </>
  );
}

export const EDITOR_SECTIONS: SectionSpec[] = [
  {
    title: 'Scenario',
    entries: [
      { kind: 'text', path: 'name', label: 'Name', undo: 'Rename scenario' },
      { kind: 'text', path: 'description', label: 'Description', undo: 'Edit description', multiline: true },
    ],
  },
  {
    title: 'Model & cluster',
    testId: 'derive',
    entries: [{ kind: 'block', block: 'derive' }],
  },
  {
    title: 'Pipeline',
    entries: [
      {
        kind: 'select',
        path: 'schedule',
        label: 'Schedule',
        options: allSchedules().map((g) => ({ value: g.name, label: g.title })),
        hint: (s) => {
          const gen = getSchedule(s.schedule);
          return gen ? `${gen.summary} (${gen.source})` : undefined;
        },
        undo: (v) => `Schedule: ${title(v)}`,
      },
      {
        kind: 'number',
        path: 'devices',
        label: 'Devices P (pipeline ranks)',
        undo: 'Set devices',
        integer: true,
        min: 1,
        max: LIMITS.devices,
        also: (d, v) => {
          if (!Number.isInteger(v) || v < 1 || v > LIMITS.devices) return;
          for (const c of COST_FIELDS) d.costs[c.key] = resizePerDevice(d.costs[c.key] as PerDevice, v);
          if (d.parts) resizeParts(d.parts, v);
        },
      },
      {
        kind: 'number',
        path: 'microbatches',
        label: 'Micro-batches m',
        undo: 'Set micro-batches',
        integer: true,
        min: 1,
        max: LIMITS.microbatches,
      },
      {
        kind: 'range',
        path: 'microbatches',
        label: 'Micro-batches m (slider)',
        undo: 'Set micro-batches',
        min: () => 1,
        // Up to 8 micro-batches per device (at least 64): where bubbles have mostly gone.
        max: (s) => Math.min(LIMITS.microbatches, Math.max(64, s.devices * 8)),
      },
      {
        kind: 'number',
        path: 'chunks',
        label: 'Chunks per device v',
        undo: 'Set chunks',
        integer: true,
        min: 1,
        max: LIMITS.chunks,
        // Only schedules whose chunk rule takes v from the scenario (interleaving) show it.
        when: (s) => getSchedule(s.schedule)?.chunks.from === 'scenario',
        hint: (s) => {
          const gen = getSchedule(s.schedule);
          const rule = gen?.chunks;
          if (!gen || rule?.from !== 'scenario') return undefined;
          return `${gen.title} cuts each device's share into v chunks (v >= ${rule.min}${rule.max === null ? '' : `, <= ${rule.max}`}).`;
        },
      },
      {
        kind: 'number',
        path: 'groupSize',
        label: 'Group size G (micro-batches through each chunk in turn)',
        undo: 'Set group size',
        integer: true,
        min: 1,
        max: LIMITS.microbatches,
        nullable: "default: P, Megatron's",
        // Only schedules that read it (Megatron's interleaved schedule table) show it.
        when: (s) => getSchedule(s.schedule)?.takesGroupSize === true,
        hint: (s) =>
          `Megatron-LM's microbatch_group_size_per_vp_stage: each group of G micro-batches runs through chunk 0, then chunk 1, … Megatron runs P ≤ G ≤ m with a last group (m mod G) of 0 or at least P; PyTorch's ScheduleInterleaved1F1B is G = m / max(1, ⌊m / P⌋)${s.microbatches > s.devices && s.microbatches % s.devices !== 0 ? ` (here m = ${s.microbatches} is not a multiple of P = ${s.devices}, so the default does not run)` : ''}.`,
      },
    ],
  },
  {
    title: 'Order (PyTorch CSV, custom order)',
    testId: 'order',
    entries: [{ kind: 'block', block: 'order' }],
  },
  {
    title: "Costs per micro-batch (device's whole share)",
    testId: 'costs',
    entries: [
      { kind: 'block', block: 'costs' },
      {
        kind: 'number',
        path: 'p2p.time',
        label: 'P2P transfer time (latency, when a size is given)',
        undo: 'Set P2P time',
        unit: 'ms',
        step: 0.1,
        ...MS,
      },
      {
        kind: 'number',
        path: 'p2p.bytes',
        label: 'P2P transfer size (adds size / bandwidth to the time above)',
        undo: 'Set P2P size',
        unit: 'MB',
        step: 1,
        nullable: 'none: the time above alone',
        display: MB,
        ...BYTES,
      },
      {
        kind: 'number',
        path: 'p2p.bandwidth',
        label: 'P2P link bandwidth',
        undo: 'Set P2P bandwidth',
        unit: 'GB/s',
        step: 1,
        nullable: 'needed with a size',
        min: 0,
        aboveMin: true,
      },
      {
        kind: 'checkbox',
        path: 'p2p.occupiesComm',
        label: 'P2P occupies the sender’s communication stream',
        undo: 'P2P occupies comm',
        hint: 'When off, transfers only delay the receiver; when on, they also queue behind all-to-all kernels.',
      },
    ],
  },
  {
    title: 'Uneven stages (layout)',
    testId: 'layout',
    entries: [{ kind: 'block', block: 'layout' }],
  },
  {
    title: 'Chunk parts (compute/communication overlap)',
    testId: 'parts',
    entries: [
      { kind: 'block', block: 'parts' },
      {
        kind: 'number',
        path: 'smSplit.total',
        label: 'SMs per GPU',
        undo: 'Set SMs',
        integer: true,
        min: 1,
        max: LIMITS.smTotal,
      },
      {
        kind: 'number',
        path: 'smSplit.reserved',
        label: 'SMs reserved for communication',
        undo: 'Set reserved SMs',
        integer: true,
        min: 0,
        // At least one SM stays with computation.
        max: LIMITS.smTotal - 1,
        hint: smSlowdownHint,
      },
      {
        kind: 'range',
        path: 'smSplit.reserved',
        label: 'SMs reserved for communication (slider)',
        undo: 'Set reserved SMs',
        min: () => 0,
        // At least one SM stays with computation.
        max: (s) => Math.max(0, s.smSplit.total - 1),
      },
      {
        kind: 'select',
        path: 'pairing',
        label: 'Overlapped F&B pairs',
        undo: () => 'Set pairing',
        options: [
          { value: 'off', label: 'off' },
          { value: 'steady-state', label: 'steady state (pair each F with the next backward)' },
          { value: 'combined-1f1b', label: 'combined 1F1B (Megatron EP overlap)' },
        ],
        hint: 'For schedules other than DualPipe/DualPipeV, which always pair. A pair interleaves the two chunks’ parts so each one’s all-to-all hides behind the other’s compute. Combined 1F1B is Megatron-LM’s --overlap-moe-expert-parallel-comm: one more warm-up forward, then every steady-state forward paired with its backward (interleaved 1F1B only).',
      },
    ],
  },
  {
    title: 'Memory',
    testId: 'memory',
    entries: [
      {
        kind: 'number',
        path: 'memory.activation',
        label: 'Activations per micro-batch per chunk',
        undo: 'Set activation size',
        unit: 'GiB',
        step: 0.1,
        display: GiB,
        ...BYTES,
      },
      {
        kind: 'number',
        path: 'memory.weightGradStash',
        label: 'Stash kept from B until W',
        undo: 'Set W stash',
        unit: 'GiB',
        step: 0.05,
        display: GiB,
        ...BYTES,
      },
      {
        kind: 'number',
        path: 'memory.parameters',
        label: 'Parameters (+grads, optimizer) per chunk',
        undo: 'Set parameter size',
        unit: 'GiB',
        step: 0.5,
        display: GiB,
        ...BYTES,
      },
      {
        kind: 'number',
        path: 'memory.capacity',
        label: 'Device memory capacity',
        undo: 'Set capacity',
        unit: 'GiB',
        step: 1,
        nullable: 'unlimited',
        display: GiB,
        ...BYTES,
      },
      {
        kind: 'number',
        path: 'memory.activationBudget',
        label: 'Activation budget (micro-batches in flight)',
        undo: 'Set activation budget',
        nullable: 'schedule default',
        integer: true,
        min: 1,
        max: LIMITS.activationBudget,
        hint: 'Max micro-batch activations in flight per device, for schedules that take a budget (ZB-H2).',
      },
    ],
  },
];
