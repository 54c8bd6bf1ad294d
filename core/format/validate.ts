import { deriveInput, deriveSection } from '../cost-model/scenario-derive';
import { pairOrderErrors } from '../model/costs';
import type { DeriveSection } from '../model/derive-section';
import { layoutErrors, parseLayout } from '../model/layout';
import type { PathError } from '../model/path-error';
import { COMM_BYTES_KEYS, PART_KEYS, type Scenario, type ScheduleName, perDevice } from '../model/scenario';
import { getSchedule, isScheduleName, scheduleNames } from '../schedules/registry';
import { scheduleConfig } from '../schedules/scenario-config';
import { parseTraceMapping } from '../trace/mapping';
import { LIMITS, checkScenarioSize } from './limits';
import { ROOT_PATH, formatPath } from './paths';
import { type Issue, schemaIssueErrors } from './schema-issues';
import { objectShape, scenarioBodySchema } from './schema';

/**
 * The one validator of a scenario. The file loader, the editor, the CLI and analyze() all ask it,
 * so a problem reads the same and has the same JSON path wherever it shows. One pass collects every
 * error: a rule that relates several fields runs whenever the fields it reads are valid, whatever
 * else is wrong, and is skipped (not reported twice) when one of them is not.
 *
 * The rules, in the order their errors come:
 * 1. types and ranges: the zod schema (schema.ts), which also writes the JSON Schema;
 * 2. rules between fields: one cost (and one part time) per device, SMs kept for compute, P2P bytes with a bandwidth,
 *    chunk parts' commBytes with commBandwidth, the pair order, the W stash within the activations,
 *    the names in the measured parts' mapping (as the trace reader reads a mapping file);
 * 3. results that must stay finite: a transfer time from bytes / bandwidth is at most LIMITS.ms;
 *    and the derive section's inputs, as the cost model checks them (core/cost-model/validate.ts);
 * 4. the size caps (limits.ts) for the schedule that runs;
 * 5. the schedule's own check (its generator's check(config)).
 *
 * Cost: linear in the scenario's size. The schema caps every array (one cost per device, at most
 * LIMITS.devices; a pair order of at most 64 names) and zod refuses an over-long array before it
 * looks at its values, so there are at most a few thousand errors, whatever the input.
 */

export interface ValidateOptions {
  /** Check the size caps and the check of this schedule instead of the scenario's own. */
  schedule?: ScheduleName;
  /** Run the schedule's own check (default true). The CLI's compare asks each schedule in turn. */
  scheduleCheck?: boolean;
}

export interface Validation {
  /** Every problem found, each with its JSON path; empty when the scenario can be analysed. */
  errors: PathError[];
  /**
   * Whether a file with these errors still opens: none is about the document's types and ranges,
   * its per-device counts, its SM split or the size caps. The others (a bandwidth missing, a pair
   * order, a schedule that cannot run this shape...) leave a scenario the editor can hold and fix.
   */
  opens: boolean;
  /** The errors the schedule's own check gave (also in `errors`), for callers that name the schedule. */
  scheduleErrors: PathError[];
  /**
   * The scenario as the schema reads it (missing fields filled with their defaults, fields the
   * schema does not know left out), or null when the schema refuses it.
   */
  scenario: Scenario | null;
}

/**
 * Everything wrong with a scenario: an in-memory Scenario (the editor's document, the CLI's after
 * its flags) or the known fields of a file (missing ones take their defaults). Never throws.
 */
