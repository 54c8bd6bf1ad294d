import type { PathError } from '../model/path-error';
import { PAIR_ORDER_ENTRIES, type PairOrderEntry } from '../model/costs';
import type { TraceMapDocument } from '../model/scenario';
import type { StreamRoleOverride } from './analyze-trace';

export const TRACE_MAP_FORMAT = 'pipescope-trace-map';
export const TRACE_MAP_VERSION = 1;

/** The ChunkParts field each pair-order entry measures. */
export const ENTRY_FIELD: Readonly<Record<PairOrderEntry, readonly ['forward' | 'backward', string]>> = {
  'combine(B)': ['backward', 'combine'],
  'attention(F)': ['forward', 'attention'],
  'mlp-input-grad(B)': ['backward', 'mlpInput'],
  'dispatch(F)': ['forward', 'dispatch'],
  'dispatch(B)': ['backward', 'dispatch'],
  'mlp-weight-grad(B)': ['backward', 'mlpWeight'],
  'mlp(F)': ['forward', 'mlp'],
  'attention-input-grad(B)': ['backward', 'attentionInput'],
  'attention-weight-grad(B)': ['backward', 'attentionWeight'],
  'combine(F)': ['forward', 'combine'],
};

/**
 * Annotation names PipeScope knows without a mapping file.
 * - DeepSeek's profile data (deepseek-ai/profile-data, train.json): `record_function` ranges of
 *   one overlapped forward-backward pair, one of each per MoE layer; F forward, B input gradient,
 *   W weight gradient.
 * - Megatron-LM's combined 1F1B with expert-parallel all-to-all overlap: each transformer layer is
 *   split into schedule nodes `attn`, `moe_dispatch`, `mlp`, `moe_combine`, labelled
 *   "<node> forward", "<node> backward" and (delayed weight gradients) "<node> wgrad"
 *   (megatron/core/pipeline_parallel/utils.py ScheduleNode, fine_grained_callables.py). Megatron
 *   draws these as NVTX ranges; they reach a PyTorch profiler trace when wrapped in record_function.
 */
export const DEFAULT_PART_NAMES: Readonly<Record<string, PairOrderEntry>> = {
  'attn(F)': 'attention(F)',
  'dispatch(F)': 'dispatch(F)',
  'mlp(F)': 'mlp(F)',
  'combine(F)': 'combine(F)',
  'combine(B)': 'combine(B)',
  'mlp(B)': 'mlp-input-grad(B)',
  'mlp(W)': 'mlp-weight-grad(B)',
  'dispatch(B)': 'dispatch(B)',
  'attn(B)': 'attention-input-grad(B)',
  'attn(W)': 'attention-weight-grad(B)',
  'attn forward': 'attention(F)',
  'moe_dispatch forward': 'dispatch(F)',
  'mlp forward': 'mlp(F)',
  'moe_combine forward': 'combine(F)',
  'moe_combine backward': 'combine(B)',
  'mlp backward': 'mlp-input-grad(B)',
  'mlp wgrad': 'mlp-weight-grad(B)',
  'moe_dispatch backward': 'dispatch(B)',
  'attn backward': 'attention-input-grad(B)',
  'attn wgrad': 'attention-weight-grad(B)',
};

export interface NameRule {
  /** An annotation name; `*` matches any run of characters, `?` one character. */
  pattern: string;
  /** The part it measures, or null: not a part (hides a default name). */
  entry: PairOrderEntry | null;
}

export interface TraceMapping {
  /** Where the mapping came from, for reports ("defaults" or a file name). */
  source: string;
  /** The caller's rules, tried in order before the defaults. */
  rules: NameRule[];
  /** Whether the default names apply after the rules. */
  defaults: boolean;
  /**
   * Annotation ranges (layers) that make one chunk; parts are then the mean per range times this.
   * Null: the trace holds one chunk of each kind (as DeepSeek's profile data), parts sum all ranges.
   */
  layersPerChunk: number | null;
  streamRoles: StreamRoleOverride[];
  /** Extra communication kernel name patterns (regular expression sources, case-insensitive). */
  commKernels: string[];
}

export function defaultTraceMapping(): TraceMapping {
  return {
    source: 'defaults',
    rules: [],
    defaults: true,
    layersPerChunk: null,
    streamRoles: [],
    commKernels: [],
  };
}

