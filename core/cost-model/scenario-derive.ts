import type { DeriveSection } from '../model/derive-section';
import type { PathError } from '../model/path-error';
import { type PerDevice, type Scenario, perDevice } from '../model/scenario';
import {
  GPU_PRESETS,
  INTERCONNECT_PRESETS,
  MODEL_PRESETS,
  findGpuPreset,
  findInterconnectPreset,
  findModelPreset,
} from '../presets/index';
import { parseLayout } from '../model/layout';
import { type CostDerivation, type DeriveResult, type DerivedValue, deriveCosts } from './derive';
import type { CostModelInput, LinkSpec } from './types';

/**
 * A scenario's `derive` section at work (docs/cost-model.md, "In the scenario"): its inputs
 * resolved (presets by name), the derivation, the derived values written into the scenario while
 * the ones the user overrode are kept, the overrides an edit makes, and how each field stands.
 */

/** The section's inputs with every preset looked up, or errors at `derive.*` paths. */
export function deriveInput(
  section: DeriveSection,
): { ok: true; input: CostModelInput } | { ok: false; errors: PathError[] } {
  const errors: PathError[] = [];
  const model = typeof section.model === 'string' ? findModelPreset(section.model)?.model : section.model;
  if (!model)
    errors.push({
      path: 'derive.model',
      message: `unknown model preset ${JSON.stringify(section.model)}; use one of ${MODEL_PRESETS.map((p) => p.id).join(', ')}, or write the model out`,
    });
  const hw = section.hardware;
  const preset = typeof hw.gpu === 'string' ? findGpuPreset(hw.gpu) : undefined;
  const gpu = typeof hw.gpu === 'string' ? preset?.gpu : hw.gpu;
  if (!gpu)
    errors.push({
      path: 'derive.hardware.gpu',
      message: `unknown GPU preset ${JSON.stringify(hw.gpu)}; use one of ${GPU_PRESETS.map((p) => p.id).join(', ')}, or write the GPU out`,
    });
  const link = (key: 'intraNode' | 'interNode'): LinkSpec | undefined => {
    const given = hw[key];
    const id = given === undefined ? preset?.links[key] : given;
    if (id === undefined) {
      if (gpu)
        errors.push({
          path: `derive.hardware.${key}`,
          message: 'is needed with a GPU written out: an interconnect preset id or the link written out',
        });
      return undefined;
    }
    if (typeof id !== 'string') return id;
    const found = findInterconnectPreset(id)?.link;
    if (!found)
      errors.push({
        path: `derive.hardware.${key}`,
        message: `unknown interconnect preset ${JSON.stringify(id)}; use one of ${INTERCONNECT_PRESETS.map((p) => p.id).join(', ')}, or write the link out`,
      });
    return found;
  };
  const intraNode = link('intraNode');
  const interNode = link('interNode');
  const gpusPerNode = hw.gpusPerNode ?? preset?.gpusPerNode;
  if (gpusPerNode === undefined && gpu)
    errors.push({ path: 'derive.hardware.gpusPerNode', message: 'is needed with a GPU written out' });
  if (errors.length > 0 || !model || !gpu || !intraNode || !interNode || gpusPerNode === undefined)
    return { ok: false, errors };
  return {
    ok: true,
    input: {
      model,
      run: section.run,
      parallelism: section.parallelism,
      hardware: { gpu, gpusPerNode, intraNode, interNode, efficiency: section.hardware.efficiency },
    },
  };
}

/**
 * Where an error of the cost model's input (`model.moe.expertsPerToken`, `hardware.gpu.memoryGB`)
 * is in the scenario: under `derive`, or at the preset's name when the value came from a preset.
 */
function sectionPath(section: DeriveSection, path: string): string {
  const hw = section.hardware;
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
  if (under('model') && typeof section.model === 'string') return 'derive.model';
  if (under('hardware.gpu') && typeof hw.gpu === 'string') return 'derive.hardware.gpu';
  for (const key of ['intraNode', 'interNode', 'gpusPerNode'] as const)
    if (under(`hardware.${key}`)) {
      if (hw[key] === undefined) return 'derive.hardware.gpu';
      if (typeof hw[key] === 'string') return `derive.hardware.${key}`;
    }
  return `derive.${path}`;
}

const cache = new WeakMap<DeriveSection, Map<string, DeriveResult>>();

