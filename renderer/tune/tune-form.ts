import { LIMITS } from '../../core/format/limits';
import type { Scenario } from '../../core/model/scenario';
import { getSchedule } from '../../core/schedules/registry';
import {
  type PairingChoice,
  type TuneConstraints,
  type TuneRequest,
  type TuneSpace,
  planSpace,
  scalerFor,
} from '../../core/tune';
import { defaultRequest } from '../../core/tune/space';

/** The axes and constraints as the Find best form holds them: lists as the user types them. */
export interface TuneForm {
  schedules: string[];
  /** "16, 32, 64" or "16..128" (every whole number from A to B), as the command line takes them. */
  microbatches: string;
  chunks: string;
  pairingOff: boolean;
  pairingOn: boolean;
  smReserved: string;
  /** Whole numbers and "default" (the schedule's own budget). */
  activationBudget: string;
  /** GiB (2^30 bytes); empty: unlimited. */
  capacityGiB: string;
  activationLimitGiB: string;
}

export type FormField = keyof TuneForm;

export interface FormError {
  field: FormField;
  message: string;
}

const GiB = 2 ** 30;

const listText = (xs: readonly (number | null)[]) =>
  xs.map((x) => (x === null ? 'default' : String(x))).join(', ');

/** The form for a scenario: the tuner's defaults (every schedule, m0 x 1/4 .. 4, ...). */
export function defaultForm(s: Scenario): TuneForm {
  const r = defaultRequest(s, {}, scalerFor(s));
  return {
    schedules: r.schedules,
    microbatches: listText(r.microbatches),
    chunks: listText(r.chunks),
    pairingOff: true,
    pairingOn: true,
    smReserved: listText(r.smReserved),
    activationBudget: listText(r.activationBudget),
    capacityGiB: s.memory.capacity === null ? '' : String(Number((s.memory.capacity / GiB).toFixed(3))),
    activationLimitGiB: '',
  };
}

/**
 * A list as the command line takes it: "a, b, c" or "A..B". `budget` also takes "default" (null).
 * Returns the values, or what is wrong in words.
 */
export function parseList(
  text: string,
  min: number,
  max: number,
  budget = false,
): (number | null)[] | string {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (!(a >= min && b <= max && a <= b)) return `a range A..B needs ${min} <= A <= B <= ${max}`;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const parts = text.split(',').map((x) => x.trim());
  if (parts.length === 1 && parts[0] === '') return 'give at least one value';
  const out: (number | null)[] = [];
  for (const p of parts) {
    if (budget && p === 'default') {
      out.push(null);
      continue;
    }
    const n = /^\d+$/.test(p) ? Number(p) : Number.NaN;
    if (!(n >= min && n <= max))
      return `"${p}" is not a whole number from ${min} to ${max}${budget ? ' or "default"' : ''}`;
    out.push(n);
  }
  return [...new Set(out)];
}

function gib(text: string): number | null | string {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n * GiB : 'a size in GiB above 0, or empty for none';
}

export type FormPlan =
  | { ok: true; request: TuneRequest; constraints: TuneConstraints; space: TuneSpace }
  | { ok: false; errors: FormError[] };

/** The request and constraints the form describes, checked, with the space they make. */
export function formPlan(form: TuneForm, s: Scenario): FormPlan {
  const errors: FormError[] = [];
  const nums = (field: FormField, min: number, max: number, budget = false) => {
    const v = parseList(form[field] as string, min, max, budget);
    if (typeof v === 'string') {
      errors.push({ field, message: v });
      return [];
    }
    return v;
  };
  const microbatches = nums('microbatches', 1, LIMITS.microbatches) as number[];
  const chunks = nums('chunks', 1, LIMITS.chunks) as number[];
  const smReserved = nums('smReserved', 0, Math.max(0, s.smSplit.total - 1)) as number[];
  const activationBudget = nums('activationBudget', 1, LIMITS.activationBudget, true);
  const pairing: PairingChoice[] = [];
  if (form.pairingOff) pairing.push('off');
  if (form.pairingOn) pairing.push('on');
  if (pairing.length === 0) errors.push({ field: 'pairingOff', message: 'choose off, on or both' });
  if (form.schedules.length === 0)
    errors.push({ field: 'schedules', message: 'choose at least one schedule' });
  const capacity = gib(form.capacityGiB);
  const activationLimit = gib(form.activationLimitGiB);
  if (typeof capacity === 'string') errors.push({ field: 'capacityGiB', message: capacity });
  if (typeof activationLimit === 'string')
    errors.push({ field: 'activationLimitGiB', message: activationLimit });
  if (errors.length > 0) return { ok: false, errors };
  const request: TuneRequest = {
    schedules: form.schedules,
    microbatches,
    chunks,
    pairing,
    smReserved,
    activationBudget,
  };
  const base = { ...s, memory: { ...s.memory, capacity: capacity as number | null } };
  const plan = planSpace(base, request);
  if (!plan.ok)
    return {
      ok: false,
      errors: plan.errors.map((e) => ({
        field: e.path === 'schedules' ? 'schedules' : 'microbatches',
        message: e.message,
      })),
    };
  return {
    ok: true,
    request,
    constraints: { capacity: capacity as number | null, activationLimit: activationLimit as number | null },
    space: plan.space,
  };
}

/** Whether any chosen schedule reads v, or the activation budget (the form shows those fields then). */
export function formShows(form: TuneForm): { chunks: boolean; budget: boolean } {
  const ds = form.schedules.map((n) => getSchedule(n));
  return {
    chunks: ds.some((d) => d?.chunks.from === 'scenario'),
    budget: ds.some((d) => d?.takesActivationBudget === true),
  };
}