/** Accepts a pair-order entry name ("attention(F)") or the ChunkParts path it fills ("forward.attention"). */
export function entryOf(target: string): PairOrderEntry | null {
  if ((PAIR_ORDER_ENTRIES as readonly string[]).includes(target)) return target as PairOrderEntry;
  for (const e of PAIR_ORDER_ENTRIES) if (ENTRY_FIELD[e].join('.') === target) return e;
  return null;
}

function globRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The part an annotation name measures under a mapping, or null. */
export function partMatcher(mapping: TraceMapping): (name: string) => PairOrderEntry | null {
  const rules = mapping.rules.map((r) => ({
    test: r.pattern.includes('*') || r.pattern.includes('?') ? globRegExp(r.pattern) : null,
    ...r,
  }));
  const cache = new Map<string, PairOrderEntry | null>();
  return (name) => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    let entry: PairOrderEntry | null = null;
    let decided = false;
    for (const r of rules) {
      if (r.test ? r.test.test(name) : r.pattern === name) {
        entry = r.entry;
        decided = true;
        break;
      }
    }
    if (!decided && mapping.defaults)
      entry = Object.hasOwn(DEFAULT_PART_NAMES, name) ? DEFAULT_PART_NAMES[name] : null;
    cache.set(name, entry);
    return entry;
  };
}

