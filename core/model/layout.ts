import type { PathError } from './path-error';
import type { Ms } from './units';

/**
 * Uneven stages (docs/scenario-format.md, "layout"): which layers each stage of the pipeline
 * holds, written in Megatron-LM's `--pipeline-model-parallel-layout` notation, and what a layer
 * costs. Per-stage op costs are then the stage's layers' costs plus the embedding, loss and MTP
 * modules placed on it, so an uneven split shows up as a slow stage in the chart and the metrics.
 *
 * The notation (megatron/core/transformer/pipeline_parallel_layer_layout.py, `parse_str_to_list`):
 * `E` the embedding, `t` a transformer (decoder) layer, `m` a multi-token-prediction module, `L`
 * the loss (the output layer and the loss), `|` ends a stage; `x*n` repeats x n times, `(...)*n`
 * repeats a group (not nested); commas are only for reading. "Et*3|(tt|)*29,m|L" is 32 stages:
 * embedding and 3 layers, 29 stages of 2 layers, the MTP module alone, the loss alone. Stage k of
 * the string is the k-th stage along a micro-batch's path; the schedule's placement says which
 * device holds it (Megatron's own placement, interleaved: k mod P).
 */
export interface ScenarioLayout {
  /** The stages in Megatron's layout notation, e.g. "Et*3|(tt|)*29,m|L". */
  stages: string;
  /**
   * What one transformer layer costs, ms per micro-batch: one number for every layer, or one per
   * layer (in model order). Absent: the scenario's `costs` spread evenly over the layers (a
   * device's share / the layers per device of an even split), so a layout alone moves the work.
   */
  layer?: LayerCosts;
  /** The embedding (E), ms per micro-batch; absent: free. */
  embedding?: ModuleCosts;
  /** The output layer and loss (L), ms per micro-batch; absent: free. */
  loss?: ModuleCosts;
  /** One MTP module (m), ms per micro-batch; absent: free. */
  mtp?: ModuleCosts;
}

export interface ModuleCosts {
  forward: Ms;
  backwardInput: Ms;
  backwardWeight: Ms;
}

/** Per-layer costs: one value for every layer, or one per layer. */
export interface LayerCosts {
  forward: Ms | Ms[];
  backwardInput: Ms | Ms[];
  backwardWeight: Ms | Ms[];
}

/** What one stage of a layout holds. */
export interface StageContents {
  /** Transformer layers: the first one's index in the model (0-based) and how many. */
  firstLayer: number;
  layers: number;
  embedding: number;
  loss: number;
  mtp: number;
  /** Where the stage starts in the layout string (0-based character index), for messages. */
  at: number;
}

/**
 * Op costs per stage (ms per micro-batch for one op of that stage: its own layers), from a
 * scenario's layout. Each array has one entry per stage along the micro-batch's path. Where given
 * (ScheduleConfig.stageCosts, SimInput.stageCosts), an op takes its stage's cost instead of its
 * device's cost x the schedule's chunkShare.
 */
export interface StageCosts {
  forward: Float64Array;
  backwardInput: Float64Array;
  backwardWeight: Float64Array;
}

/** Characters of the notation and what they place. */
const LAYER_CHARS: Record<string, keyof Omit<StageContents, 'firstLayer' | 'at'> | null> = {
  E: 'embedding',
  t: 'layers',
  m: 'mtp',
  L: 'loss',
  '|': null,
};

/** Most stage entries a layout may unroll to: a typo ("t*100000000") explains itself instead of hanging. */
export const LAYOUT_MAX_ENTRIES = 1_000_000;

/** One unrolled character of a layout and where it was written (0-based). */
export type LayoutEntry = { char: string; at: number };
type Entry = LayoutEntry;

export type LayoutParse =
  | { ok: true; stages: StageContents[]; entries: LayoutEntry[] }
  | { ok: false; errors: PathError[] };

/**
 * Reads a layout string into its stages. Errors name the position in the string (1-based, as a
 * text editor counts columns) and what is wrong there, at path `at` (the field's JSON path).
 */
