import type { Draft } from 'immer';
import { type ReactNode, useMemo } from 'react';
import type { ConfigError } from '../../core/model/config';
import {
  type ChunkParts,
  type PerDevice,
  type Scenario,
  type ScheduleName,
  perDevice,
} from '../../core/model/scenario';
import { PAIR_ORDER_ENTRIES, partCosts } from '../../core/model/costs';
import { allSchedules, getSchedule, scheduleTitle } from '../../core/schedules';
import { FieldErrors } from './errors';
import { CheckboxField, NumberField, RangeField, SelectField, TextField, formatNumber } from './fields';

const GiB = 1024 ** 3;
const toGiB = (b: number) => b / GiB;
const fromGiB = (g: number) => g * GiB;

export interface EditorActions {
  edit(label: string, recipe: (d: Draft<Scenario>) => void, gesture?: string | null): void;
  endGesture(): void;
}

type CostKey = 'forward' | 'backwardInput' | 'backwardWeight';
const COSTS: { key: CostKey; label: string; short: string }[] = [
  { key: 'forward', label: 'Forward F', short: 'F' },
  { key: 'backwardInput', label: 'Backward for input B', short: 'B' },
  { key: 'backwardWeight', label: 'Backward for weights W', short: 'W' },
];

/** Parts in the order DualPipe's profile shows them, with what the editor calls them. */
const FORWARD_PARTS: { key: keyof ChunkParts['forward']; label: string; comm: boolean }[] = [
  { key: 'attention', label: 'attention', comm: false },
  { key: 'dispatch', label: 'dispatch (all-to-all)', comm: true },
  { key: 'mlp', label: 'MLP', comm: false },
  { key: 'combine', label: 'combine (all-to-all)', comm: true },
];
const BACKWARD_PARTS: { key: keyof ChunkParts['backward']; label: string; comm: boolean }[] = [
  { key: 'combine', label: 'combine (all-to-all)', comm: true },
  { key: 'mlpInput', label: 'MLP input-grad (B)', comm: false },
  { key: 'mlpWeight', label: 'MLP weight-grad (W)', comm: false },
  { key: 'dispatch', label: 'dispatch (all-to-all)', comm: true },
  { key: 'attentionInput', label: 'attention input-grad (B)', comm: false },
  { key: 'attentionWeight', label: 'attention weight-grad (W)', comm: false },
];

/** Resizes a per-device list to n devices, repeating the last value for new devices. */
function resize(v: PerDevice, n: number): PerDevice {
  if (typeof v === 'number') return v;
  const last = v.length ? v[v.length - 1] : 1;
  return Array.from({ length: n }, (_, d) => (d < v.length ? v[d] : last));
}

/**
 * Starting parts when the user switches parts on: the first device's F, B and W split 40:60
 * between attention and MLP, and each all-to-all at 30% of its pass (about 1:1 compute:comm with
 * dispatch + combine, as DeepSeek-V3 reports). The editor says so next to the toggle.
 */