const KNOWN_KEYS = [
  '$schema',
  'format',
  'version',
  'defaults',
  'parts',
  'layersPerChunk',
  'streamRoles',
  'commKernels',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/**
 * Reads a mapping document (already parsed JSON). Collects every problem with its path; never
 * throws. Unknown top-level fields are errors here (a mapping is small and a typo would silently
 * change the parts).
 */
export function parseTraceMapping(
  value: unknown,
  source: string,
): { ok: true; mapping: TraceMapping } | { ok: false; errors: PathError[] } {
  const errors: PathError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  if (!isObject(value))
    return {
      ok: false,
      errors: [
        {
          path: '(root)',
          message: `a mapping is a JSON object {"format": "${TRACE_MAP_FORMAT}", "parts": {...}}`,
        },
      ],
    };
  const mapping = defaultTraceMapping();
  mapping.source = source;
  for (const k of Object.keys(value))
    if (!KNOWN_KEYS.includes(k)) err(k, `unknown field; a mapping has ${KNOWN_KEYS.slice(1).join(', ')}`);
  if (value.format !== undefined && value.format !== TRACE_MAP_FORMAT)
    err('format', `must be "${TRACE_MAP_FORMAT}" (got ${show(value.format)})`);
  if (value.version !== undefined) {
    if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1)
      err('version', `must be a whole number >= 1 (got ${show(value.version)})`);
    else if (value.version > TRACE_MAP_VERSION)
      err(
        'version',
        `is ${value.version}: this mapping is from a newer PipeScope (this one reads version ${TRACE_MAP_VERSION})`,
      );
  }
  if (value.defaults !== undefined) {
    if (typeof value.defaults !== 'boolean')
      err('defaults', `must be true or false (got ${show(value.defaults)})`);
    else mapping.defaults = value.defaults;
  }
  if (value.parts !== undefined) {
    if (!isObject(value.parts)) err('parts', 'must be an object {"annotation name": "part", ...}');
    else
      for (const [pattern, target] of Object.entries(value.parts)) {
        const path = `parts[${JSON.stringify(pattern)}]`;
        if (pattern === '') err(path, 'an empty annotation name matches nothing');
        if (target === null) mapping.rules.push({ pattern, entry: null });
        else if (typeof target !== 'string' || entryOf(target) === null)
          err(
            path,
            `must be one of ${PAIR_ORDER_ENTRIES.join(', ')} (or its field, e.g. "forward.attention"), or null; got ${show(target)}`,
          );
        else mapping.rules.push({ pattern, entry: entryOf(target) });
      }
  }
  if (value.layersPerChunk !== undefined && value.layersPerChunk !== null) {
    const v = value.layersPerChunk;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 10_000)
      err('layersPerChunk', `must be a whole number from 1 to 10,000, or null (got ${show(v)})`);
    else mapping.layersPerChunk = v;
  }
  if (value.streamRoles !== undefined) {
    if (!isObject(value.streamRoles))
      err('streamRoles', 'must be an object {"<stream>" or "<rank>:<stream>": "compute" | "comm"}');
    else
      for (const [key, role] of Object.entries(value.streamRoles)) {
        const path = `streamRoles[${JSON.stringify(key)}]`;
        const o = parseStreamRoleKey(key);
        if (!o) err(path, 'the key must be a stream number ("7") or a rank and a stream ("0:7")');
        else if (role !== 'compute' && role !== 'comm')
          err(path, `must be "compute" or "comm" (got ${show(role)})`);
        else mapping.streamRoles.push({ ...o, role });
      }
  }
  if (value.commKernels !== undefined) {
    if (!Array.isArray(value.commKernels))
      err('commKernels', 'must be an array of regular expressions (strings)');
    else
      value.commKernels.forEach((p, i) => {
        if (typeof p !== 'string' || p === '') {
          err(`commKernels[${i}]`, `must be a non-empty string (got ${show(p)})`);
          return;
        }
        try {
          new RegExp(p, 'i');
          mapping.commKernels.push(p);
        } catch (e) {
          err(`commKernels[${i}]`, `not a valid regular expression: ${(e as Error).message}`);
        }
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mapping };
}

/** "7" (every rank) or "0:7" (rank 0 only). */
export function parseStreamRoleKey(key: string): { rank: number | null; stream: number } | null {
  const m = /^(?:(\d+):)?(-?\d+)$/.exec(key.trim());
  if (!m) return null;
  return { rank: m[1] === undefined ? null : Number(m[1]), stream: Number(m[2]) };
}

/** The mapping as a document (what a scenario saves beside its measured parts). */
export function traceMappingToJson(m: TraceMapping): TraceMapDocument {
  const out: TraceMapDocument = { format: TRACE_MAP_FORMAT, version: TRACE_MAP_VERSION };
  if (!m.defaults) out.defaults = false;
  if (m.rules.length > 0) out.parts = Object.fromEntries(m.rules.map((r) => [r.pattern, r.entry]));
  if (m.layersPerChunk !== null) out.layersPerChunk = m.layersPerChunk;
  if (m.streamRoles.length > 0)
    out.streamRoles = Object.fromEntries(
      m.streamRoles.map((o) => [o.rank === null ? String(o.stream) : `${o.rank}:${o.stream}`, o.role]),
    );
  if (m.commKernels.length > 0) out.commKernels = m.commKernels;
  return out;
}

/** The mapping document of the defaults: the DeepSeek and Megatron names, nothing else. */
export function defaultTraceMapDocument(): TraceMapDocument {
  return traceMappingToJson(defaultTraceMapping());
}

/**
 * The document with an annotation name's own rule: a part, null (not a part), or undefined (no
 * rule of its own: the other rules and the defaults decide). Rules for single names go first, so
 * they win over wildcard rules. (A name with `*` or `?` in it is read as a wildcard pattern.)
 */
export function withPartRule(
  doc: TraceMapDocument,
  name: string,
  target: PairOrderEntry | null | undefined,
): TraceMapDocument {
  const rest = Object.entries(doc.parts ?? {}).filter(([k]) => k !== name);
  const parts = Object.fromEntries(target === undefined ? rest : [[name, target], ...rest]);
  const { parts: _old, ...others } = doc;
  return Object.keys(parts).length > 0 ? { ...others, parts } : others;
}

/** The document with a stream's role set (`key` "7" or "0:7"), or its setting removed (undefined). */
export function withStreamRole(
  doc: TraceMapDocument,
  key: string,
  role: 'compute' | 'comm' | undefined,
): TraceMapDocument {
  const rest = Object.entries(doc.streamRoles ?? {}).filter(([k]) => k !== key);
  const roles = Object.fromEntries(role === undefined ? rest : [...rest, [key, role]]);
  const { streamRoles: _old, ...others } = doc;
  return Object.keys(roles).length > 0 ? { ...others, streamRoles: roles } : others;
}

/** The document with layersPerChunk set, or removed (null: the trace is one chunk of each kind). */
export function withLayersPerChunk(doc: TraceMapDocument, layers: number | null): TraceMapDocument {
  const { layersPerChunk: _old, ...others } = doc;
  return layers === null ? others : { ...others, layersPerChunk: layers };
}
