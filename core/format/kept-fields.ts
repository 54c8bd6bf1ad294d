import type { Scenario } from '../model/scenario';
import { BODY_ORDER, type Order } from './canonical';

/**
 * The fields of a scenario PipeScope does not know, apart from the ones it does. A file's unknown
 * fields are kept and saved back, but nothing edits or analyses them: the app holds the known
 * fields as its document (small, whatever the file carries, so an edit copies and sends only
 * them) and the unknown ones beside it, untouched until Save joins them again.
 */
export interface KeptFields {
  /** Top-level unknown fields (Scenario.extra), $schema included, in the order they were read. */
  extra: Record<string, unknown> | null;
  /** Unknown fields inside known objects (`costs.note`, `parts.forward.x`), in the order read. */
  nested: { at: string[]; key: string; value: unknown }[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setOwn(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The known fields (a copy along the objects that held unknown ones; unknown values are moved,
 * not copied) and the unknown ones. Time linear in the known structure, whatever the unknown
 * fields hold.
 */
export function separateKept(s: Scenario): { scenario: Scenario; kept: KeptFields } {
  const { extra, ...body } = s;
  const nested: KeptFields['nested'] = [];
  const known = knownPart(body, BODY_ORDER, [], nested) as unknown as Scenario;
  const keptExtra = extra && Object.keys(extra).length > 0 ? extra : null;
  return { scenario: known, kept: { extra: keptExtra, nested } };
}

function knownPart(
  value: Record<string, unknown>,
  order: Order,
  at: string[],
  nested: KeptFields['nested'],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set(order.keys);
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (!known.has(k)) {
      nested.push({ at, key: k, value: v });
      continue;
    }
    const child = Object.hasOwn(order.children, k) ? order.children[k] : null;
    setOwn(out, k, child && isPlainObject(v) ? knownPart(v, child, [...at, k], nested) : v);
  }
  return out;
}

/**
 * The scenario with its unknown fields back where they were read, after its known fields (as the
 * loader gives it, so saveScenario writes what it would have). A field whose object the user
 * removed (chunk parts switched off) goes with it, as it would have in the loaded scenario.
 */
export function withKept(s: Scenario, kept: KeptFields | null): Scenario {
  if (!kept || (kept.extra === null && kept.nested.length === 0)) return s;
  const copy = copyPaths(s, kept.nested) as unknown as Scenario;
  for (const { at, key, value } of kept.nested) {
    let target: unknown = copy;
    for (const seg of at)
      target = isPlainObject(target) && Object.hasOwn(target, seg) ? target[seg] : undefined;
    if (isPlainObject(target)) setOwn(target, key, value);
  }
  if (kept.extra) copy.extra = { ...(s.extra ?? {}), ...kept.extra };
  return copy;
}

/** A copy of the objects on the paths that receive fields; everything else shared. */
function copyPaths(s: Scenario, nested: KeptFields['nested']): Record<string, unknown> {
  const root: Record<string, unknown> = { ...s };
  const copied = new Set<string>(['']);
  for (const { at } of nested) {
    let parent = root;
    for (let d = 0; d < at.length; d++) {
      const id = at.slice(0, d + 1).join('\u0000');
      const child = parent[at[d]];
      if (!isPlainObject(child)) break;
      if (!copied.has(id)) {
        parent[at[d]] = { ...child };
        copied.add(id);
      }
      parent = parent[at[d]] as Record<string, unknown>;
    }
  }
  return root;
}