export function validateScenario(value: unknown, options: ValidateOptions = {}): Validation {
  const errors: PathError[] = [];
  let opens = true;
  const document = (list: PathError[]) => {
    if (list.length > 0) opens = false;
    errors.push(...list);
  };

  const parsed = scenarioBodySchema.safeParse(value);
  if (!parsed.success)
    document(parsed.error.issues.flatMap((issue) => schemaIssueErrors(issue as Issue, [], value)));
  const schemaErrorPaths = errors.map((e) => e.path);
  /** Whether the value at `path` passed the schema (nothing wrong at it, inside it or around it). */
  const valid = (path: string) =>
    !schemaErrorPaths.some((p) => p === path || p === ROOT_PATH || isInside(p, path) || isInside(path, p));
  const s = (
    parsed.success ? parsed.data : (usableParts(scenarioBodySchema, value) ?? {})
  ) as Partial<Scenario>;

  document(countErrors(s, value, valid));
  document(smSplitErrors(s, valid));
  document(measuredMappingErrors(s, valid));
  errors.push(...p2pErrors(s, valid), ...partsErrors(s, valid), ...memoryErrors(s, valid));
  errors.push(...deriveErrors(s, value, valid));

  const schedule = options.schedule ?? s.schedule;
  if (options.schedule !== undefined && !isScheduleName(options.schedule)) {
    document([
      {
        path: 'schedule',
        message: `unknown schedule ${JSON.stringify(options.schedule)}; use one of ${scheduleNames().join(', ')}`,
      },
    ]);
  } else if (
    schedule !== undefined &&
    (options.schedule !== undefined || valid('schedule')) &&
    ['devices', 'microbatches', 'chunks'].every(valid)
  )
    document(checkScenarioSize(s as Scenario, schedule));

  if (
    s.layout &&
    valid('layout') &&
    schedule !== undefined &&
    isScheduleName(schedule) &&
    ['devices', 'chunks'].every(valid)
  )
    errors.push(...layoutFitErrors(s as Scenario, schedule));

  let scheduleErrors: PathError[] = [];
  const configReads =
    !errors.some((e) => e.path === ROOT_PATH) &&
    CONFIG_FIELDS.every(
      (f) => !errors.some((e) => e.path === f || isInside(e.path, f) || isInside(f, e.path)),
    );
  if (options.scheduleCheck !== false && schedule !== undefined && isScheduleName(schedule) && configReads) {
    const gen = getSchedule(schedule)!;
    scheduleErrors = gen.check(scheduleConfig(s as Scenario, gen));
    errors.push(...scheduleErrors);
  }
  return {
    errors: dedupe(errors),
    opens,
    scheduleErrors,
    scenario: parsed.success ? (parsed.data as Scenario) : null,
  };
}

/** The fields scenarioToConfig reads: the schedule's check runs only when all of them are valid. */
const CONFIG_FIELDS = [
  'devices',
  'microbatches',
  'chunks',
  'groupSize',
  'pairing',
  'costs',
  'p2p.time',
  'p2p.bytes',
  'p2p.bandwidth',
  'parts.forward',
  'parts.backward',
  'parts.commBytes',
  'parts.commBandwidth',
  'smSplit',
  'memory.activationBudget',
  'order',
  'layout',
];