export function partsFromCosts(s: Scenario): ChunkParts {
  const f = perDevice(s.costs.forward, 0);
  const b = perDevice(s.costs.backwardInput, 0);
  const w = perDevice(s.costs.backwardWeight, 0);
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    forward: { attention: r(0.4 * f), dispatch: r(0.3 * f), mlp: r(0.6 * f), combine: r(0.3 * f) },
    backward: {
      combine: r(0.3 * b),
      mlpInput: r(0.6 * b),
      mlpWeight: r(0.6 * w),
      dispatch: r(0.3 * b),
      attentionInput: r(0.4 * b),
      attentionWeight: r(0.4 * w),
    },
  };
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="section" data-testid={testId}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function EditorPanel({
  scenario,
  errors: allErrors,
  actions,
  perDeviceCosts,
  onTogglePerDevice,
}: {
  scenario: Scenario;
  errors: readonly ConfigError[];
  actions: EditorActions;
  perDeviceCosts: boolean;
  onTogglePerDevice: (on: boolean) => void;
}) {
  const s = scenario;
  const errors = new FieldErrors(allErrors);
  const end = () => actions.endGesture();
  const num =
    (label: string, set: (d: Draft<Scenario>, v: number) => void) => (v: number | null, gesture: string) => {
      if (v !== null) actions.edit(label, (d) => set(d, v), gesture);
    };
  const gen = getSchedule(s.schedule);
  const costsArePerDevice = COSTS.some((c) => typeof s.costs[c.key] !== 'number');
  const showTable = perDeviceCosts || costsArePerDevice;
  const slowdown =
    s.smSplit.total > s.smSplit.reserved ? s.smSplit.total / (s.smSplit.total - s.smSplit.reserved) : NaN;
  const scheduleOptions = useMemo(() => allSchedules().map((g) => ({ value: g.name, label: g.title })), []);
  const chunkRule = gen?.chunks;

  const fields = (
    <>
      <Section title="Scenario">
        <TextField
          path="name"
          label="Name"
          value={s.name}
          errors={errors.at('name')}
          onChange={(v, g) => actions.edit('Rename scenario', (d) => void (d.name = v), g)}
          onGestureEnd={end}
        />
        <TextField
          path="description"
          label="Description"
          value={s.description}
          multiline
          errors={errors.at('description')}
          onChange={(v, g) => actions.edit('Edit description', (d) => void (d.description = v), g)}
          onGestureEnd={end}
        />
      </Section>

      <Section title="Pipeline">
        <SelectField<ScheduleName>
          path="schedule"
          label="Schedule"
          value={s.schedule}
          options={scheduleOptions}
          errors={errors.at('schedule')}
          hint={gen ? `${gen.summary} (${gen.source})` : undefined}
          onChange={(v) => actions.edit(`Schedule: ${scheduleTitle(v)}`, (d) => void (d.schedule = v))}
        />
        <NumberField
          path="devices"
          label="Devices P (pipeline ranks)"
          value={s.devices}
          integer
          errors={errors.at('devices')}
          onChange={num('Set devices', (d, v) => {
            d.devices = v;
            if (Number.isInteger(v) && v >= 1 && v <= 4096) {
              for (const c of COSTS) d.costs[c.key] = resize(d.costs[c.key] as PerDevice, v);
            }
          })}
          onGestureEnd={end}
        />
        <NumberField
          path="microbatches"
          label="Micro-batches m"
          value={s.microbatches}
          integer
          errors={errors.at('microbatches')}
          onChange={num('Set micro-batches', (d, v) => void (d.microbatches = v))}
          onGestureEnd={end}
        />
        <RangeField
          path="microbatches"
          label="Micro-batches m (slider)"
          value={s.microbatches}
          min={1}
          max={Math.max(64, s.devices * 8)}
          onChange={(v, g) => actions.edit('Set micro-batches', (d) => void (d.microbatches = v), g)}
          onGestureEnd={end}
        />
        {chunkRule?.from === 'scenario' ? (
          <NumberField
            path="chunks"
            label="Chunks per device v"
            value={s.chunks}
            integer
            hint={`${gen?.title} cuts each device's share into v chunks (v >= ${chunkRule.min}${chunkRule.max === null ? '' : `, <= ${chunkRule.max}`}).`}
            errors={errors.at('chunks')}
            onChange={num('Set chunks', (d, v) => void (d.chunks = v))}
            onGestureEnd={end}
          />
        ) : null}
      </Section>

      <Section title="Costs per micro-batch (device's whole share)" testId="costs">
        <CheckboxField
          path="costs.perDevice"
          label="Different costs per device"
          checked={showTable}
          hint={
            showTable
              ? 'Unchecking sets every device to device 0’s values.'
              : 'Each op takes its schedule’s share of these (1/v for v chunks).'
          }
          onChange={(on) => {
            onTogglePerDevice(on);
            if (on) {
              actions.edit('Costs per device', (d) => {
                for (const c of COSTS) {
                  const v = d.costs[c.key];
                  if (typeof v === 'number') d.costs[c.key] = Array.from({ length: d.devices }, () => v);
                }
              });
            } else {
              actions.edit('Uniform costs', (d) => {
                for (const c of COSTS) d.costs[c.key] = perDevice(d.costs[c.key] as PerDevice, 0);
              });
            }
          }}
        />
        {s.parts ? (
          <p className="note" data-testid="costs-from-parts">
            {(() => {
              const c = partCosts(s.parts, s.smSplit);
              const r = (x: number) => formatNumber(Math.round(x * 1000) / 1000);
              return `Chunk parts are on, so op costs come from the parts (same on every device): F = ${r(c.forward)} ms, B = ${r(c.backwardInput)} ms, W = ${r(c.backwardWeight)} ms after the SM split. The F, B, W values below are kept but not used.`;
            })()}
          </p>
        ) : null}
        {showTable ? (
          <div className="table-scroll">
            <table className="cost-table" data-testid="cost-table">
              <thead>
                <tr>
                  <th scope="col">device</th>
                  {COSTS.map((c) => (
                    <th scope="col" key={c.key} title={c.label}>
                      {c.short} (ms)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: Math.min(s.devices, 1024) }, (_, dev) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are devices, identified by index
                  <tr key={dev}>
                    <th scope="row">{dev}</th>
                    {COSTS.map((c) => (
                      <td key={c.key}>
                        <NumberField
                          compact
                          path={`costs.${c.key}[${dev}]`}
                          label={`${c.short} on device ${dev}`}
                          value={perDevice(s.costs[c.key], dev) ?? null}
                          errors={errors.at(`costs.${c.key}[${dev}]`)}
                          step={0.1}
                          onChange={num(`Set ${c.short} of device ${dev}`, (d, v) => {
                            const cur = d.costs[c.key];
                            if (typeof cur === 'number') {
                              d.costs[c.key] = Array.from({ length: d.devices }, (_, k) =>
                                k === dev ? v : cur,
                              );
                            } else cur[dev] = v;
                          })}
                          onGestureEnd={end}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {COSTS.map((c) => {
              const e = errors.at(`costs.${c.key}`);
              return e.length ? (
                <ul className="field-error" key={c.key} data-testid="field-error">
                  {e.map((m) => (
                    <li key={m}>
                      {c.short}: {m}
                    </li>
                  ))}
                </ul>
              ) : null;
            })}
          </div>
        ) : (
          COSTS.map((c) => (
            <NumberField
              key={c.key}
              path={`costs.${c.key}`}
              label={c.label}
              unit="ms"
              step={0.1}
              value={s.costs[c.key] as number}
              errors={errors.at(`costs.${c.key}`)}
              onChange={num(`Set ${c.short}`, (d, v) => void (d.costs[c.key] = v))}
              onGestureEnd={end}
            />
          ))
        )}
        <NumberField
          path="p2p.time"
          label="P2P transfer time (latency, when a size is given)"
          unit="ms"
          step={0.1}
          value={s.p2p.time}
          errors={errors.at('p2p.time')}
          onChange={num('Set P2P time', (d, v) => void (d.p2p.time = v))}
          onGestureEnd={end}
        />
        <NumberField
          path="p2p.bytes"
          label="P2P transfer size (adds size / bandwidth to the time above)"
          unit="MB"
          step={1}
          nullable="none: the time above alone"
          value={s.p2p.bytes ?? null}
          toDisplay={(v) => v / 1e6}
          fromDisplay={(v) => v * 1e6}
          errors={errors.at('p2p.bytes')}
          onChange={(v, g) => actions.edit('Set P2P size', (d) => void (d.p2p.bytes = v), g)}
          onGestureEnd={end}
        />
        <NumberField
          path="p2p.bandwidth"
          label="P2P link bandwidth"
          unit="GB/s"
          step={1}
          nullable="needed with a size"
          value={s.p2p.bandwidth ?? null}
          errors={errors.at('p2p.bandwidth')}
          onChange={(v, g) => actions.edit('Set P2P bandwidth', (d) => void (d.p2p.bandwidth = v), g)}
          onGestureEnd={end}
        />
        <CheckboxField
          path="p2p.occupiesComm"
          label="P2P occupies the sender’s communication stream"
          checked={s.p2p.occupiesComm}
          errors={errors.at('p2p.occupiesComm')}
          hint="When off, transfers only delay the receiver; when on, they also queue behind all-to-all kernels."
          onChange={(v) => actions.edit('P2P occupies comm', (d) => void (d.p2p.occupiesComm = v))}
        />
      </Section>

      <Section title="Chunk parts (compute/communication overlap)" testId="parts">
        <CheckboxField
          path="parts"
          label="Build each chunk from parts"
          checked={s.parts !== null}
          hint={
            s.parts
              ? 'Times per micro-batch of the device’s whole share; compute parts run on the compute stream, all-to-all on the comm stream.'
              : 'Starts from device 0’s F, B, W: attention 40% and MLP 60% of each; each all-to-all 30% of its pass.'
          }
          onChange={(on) =>
            actions.edit(on ? 'Use chunk parts' : 'Drop chunk parts', (d) => {
              d.parts = on ? partsFromCosts(s) : null;
            })
          }
        />
        {s.parts ? (
          <div className="parts-grid">
            <div>
              <h4>Forward</h4>
              {FORWARD_PARTS.map((p) => (
                <NumberField
                  key={p.key}
                  path={`parts.forward.${p.key}`}
                  label={p.label}
                  unit="ms"
                  step={0.1}
                  value={s.parts?.forward[p.key] ?? 0}
                  errors={errors.at(`parts.forward.${p.key}`)}
                  onChange={num(`Set forward ${p.label}`, (d, v) => {
                    if (d.parts) d.parts.forward[p.key] = v;
                  })}
                  onGestureEnd={end}
                />
              ))}
            </div>
            <div>
              <h4>Backward</h4>
              {BACKWARD_PARTS.map((p) => (
                <NumberField
                  key={p.key}
                  path={`parts.backward.${p.key}`}
                  label={p.label}
                  unit="ms"
                  step={0.1}
                  value={s.parts?.backward[p.key] ?? 0}
                  errors={errors.at(`parts.backward.${p.key}`)}
                  onChange={num(`Set backward ${p.label}`, (d, v) => {
                    if (d.parts) d.parts.backward[p.key] = v;
                  })}
                  onGestureEnd={end}
                />
              ))}
            </div>
          </div>
        ) : null}
        {s.parts ? (
          <TextField
            path="parts.pairOrder"
            label="Pair order (the ten parts of one overlapped F&B, comma-separated)"
            value={s.parts.pairOrder?.join(', ') ?? ''}
            placeholder={PAIR_ORDER_ENTRIES.join(', ')}
            hint="Each stream runs its parts in this order. Empty: DeepSeek's profile order (shown greyed)."
            multiline
            normalize={(v) =>
              v
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
                .join(', ')
            }
            errors={errors.at('parts.pairOrder')}
            onChange={(v, g) =>
              actions.edit(
                'Set pair order',
                (d) => {
                  if (!d.parts) return;
                  const list = v
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean);
                  if (list.length) d.parts.pairOrder = list;
                  else delete d.parts.pairOrder;
                },
                g,
              )
            }
            onGestureEnd={end}
          />
        ) : null}
        {errors.at('parts').length ? (
          <ul className="field-error" data-testid="field-error">
            {errors.at('parts').map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
        <NumberField
          path="smSplit.total"
          label="SMs per GPU"
          value={s.smSplit.total}
          integer
          errors={errors.at('smSplit.total')}
          onChange={num('Set SMs', (d, v) => void (d.smSplit.total = v))}
          onGestureEnd={end}
        />
        <NumberField
          path="smSplit.reserved"
          label="SMs reserved for communication"
          value={s.smSplit.reserved}
          integer
          errors={errors.at('smSplit.reserved')}
          hint={
            <>
              Compute parts run slower by total / (total − reserved)
              {Number.isFinite(slowdown) ? (
                <>
                  {' '}
                  = {s.smSplit.total} / {s.smSplit.total - s.smSplit.reserved} ={' '}
                  <strong data-testid="sm-slowdown">
                    ×{formatNumber(Math.round(slowdown * 1000) / 1000)}
                  </strong>
                </>
              ) : null}
              ; communication parts keep their times. {s.parts ? '' : 'Only applies when chunks have parts.'}
            </>
          }
          onChange={num('Set reserved SMs', (d, v) => void (d.smSplit.reserved = v))}
          onGestureEnd={end}
        />
        <RangeField
          path="smSplit.reserved"
          label="SMs reserved for communication (slider)"
          value={s.smSplit.reserved}
          min={0}
          max={Math.max(0, s.smSplit.total - 1)}
          onChange={(v, g) => actions.edit('Set reserved SMs', (d) => void (d.smSplit.reserved = v), g)}
          onGestureEnd={end}
        />
        <SelectField<'off' | 'steady-state'>
          path="pairing"
          label="Overlapped F&B pairs"
          value={s.pairing}
          options={[
            { value: 'off', label: 'off' },
            { value: 'steady-state', label: 'steady state (pair each F with the next backward)' },
          ]}
          errors={errors.at('pairing')}
          hint="For schedules other than DualPipe/DualPipeV, which always pair. A pair interleaves the two chunks’ parts so each one’s all-to-all hides behind the other’s compute."
          onChange={(v) => actions.edit('Set pairing', (d) => void (d.pairing = v))}
        />
      </Section>

      <Section title="Memory" testId="memory">
        <NumberField
          path="memory.activation"
          label="Activations per micro-batch per chunk"
          unit="GiB"
          step={0.1}
          value={s.memory.activation}
          toDisplay={toGiB}
          fromDisplay={fromGiB}
          errors={errors.at('memory.activation')}
          onChange={num('Set activation size', (d, v) => void (d.memory.activation = v))}
          onGestureEnd={end}
        />
        <NumberField
          path="memory.weightGradStash"
          label="Stash kept from B until W"
          unit="GiB"
          step={0.05}
          value={s.memory.weightGradStash}
          toDisplay={toGiB}
          fromDisplay={fromGiB}
          errors={errors.at('memory.weightGradStash')}
          onChange={num('Set W stash', (d, v) => void (d.memory.weightGradStash = v))}
          onGestureEnd={end}
        />
        <NumberField
          path="memory.parameters"
          label="Parameters (+grads, optimizer) per chunk"
          unit="GiB"
          step={0.5}
          value={s.memory.parameters}
          toDisplay={toGiB}
          fromDisplay={fromGiB}
          errors={errors.at('memory.parameters')}
          onChange={num('Set parameter size', (d, v) => void (d.memory.parameters = v))}
          onGestureEnd={end}
        />
        <NumberField
          path="memory.capacity"
          label="Device memory capacity"
          unit="GiB"
          step={1}
          nullable="unlimited"
          value={s.memory.capacity}
          toDisplay={toGiB}
          fromDisplay={fromGiB}
          errors={errors.at('memory.capacity')}
          onChange={(v, g) => actions.edit('Set capacity', (d) => void (d.memory.capacity = v), g)}
          onGestureEnd={end}
        />
        <NumberField
          path="memory.activationBudget"
          label="Activation budget (micro-batches in flight)"
          nullable="schedule default"
          integer
          value={s.memory.activationBudget}
          hint="Max micro-batch activations in flight per device, for schedules that take a budget (ZB-H2)."
          errors={errors.at('memory.activationBudget')}
          onChange={(v, g) =>
            actions.edit('Set activation budget', (d) => void (d.memory.activationBudget = v), g)
          }
          onGestureEnd={end}
        />
      </Section>
    </>
  );
  const rest = errors.unclaimed();
  return (
    <form
      className="editor"
      aria-label="Scenario editor"
      data-testid="editor"
      onSubmit={(e) => e.preventDefault()}
    >
      {rest.length ? (
        <div className="editor-errors" role="alert" data-testid="editor-errors">
          <strong>This scenario cannot run:</strong>
          <ul>
            {rest.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <code>{e.path}</code> {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {fields}
    </form>
  );
}