/**
 * The derivation of a section, errors at `derive.*` paths. Frozen sections (the app's immutable
 * documents) are derived once per layout and remembered; the validator asks on every edit.
 * `layout` is the scenario's layout string, when it has one: the cost model then takes each
 * stage's layers, embedding, head and MTP modules from it (a layout that does not parse is left
 * out here; the validator reports it), and the derived scenario's layout gets the per-layer costs.
 */
export function deriveSection(section: DeriveSection, layout: string | null = null): DeriveResult {
  const key = layout ?? '';
  const known = cache.get(section)?.get(key);
  if (known) return known;
  const resolved = deriveInput(section);
  let result: DeriveResult;
  if (!resolved.ok) result = resolved;
  else {
    const parsed = layout === null ? null : parseLayout(layout);
    const r = deriveCosts(
      resolved.input,
      parsed?.ok ? { layout: { stages: layout as string, contents: parsed.stages } } : {},
    );
    result = r.ok
      ? r
      : {
          ok: false,
          errors: r.errors.map((e) => ({
            ...e,
            path: e.path.startsWith('layout') ? e.path : sectionPath(section, e.path),
          })),
        };
  }
  if (Object.isFrozen(section)) {
    let byLayout = cache.get(section);
    if (!byLayout) {
      byLayout = new Map();
      cache.set(section, byLayout);
    }
    byLayout.set(key, result);
  }
  return result;
}

// ---- the derived fields ---------------------------------------------------------------------

const PART_TIMES = [
  'forward.attention',
  'forward.dispatch',
  'forward.mlp',
  'forward.combine',
  'backward.combine',
  'backward.mlpInput',
  'backward.mlpWeight',
  'backward.dispatch',
  'backward.attentionInput',
  'backward.attentionWeight',
].map((p) => `parts.${p}`);
const COMM_BYTES = ['forward.dispatch', 'forward.combine', 'backward.dispatch', 'backward.combine'].map(
  (p) => `parts.commBytes.${p}`,
);

/** Scenario fields a derivation sets; costs and parts hold one value or one per device. */
export const DERIVED_FIELDS: readonly string[] = [
  'schedule',
  'devices',
  'microbatches',
  'chunks',
  'costs.forward',
  'costs.backwardInput',
  'costs.backwardWeight',
  'p2p.time',
  'p2p.bytes',
  'p2p.bandwidth',
  ...PART_TIMES,
  ...COMM_BYTES,
  'parts.commBandwidth',
  'smSplit.total',
  'smSplit.reserved',
  'memory.activation',
  'memory.weightGradStash',
  'memory.parameters',
  'memory.capacity',
  // with a layout: what its layers and modules cost (its string is the user's)
  'layout.layer',
  'layout.embedding',
  'layout.loss',
  'layout.mtp',
];

const isPerDeviceField = (field: string) =>
  field.startsWith('costs.') || (field.startsWith('parts.') && field !== 'parts.commBandwidth');

/** Whether `path` is `outer` or inside it (`costs.forward[2]` is inside `costs.forward` and `costs`). */
export function isWithin(path: string, outer: string): boolean {
  return (
    path === outer || (path.startsWith(outer) && (path[outer.length] === '.' || path[outer.length] === '['))
  );
}

/** A path and the device index it ends in: `costs.forward[3]` -> [`costs.forward`, 3]. */
function splitIndex(path: string): [string, number | null] {
  const m = /^(.*)\[(\d+)\]$/.exec(path);
  return m ? [m[1], Number(m[2])] : [path, null];
}

