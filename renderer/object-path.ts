/** Values inside nested objects by dotted path ('p2p.time', 'totals.exposedComm'). */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The value at a dotted path, or undefined where a parent is missing or not an object. */
export function valueAt(root: object, path: string): unknown {
  let v: unknown = root;
  for (const k of path.split('.')) {
    if (!isObj(v)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * Sets the value at a dotted path of a draft. Does nothing when a parent is missing or null (a
 * part's field while chunk parts are off), so an edit never creates half an object.
 */
export function assignAt(root: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: unknown = root;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(o)) return;
    o = o[k];
  }
  if (isObj(o)) o[keys[keys.length - 1]] = value;
}
