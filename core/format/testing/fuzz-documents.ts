import fc from 'fast-check';
import { scheduleNames } from '../../schedules/registry';

/**
 * Generated scenario documents for fuzzing the loader: mostly-plausible files, then mutated
 * (wrong types, missing fields, huge numbers, NaN, deep nesting, wrong versions, broken text).
 * Used by scenario-file-fuzz.test.ts (10,000 runs in npm test, 100,000 in npm run fuzz).
 */

const weird = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    5e-324,
    1_000_000,
    '',
    '4',
    'NaN',
    null,
    true,
    [],
    {},
    '__proto__',
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true }),
);

const deepNest = fc.integer({ min: 1, max: 100 }).map((n) => {
  let v: unknown = 0;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
  return v;
});

const costArb = fc.oneof(
  fc.double({ min: 0, max: 10, noNaN: true }),
  fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }),
);

const plausible = fc.record(
  {
    $schema: fc.constantFrom('pipescope-scenario.schema.json', '../schema/pipescope-scenario.schema.json'),
    format: fc.constant('pipescope-scenario'),
    version: fc.oneof(
      { weight: 8, arbitrary: fc.constant(1) },
      fc.constantFrom(0, 2, 99, -1, 1.5, '1', null),
    ),
    name: fc.string({ maxLength: 30 }),
    description: fc.string({ maxLength: 30 }),
    schedule: fc.constantFrom(...scheduleNames(), 'zb-h3'),
    devices: fc.integer({ min: 1, max: 8 }),
    microbatches: fc.integer({ min: 1, max: 64 }),
    chunks: fc.integer({ min: 1, max: 4 }),
    groupSize: fc.option(fc.integer({ min: 1, max: 12 })),
    costs: fc.record(
      { forward: costArb, backwardInput: costArb, backwardWeight: costArb },
      { requiredKeys: [] },
    ),
    p2p: fc.record(
      { time: fc.double({ min: 0, max: 1, noNaN: true }), occupiesComm: fc.boolean() },
      { requiredKeys: [] },
    ),
    parts: fc.option(
      fc.record({
        forward: fc.record({ attention: fc.nat(5), dispatch: fc.nat(5), mlp: fc.nat(5), combine: fc.nat(5) }),
        backward: fc.record({
          combine: fc.nat(5),
          mlpInput: fc.nat(5),
          mlpWeight: fc.nat(5),
          dispatch: fc.nat(5),
          attentionInput: fc.nat(5),
          attentionWeight: fc.nat(5),
        }),
      }),
    ),
    smSplit: fc.record(
      { total: fc.integer({ min: 1, max: 200 }), reserved: fc.integer({ min: 0, max: 40 }) },
      { requiredKeys: [] },
    ),
    pairing: fc.constantFrom('off', 'steady-state', 'combined-1f1b'),
    memory: fc.record(
      {
        activation: fc.nat(),
        weightGradStash: fc.nat(),
        parameters: fc.nat(),
        capacity: fc.option(fc.nat()),
        activationBudget: fc.option(fc.integer({ min: 1, max: 20 })),
      },
      { requiredKeys: [] },
    ),
    someUnknownField: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: ['format', 'version'] },
);

type Json = Record<string, unknown>;

/** Paths to every value inside a document (objects and arrays), for mutations. */
function paths(
  v: unknown,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (at.length > 6 || typeof v !== 'object' || v === null) return out;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) paths(v[i], [...at, i], out);
  else for (const k of Object.keys(v)) paths((v as Json)[k], [...at, k], out);
  return out;
}

function clone(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(clone);
  const out: Json = {};
  for (const k of Object.keys(v)) {
    Object.defineProperty(out, k, {
      value: clone((v as Json)[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const copy = clone(root);
  let p = copy as Json;
  for (const seg of path.slice(0, -1)) p = p[seg as string] as Json;
  const last = path[path.length - 1];
  if (remove && !Array.isArray(p)) delete p[last as string];
  else Object.defineProperty(p, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const mutation = fc.record({
  pick: fc.nat(),
  value: fc.oneof(weird, deepNest),
  remove: fc.boolean(),
});

/** A document after 0..4 mutations at random places. */
export const mutatedDocument: fc.Arbitrary<unknown> = fc
  .tuple(plausible, fc.array(mutation, { maxLength: 4 }))
  .map(([doc, muts]) => {
    let d: unknown = doc;
    for (const m of muts) {
      const ps = paths(d);
      d = setAt(d, ps[m.pick % ps.length], m.value, m.remove);
    }
    return d;
  });

/** The text of a (mutated) document, possibly broken as text, or wrapped in an SVG. */
export const documentText: fc.Arbitrary<string> = fc
  .tuple(
    mutatedDocument,
    fc.array(fc.record({ at: fc.nat(), del: fc.nat(3), ins: fc.string({ maxLength: 3 }) }), { maxLength: 2 }),
    fc.constantFrom('json', 'json', 'json', 'svg', 'svg-decoys', 'bom', 'duplicate-key'),
  )
  .map(([doc, edits, wrap]) => {
    let text = JSON.stringify(doc, null, wrap === 'json' ? 2 : 0) ?? 'undefined';
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.ins + text.slice(at + e.del);
    }
    if (wrap === 'bom') return `\ufeff${text}`;
    // A key given twice: JSON.parse keeps the last, the loader warns.
    if (wrap === 'duplicate-key') return text.replace(/^\{/, '{"devices": 3, "costs": {}, ');
    if (wrap === 'svg' || wrap === 'svg-decoys') {
      // Deliberately not core/util/xml's xmlEscape, which turns control characters into U+FFFD:
      // escaping only what must be escaped keeps them raw, so the loader sees them too.
      const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      // Scenarios where XML tools see none: in a comment, a CDATA section, below the root.
      const decoys =
        wrap === 'svg-decoys'
          ? '<!-- <metadata id="pipescope-scenario">{}</metadata> --><g><metadata id="pipescope-scenario">[]</metadata></g>' +
            '<script><![CDATA[<metadata id="pipescope-scenario">1</metadata>]]></script>'
          : '';
      return `<svg xmlns="http://www.w3.org/2000/svg">${decoys}<metadata id="pipescope-scenario">${esc}</metadata></svg>`;
    }
    return text;
  });

/** A document's text as a file's bytes: UTF-8 or UTF-16 with a byte-order mark, a few bytes damaged. */
export const documentBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    documentText,
    fc.constantFrom('utf-8', 'utf-8', 'utf-16le', 'utf-16be'),
    fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2 }),
  )
  .map(([text, encoding, damage]) => {
    let bytes: Uint8Array;
    if (encoding === 'utf-8') bytes = utf8(text);
    else {
      bytes = new Uint8Array(2 + text.length * 2);
      const view = new DataView(bytes.buffer);
      view.setUint16(0, 0xfeff, encoding === 'utf-16le');
      for (let i = 0; i < text.length; i++)
        view.setUint16(2 + 2 * i, text.charCodeAt(i), encoding === 'utf-16le');
    }
    for (const d of damage) if (bytes.length > 0) bytes[d.at % bytes.length] = d.value;
    return bytes;
  });

/** Every error path must be in the syntax of paths.ts. */
export const PATH_SYNTAX =
  /^(\(root\)|([A-Za-z_$][A-Za-z0-9_$]*|\[(\d+|"(?:[^"\\]|\\.)*")\])(\.[A-Za-z_$][A-Za-z0-9_$]*|\[(\d+|"(?:[^"\\]|\\.)*")\])*)$/;

/** UTF-8 bytes of a text (a lone surrogate as U+FFFD, as encoders write it). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return new Uint8Array(out);
}