function getField(s: unknown, field: string): unknown {
  let v = s;
  for (const k of field.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function setField(s: object, field: string, value: unknown): void {
  const keys = field.split('.');
  let v = s as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    if (typeof v[k] !== 'object' || v[k] === null) return;
    v = v[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete v[last];
  else v[last] = value;
}

/** A derived per-device value for `n` devices: as it is, or its array cut or extended with its last value. */
function forDevices(v: PerDevice, n: number): PerDevice {
  if (typeof v === 'number' || v.length === n) return v;
  return Array.from({ length: n }, (_, d) => v[Math.min(d, v.length - 1)]);
}

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * Writes the derived scenario's values into `target` (a scenario or an Immer draft of one), except
 * where `overrides` keep the user's: an overridden path keeps its value and everything inside it;
 * an overridden device `costs.forward[3]` keeps that device's value while the others follow the
 * derivation. Per-device values follow `target.devices` when the devices are overridden. The
 * parts' pair order and every field the derivation does not set are left alone.
 */
export function applyDerivation(target: Scenario, derived: Scenario, overrides: readonly string[]): void {
  const kept = (path: string) => overrides.some((o) => isWithin(path, o));
  const keptDevices = (field: string) => {
    const out = new Set<number>();
    for (const o of overrides) {
      const [f, i] = splitIndex(o);
      if (f === field && i !== null) out.add(i);
    }
    return out;
  };
  const apply = (field: string) => {
    if (kept(field)) return;
    // a layout's costs come only from a derivation that read the layout
    if (field.startsWith('layout.') && !derived.layout) return;
    const value = getField(derived, field);
    if (!isPerDeviceField(field) || value === undefined) {
      setField(target, field, copy(value));
      return;
    }
    const own = keptDevices(field);
    const cur = getField(target, field) as PerDevice | undefined;
    const fresh = forDevices(value as PerDevice, target.devices);
    if (own.size === 0 || cur === undefined) {
      setField(target, field, copy(fresh));
      return;
    }
    setField(
      target,
      field,
      Array.from({ length: target.devices }, (_, d) =>
        own.has(d) ? perDevice(cur, d) : perDevice(fresh, d),
      ),
    );
  };
  apply('devices');
  for (const field of DERIVED_FIELDS) if (field !== 'devices' && !field.startsWith('parts.')) apply(field);
  if (kept('parts')) return;
  const partsOverridden = overrides.some((o) => isWithin(o, 'parts'));
  if (derived.parts === null) {
    if (!partsOverridden) target.parts = null;
    return;
  }
  if (target.parts === null) {
    target.parts = copy(derived.parts);
    for (const field of [...PART_TIMES, ...COMM_BYTES]) apply(field);
    return;
  }
  const bytesOverridden = overrides.some((o) => isWithin(o, 'parts.commBytes'));
  if (!derived.parts.commBytes || !target.parts.commBytes) {
    if (!bytesOverridden && !kept('parts.commBandwidth')) {
      if (derived.parts.commBytes) target.parts.commBytes = copy(derived.parts.commBytes);
      else delete target.parts.commBytes;
    }
  }
  for (const field of DERIVED_FIELDS) if (field.startsWith('parts.')) apply(field);
}

/** Whether two derived values are the same (numbers to 1e-9 relative, so saved round trips match). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The overrides after a user's edit turned `before` into `after`: every derived field (or device
 * of a per-device field) whose value the edit changed is added, unless already kept; switching
 * chunk parts on or off adds `parts`. Lists growing or shrinking with the devices change nothing
 * by themselves.
 */
export function overridesAfterEdit(
  before: Scenario,
  after: Scenario,
  overrides: readonly string[],
): string[] {
  const out = [...overrides];
  const add = (path: string) => {
    if (!out.some((o) => isWithin(path, o))) out.push(path);
  };
  if ((before.parts === null) !== (after.parts === null)) add('parts');
  for (const field of DERIVED_FIELDS) {
    if (field.startsWith('parts.') && (before.parts === null || after.parts === null)) continue;
    const b = getField(before, field);
    const a = getField(after, field);
    if (!isPerDeviceField(field) || a === undefined || b === undefined) {
      if (!same(a, b)) add(field);
      continue;
    }
    const pa = a as PerDevice;
    const pb = b as PerDevice;
    const n = Math.min(
      typeof pa === 'number' ? after.devices : pa.length,
      typeof pb === 'number' ? before.devices : pb.length,
    );
    const changed: number[] = [];
    for (let d = 0; d < n; d++) if (!same(perDevice(pa, d), perDevice(pb, d))) changed.push(d);
    if (changed.length === 0) continue;
    if (typeof pa === 'number') add(field);
    else for (const d of changed) add(`${field}[${d}]`);
  }
  return out;
}

/** Overrides that still name something: device indices within the devices. */
export function liveOverrides(overrides: readonly string[], devices: number): string[] {
  return overrides.filter((o) => {
    const [, i] = splitIndex(o);
    return i === null || i < devices;
  });
}

/**
 * The scenario re-derived from its `derive` section, overrides kept; errors at `derive.*` paths
 * when the section's inputs cannot be derived. The scenario is not changed.
 */
export function rederive(
  s: Scenario,
): { ok: true; scenario: Scenario; derivation: CostDerivation } | { ok: false; errors: PathError[] } {
  if (!s.derive)
    return { ok: false, errors: [{ path: 'derive', message: 'the scenario has no derive section' }] };
  const r = deriveSection(s.derive, s.layout?.stages ?? null);
  if (!r.ok) return r;
  const out = copy(s);
  applyDerivation(out, r.derivation.scenario, s.derive.overrides);
  out.derive = { ...copy(s.derive), overrides: liveOverrides(s.derive.overrides, out.devices) };
  return { ok: true, scenario: out, derivation: r.derivation };
}

/** A new scenario derived from a section (its name and description from the derivation unless given). */
export function derivedScenario(
  section: DeriveSection,
  options: { name?: string; description?: string } = {},
): { ok: true; scenario: Scenario; derivation: CostDerivation } | { ok: false; errors: PathError[] } {
  const r = deriveSection(section);
  if (!r.ok) return r;
  const scenario = copy(r.derivation.scenario);
  if (options.name !== undefined) scenario.name = options.name;
  if (options.description !== undefined) scenario.description = options.description;
  scenario.derive = { ...copy(section), overrides: [] };
  return { ok: true, scenario, derivation: r.derivation };
}

/** How one field of a derived scenario stands, for the editor's marks. */
export interface FieldMark {
  /** 'derived': the value follows the derivation; 'overridden': the user set it. */
  state: 'derived' | 'overridden';
  /** The formula and inputs behind the derived value, when the derivation ran. */
  record: DerivedValue | null;
  /** What the derivation gives for this path (null when it did not run or gives none). */
  derivedValue: number | string | null;
  /** Not overridden, yet different from what the derivation gives now: re-deriving changes it. */
  stale: boolean;
}

/**
 * The mark of a scenario path (`costs.forward[3]`, `costs.forward` shown as one value, `devices`,
 * `parts` for the switch), or null when the scenario is not derived or the derivation does not
 * set that path.
 */
export function fieldMark(s: Scenario, derivation: CostDerivation | null, path: string): FieldMark | null {
  if (!s.derive) return null;
  const [field, index] = splitIndex(path);
  if (field !== 'parts' && !DERIVED_FIELDS.includes(field)) return null;
  const overrides = s.derive.overrides;
  const overridden =
    overrides.some((o) => isWithin(path, o)) ||
    (index === null && overrides.some((o) => isWithin(o, field) && o !== field));
  if (field === 'parts')
    return { state: overridden ? 'overridden' : 'derived', record: null, derivedValue: null, stale: false };
  const records = derivation?.derived ?? {};
  const record =
    records[path] ?? records[field] ?? (index === null ? records[`${field}[0]`] : undefined) ?? null;
  const dv = derivation ? getField(derivation.scenario, field) : undefined;
  const derivedValue =
    dv === undefined || dv === null
      ? null
      : Array.isArray(dv)
        ? index === null
          ? null
          : (dv[index] ?? null)
        : (dv as number | string);
  const cur = getField(s, field);
  const current = Array.isArray(cur) && index !== null ? cur[index] : cur;
  const stale = !overridden && derivation !== null && !same(current, index === null ? dv : derivedValue);
  return { state: overridden ? 'overridden' : 'derived', record, derivedValue, stale };
}

/**
 * "Reset to derived" for one path (`costs.forward[3]`, `costs.forward`, `microbatches`, `parts`):
 * the overrides at or inside it are dropped (an override of the whole field, when one device is
 * reset, stays on the other devices) and that value alone takes the derivation's; other fields
 * are left as they are. `target` is a scenario with a derive section, or an Immer draft of one.
 */
export function resetToDerived(target: Scenario, derived: Scenario, path: string): void {
  if (!target.derive) return;
  const [field, index] = splitIndex(path);
  const overrides: string[] = [];
  for (const o of target.derive.overrides) {
    if (isWithin(o, path)) continue;
    if (isWithin(path, o)) {
      // an override of the whole field keeps the other devices overridden
      if (o === field && index !== null)
        for (let d = 0; d < target.devices; d++) if (d !== index) overrides.push(`${field}[${d}]`);
      continue;
    }
    overrides.push(o);
  }
  const fresh = copy(target);
  applyDerivation(fresh, derived, overrides);
  if (index === null || field === 'parts') setField(target, field, copy(getField(fresh, field)));
  else {
    const cur = getField(target, field) as PerDevice;
    const value = perDevice(getField(fresh, field) as PerDevice, index);
    const list = typeof cur === 'number' ? Array.from({ length: target.devices }, () => cur) : [...cur];
    list[index] = value;
    setField(target, field, list);
  }
  target.derive.overrides = overrides;
}