/** Whether `path` names a value inside the one at `outer` (`costs.forward[2]` is inside `costs`). */
function isInside(path: string, outer: string): boolean {
  return (
    path.length > outer.length &&
    path.startsWith(outer) &&
    (path[outer.length] === '.' || path[outer.length] === '[')
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The parts of a value the schema accepts, with their defaults: for an object the schema refuses,
 * each field on its own (recursively), a field the schema refuses left undefined. Only runs when
 * the whole value was refused, so that the rules between fields still see the valid ones.
 */
function usableParts(schema: Parameters<typeof objectShape>[0], value: unknown): unknown {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const shape = objectShape(schema);
  if (!shape || !isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(shape)) {
    const part = usableParts(shape[k], Object.hasOwn(value, k) ? value[k] : undefined);
    if (part !== undefined) out[k] = part;
  }
  return out;
}

/** The value at a path of a plain-object tree, or undefined. */
function rawAt(root: unknown, keys: readonly string[]): unknown {
  let v = root;
  for (const k of keys) {
    if (!isPlainObject(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

type Valid = (path: string) => boolean;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Per-device costs and chunk parts: one number for all devices, or exactly one per device. */
function countErrors(s: Partial<Scenario>, raw: unknown, valid: Valid): PathError[] {
  const errors: PathError[] = [];
  if (!valid('devices') || s.devices === undefined) return errors;
  const check = (keys: string[]) => {
    // The raw array: its length is wrong or right whatever its values are.
    const v = rawAt(raw, keys);
    if (Array.isArray(v) && v.length >= 1 && v.length <= LIMITS.devices && v.length !== s.devices) {
      errors.push({
        path: formatPath(keys),
        message: `has ${v.length} value(s) but devices is ${s.devices}: give one per device, or one number for all`,
      });
    }
  };
  for (const k of ['forward', 'backwardInput', 'backwardWeight']) check(['costs', k]);
  for (const pass of ['forward', 'backward'])
    for (const k of PART_KEYS[pass as 'forward']) check(['parts', pass, k]);
  for (const pass of ['forward', 'backward'])
    for (const k of COMM_BYTES_KEYS) check(['parts', 'commBytes', pass, k]);
  return errors;
}

function smSplitErrors(s: Partial<Scenario>, valid: Valid): PathError[] {
  const sm = s.smSplit;
  if (!sm || !valid('smSplit.total') || !valid('smSplit.reserved') || sm.reserved < sm.total) return [];
  return [
    {
      path: 'smSplit.reserved',
      message: `must be less than smSplit.total (${sm.total}) so compute keeps some SMs (got ${sm.reserved})`,
    },
  ];
}

/** A time computed from bytes over a bandwidth, in words, for the message that says it is too long. */
function tooLong(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toExponential(2)} ms` : 'longer than any number holds';
}

/** P2P: bytes need a bandwidth, and bytes / bandwidth must be a time PipeScope can count in. */
function p2pErrors(s: Partial<Scenario>, valid: Valid): PathError[] {
  const p = s.p2p;
  if (!p || !valid('p2p.bytes') || !valid('p2p.bandwidth')) return [];
  const { bytes, bandwidth } = p;
  if (bytes == null) return [];
  if (bandwidth == null)
    return [{ path: 'p2p.bandwidth', message: 'is needed with p2p.bytes (GB/s of the link)' }];
  // The transfer time as p2pTime (core/model/costs.ts) computes it.
  const transfer = (bytes / (bandwidth * 1e9)) * 1e3;
  if (transfer <= LIMITS.ms) return [];
  return [
    {
      path: 'p2p.bandwidth',
      message: `is too small for p2p.bytes (${fmt(bytes)}): one transfer would take ${tooLong(transfer)}, and any time is at most ${fmt(LIMITS.ms)} ms (got ${bandwidth} GB/s)`,
    },
  ];
}

/** Chunk parts: all-to-all sizes and their bandwidth come together, and give times within the cap. */
function partsErrors(s: Partial<Scenario>, valid: Valid): PathError[] {
  const parts = s.parts;
  if (!parts || !valid('parts.commBytes') || !valid('parts.commBandwidth')) return pairOrder(s, valid);
  const errors: PathError[] = [];
  const { commBytes, commBandwidth } = parts;
  if (commBytes !== undefined && commBandwidth === undefined)
    errors.push({
      path: 'parts.commBandwidth',
      message: 'is needed with parts.commBytes (GB/s of the all-to-all)',
    });
  if (commBandwidth !== undefined && commBytes === undefined)
    errors.push({
      path: 'parts.commBytes',
      message: 'is needed with parts.commBandwidth (bytes of each all-to-all)',
    });
  if (commBytes !== undefined && commBandwidth !== undefined) {
    // The largest of the times resolveParts (core/model/costs.ts) computes, on any device.
    let worst = { ms: 0, at: '' };
    for (const dir of ['forward', 'backward'] as const)
      for (const name of COMM_BYTES_KEYS) {
        const v = commBytes[dir][name];
        for (let d = 0; d < (typeof v === 'number' ? 1 : v.length); d++) {
          const ms = perDevice(v, d) / (commBandwidth * 1e6);
          if (!(ms <= worst.ms))
            worst = { ms, at: `parts.commBytes.${dir}.${name}${typeof v === 'number' ? '' : `[${d}]`}` };
        }
      }
    if (!(worst.ms <= LIMITS.ms))
      errors.push({
        path: 'parts.commBandwidth',
        message: `is too small for ${worst.at}: it would take ${tooLong(worst.ms)}, and any time is at most ${fmt(LIMITS.ms)} ms (got ${commBandwidth} GB/s)`,
      });
  }
  return [...errors, ...pairOrder(s, valid)];
}

function pairOrder(s: Partial<Scenario>, valid: Valid): PathError[] {
  const order = s.parts?.pairOrder;
  return order !== undefined && valid('parts.pairOrder') ? pairOrderErrors(order) : [];
}

/**
 * The mapping saved with measured parts, read as a mapping file is (part names, stream keys,
 * regular expressions). Errors here keep the file from opening, as a type error would: the mapping
 * is written by PipeScope, so a wrong one was edited by hand and is best fixed where it was.
 */
function measuredMappingErrors(s: Partial<Scenario>, valid: Valid): PathError[] {
  const mapping = s.measuredParts?.mapping;
  if (mapping === undefined || !valid('measuredParts.mapping')) return [];
  const r = parseTraceMapping(mapping, 'scenario');
  if (r.ok) return [];
  const at = 'measuredParts.mapping';
  return r.errors.map((e) => ({
    path: e.path === ROOT_PATH ? at : `${at}${e.path.startsWith('[') ? '' : '.'}${e.path}`,
    message: e.message,
  }));
}

/**
 * A layout must parse, place every layer once with the embedding first and the loss last, have
 * exactly the schedule's stages, and give per-layer costs for exactly its layers (with a derive
 * section: the model's layers and MTP modules). Errors name the position in the layout string.
 */
function layoutFitErrors(s: Scenario, schedule: ScheduleName): PathError[] {
  const layout = s.layout!;
  const parsed = parseLayout(layout.stages);
  if (!parsed.ok) return parsed.errors;
  const gen = getSchedule(schedule)!;
  const stages = gen.stages(s.devices, s.chunks);
  // per-layer cost lists say how many layers the model has
  let layers: number | null = null;
  const errors: PathError[] = [];
  for (const k of ['forward', 'backwardInput', 'backwardWeight'] as const) {
    const v = layout.layer?.[k];
    if (!Array.isArray(v)) continue;
    if (layers === null) layers = v.length;
    else if (v.length !== layers)
      errors.push({
        path: `layout.layer.${k}`,
        message: `has ${v.length} values but layout.layer lists ${layers} layers elsewhere: one per layer, or one number for all`,
      });
  }
  // a derived scenario's model says how many layers and MTP modules there are
  const model = s.derive ? deriveInput(s.derive) : null;
  if (model?.ok) layers = model.input.model.layers;
  const what = `${gen.title} on ${s.devices} device(s)${gen.chunks.from === 'scenario' ? ` x ${s.chunks} chunks` : ''}`;
  errors.push(
    ...layoutErrors(layout.stages, parsed, {
      stages,
      layers,
      mtp: model?.ok ? model.input.model.mtpModules : null,
      what,
    }),
  );
  return errors;
}

/**
 * The derive section's inputs, as the cost model checks them (and whether the model fits the GPU),
 * at `derive.*` paths. They leave the file open: the editor's Model & cluster panel fixes them.
 * The raw section is asked when it is the document's own (the app's frozen documents: their
 * derivation is remembered), otherwise the schema's copy.
 */
function deriveErrors(s: Partial<Scenario>, raw: unknown, valid: Valid): PathError[] {
  if (!s.derive || !valid('derive')) return [];
  const own = rawAt(raw, ['derive']) as DeriveSection | undefined;
  const section = own !== undefined && Object.isFrozen(own) ? own : s.derive;
  const r = deriveSection(section);
  return r.ok ? [] : r.errors;
}

function memoryErrors(s: Partial<Scenario>, valid: Valid): PathError[] {
  const m = s.memory;
  if (!m || !valid('memory.activation') || !valid('memory.weightGradStash')) return [];
  if (m.weightGradStash <= m.activation) return [];
  return [
    {
      path: 'memory.weightGradStash',
      message: `is part of the activations, so it cannot exceed memory.activation (${fmt(m.activation)} bytes; got ${fmt(m.weightGradStash)})`,
    },
  ];
}

function dedupe(errors: PathError[]): PathError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