export function parseLayout(text: string, at = 'layout.stages'): LayoutParse {
  const errors: PathError[] = [];
  const fail = (i: number, why: string) => errors.push({ path: at, message: `position ${i + 1}: ${why}` });
  const entries: Entry[] = [];
  let i = 0;
  /** Reads `*n` at text[i] if there; the count, or 1. */
  const count = (): number => {
    if (text[i] !== '*') return 1;
    const from = ++i;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
    if (i === from) {
      fail(from - 1, '"*" needs a count after it (x*n repeats x n times)');
      return 1;
    }
    return Number(text.slice(from, i));
  };
  const tooMany = () => entries.length > LAYOUT_MAX_ENTRIES;
  while (i < text.length && errors.length === 0 && !tooMany()) {
    const c = text[i];
    if (c === ',' || c === ' ') {
      i++;
      continue;
    }
    if (c === '(') {
      const open = i;
      const close = text.indexOf(')', i);
      const nested = text.indexOf('(', i + 1);
      if (close < 0) {
        fail(open, '"(" is never closed by ")"');
        break;
      }
      if (nested >= 0 && nested < close) {
        fail(nested, 'groups do not nest: Megatron repeats "(...)*n" groups of layers and "|" only');
        break;
      }
      const group: Entry[] = [];
      for (let k = open + 1; k < close; k++) {
        const g = text[k];
        if (g === ',' || g === ' ') continue;
        if (!(g in LAYER_CHARS)) {
          fail(k, notALayer(g));
          break;
        }
        // x*n inside a group
        let n = 1;
        if (text[k + 1] === '*') {
          let e = k + 2;
          while (e < close && text[e] >= '0' && text[e] <= '9') e++;
          if (e === k + 2) {
            fail(k + 1, '"*" needs a count after it (x*n repeats x n times)');
            break;
          }
          n = Number(text.slice(k + 2, e));
          for (let r = 0; r < n && group.length <= LAYOUT_MAX_ENTRIES; r++) group.push({ char: g, at: k });
          k = e - 1;
          continue;
        }
        group.push({ char: g, at: k });
      }
      if (errors.length > 0) break;
      i = close + 1;
      if (text[i] !== '*') {
        fail(close, 'a group "(...)" needs a count: (...)*n');
        break;
      }
      const n = count();
      for (let r = 0; r < n && !tooMany(); r++) entries.push(...group);
      continue;
    }
    if (!(c in LAYER_CHARS)) {
      fail(i, c === ')' ? '")" closes no "("' : c === '*' ? '"*" repeats nothing before it' : notALayer(c));
      break;
    }
    const start = i++;
    const n = count();
    for (let r = 0; r < n && !tooMany(); r++) entries.push({ char: c, at: start });
  }
  if (tooMany())
    return {
      ok: false,
      errors: [
        { path: at, message: `unrolls to more than ${LAYOUT_MAX_ENTRIES.toLocaleString('en-US')} entries` },
      ],
    };
  if (errors.length > 0) return { ok: false, errors };

  const stages: StageContents[] = [];
  let layer = 0;
  let current: StageContents = { firstLayer: 0, layers: 0, embedding: 0, loss: 0, mtp: 0, at: 0 };
  const startStage = (atChar: number) => {
    current = { firstLayer: layer, layers: 0, embedding: 0, loss: 0, mtp: 0, at: atChar };
    stages.push(current);
  };
  startStage(0);
  for (let k = 0; k < entries.length; k++) {
    const { char } = entries[k];
    const what = LAYER_CHARS[char];
    if (what === null) {
      startStage(k + 1 < entries.length ? entries[k + 1].at : text.length);
      continue;
    }
    if (what === 'layers') layer++;
    current[what]++;
  }
  return { ok: true, stages, entries };
}

function notALayer(c: string): string {
  return `"${c}" is not in Megatron's layout notation: E (embedding), t (transformer layer), m (MTP module), L (loss), | (next stage), x*n, (...)*n`;
}

/**
 * What a parsed layout must hold for the model and the schedule: the embedding once, first; the
 * loss once, last; every MTP module after the last transformer layer; exactly `layers` transformer
 * layers (when the model's count is known) and exactly `stages` stages (the schedule's). Each
 * error names the position in the string where it shows.
 */
export function layoutErrors(
  text: string,
  parsed: Extract<LayoutParse, { ok: true }>,
  expect: { stages: number; layers: number | null; mtp?: number | null; what: string },
  at = 'layout.stages',
): PathError[] {
  const errors: PathError[] = [];
  const fail = (i: number, why: string) => errors.push({ path: at, message: `position ${i + 1}: ${why}` });
  const entries = parsed.entries.filter((e) => e.char !== '|');
  /** Where each entry of a kind was written, in order. */
  const positions = (kind: 'E' | 'L' | 'm' | 't'): number[] =>
    entries.filter((e) => e.char === kind).map((e) => e.at);
  const E = positions('E');
  const L = positions('L');
  if (E.length === 0) fail(0, 'the layout has no embedding (E); it comes first, on the first stage');
  else if (E.length > 1) fail(E[1], 'a second embedding (E); the model has one');
  else if (entries[0]?.char !== 'E') fail(E[0], 'the embedding (E) must come first, before every layer');
  if (L.length === 0) fail(text.length - 1, 'the layout has no loss (L); it comes last, on the last stage');
  else if (L.length > 1) fail(L[1], 'a second loss (L); the model has one');
  else if (entries[entries.length - 1]?.char !== 'L')
    fail(L[0], 'the loss (L) must come last, after every layer');
  const mtp = positions('m');
  const t = positions('t');
  if (mtp.length > 0 && t.length > 0 && t[t.length - 1] > mtp[0])
    fail(
      mtp[0],
      'an MTP module (m) before a transformer layer: MTP modules come after the last layer (Megatron)',
    );
  if (expect.layers !== null && t.length !== expect.layers) {
    const where = t.length > expect.layers ? t[expect.layers] : text.length - 1;
    fail(
      where,
      t.length > expect.layers
        ? `transformer layer ${expect.layers + 1} (t), but the model has ${expect.layers}: every layer once`
        : `the layout places ${t.length} transformer layers (t), but the model has ${expect.layers}: every layer once`,
    );
  }
  if (expect.mtp != null && mtp.length !== expect.mtp)
    fail(
      mtp.length > expect.mtp ? mtp[expect.mtp] : text.length - 1,
      `the layout places ${mtp.length} MTP modules (m), but the model has ${expect.mtp}`,
    );
  const stages = parsed.stages;
  if (stages.length > expect.stages)
    fail(
      stages[expect.stages].at,
      `stage ${expect.stages + 1} is more than ${expect.what} has (${expect.stages} stages); the layout names ${stages.length}`,
    );
  else if (stages.length < expect.stages)
    fail(
      text.length - 1,
      `the layout names ${stages.length} stages but ${expect.what} has ${expect.stages}: one "|" between each two stages`,
    );
  return errors;
}

function valueAt(v: Ms | Ms[], layer: number): Ms {
  return typeof v === 'number' ? v : v[layer];
}

/**
 * Per-stage op costs of a layout: each stage's transformer layers' costs plus its embedding, loss
 * and MTP modules. `evenLayer` is what one layer costs when the layout gives no layer costs.
 */
export function layoutStageCosts(
  stages: readonly StageContents[],
  layout: ScenarioLayout,
  evenLayer: ModuleCosts,
): StageCosts {
  const S = stages.length;
  const out: StageCosts = {
    forward: new Float64Array(S),
    backwardInput: new Float64Array(S),
    backwardWeight: new Float64Array(S),
  };
  const zero: ModuleCosts = { forward: 0, backwardInput: 0, backwardWeight: 0 };
  const layer: LayerCosts = layout.layer ?? evenLayer;
  const modules: [ModuleCosts, keyof StageContents][] = [
    [layout.embedding ?? zero, 'embedding'],
    [layout.loss ?? zero, 'loss'],
    [layout.mtp ?? zero, 'mtp'],
  ];
  for (let s = 0; s < S; s++) {
    const st = stages[s];
    for (const k of ['forward', 'backwardInput', 'backwardWeight'] as const) {
      let sum = 0;
      for (let l = st.firstLayer; l < st.firstLayer + st.layers; l++) sum += valueAt(layer[k], l);
      for (const [costs, field] of modules) sum += st[field] * costs[k];
      out[k][s] = sum;
    }
  }
  return out;
}

/** Transformer layers a layout places. */
export function layoutLayers(stages: readonly StageContents[]): number {
  let n = 0;
  for (const s of stages) n += s.layers;
  return n;
}
