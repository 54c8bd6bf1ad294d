import { IDLE_CAUSES, type IdleCause } from '../metrics/idle-cause-ids';
import { OP_KIND_NAMES } from '../model/ops';
import { PART_NAMES, Stream } from '../sim/timeline';

/**
 * Bar categories of the Gantt chart and their colours, shared by the interactive chart and the SVG
 * export so both look the same.
 *
 * Category ids: 0..3 are the op kinds (F, B, W, BW, same numbers as OpKind), then one per part name
 * in PART_NAMES order except 'p2p', then P2P (pipeline transfers and 'p2p' parts).
 *
 * Colours follow the Okabe-Ito colour-blind-safe palette: forward work is blue, backward for the
 * input orange, backward for the weights green (each part a shade of its family), and communication
 * reddish purple, so F, B, W and comm stay distinct under the common colour-vision deficiencies.
 */

export type Theme = 'light' | 'dark';

/** The pass of a chunk part: forward, backward for the input, backward for the weights. */
export type Pass = 'F' | 'B' | 'W';

export interface CategoryStyle {
  /** Fill of the bar. */
  fill: string;
  /** Label colour on top of the fill (chosen for contrast). */
  text: string;
}

export interface Category {
  id: number;
  /** Stable key: the op kind name ('F'...), the part name ('attention'...) or 'P2P'. */
  key: string;
  /** What the legend says. */
  label: string;
  /**
   * The pass a part belongs to (null for the op kinds and P2P, which say it in their label), so a
   * compact legend can group the parts by lane and pass.
   */
  pass: Pass | null;
  /** The label within its pass group ('attention' under B is attention's input-grad); the label when ungrouped. */
  name: string;
  /** The lane the category is drawn on. */
  stream: Stream;
  light: CategoryStyle;
  dark: CategoryStyle;
}

const DARK_TEXT = '#111111';
const LIGHT_TEXT = '#ffffff';

function style(fill: string, text: string): CategoryStyle {
  return { fill, text };
}

const OP_STYLES: Record<string, { label: string; light: CategoryStyle; dark: CategoryStyle }> = {
  F: { label: 'F (forward)', light: style('#0072b2', LIGHT_TEXT), dark: style('#2f8fd0', DARK_TEXT) },
  B: { label: 'B (backward, input)', light: style('#e69f00', DARK_TEXT), dark: style('#e8a317', DARK_TEXT) },
  W: {
    label: 'W (backward, weights)',
    light: style('#009e73', DARK_TEXT),
    dark: style('#3cc79a', DARK_TEXT),
  },
  BW: { label: 'B+W (full backward)', light: style('#d55e00', DARK_TEXT), dark: style('#e3702a', DARK_TEXT) },
};

interface PartStyle {
  label: string;
  pass: Pass;
  name: string;
  light: CategoryStyle;
  dark: CategoryStyle;
}

/** Part styles: compute parts take a shade of their op family, comm parts a shade of purple. */
const PART_STYLES: Record<string, PartStyle> = {
  attention: {
    label: 'attention (F)',
    pass: 'F',
    name: 'attention',
    light: style('#0072b2', LIGHT_TEXT),
    dark: style('#2f8fd0', DARK_TEXT),
  },
  mlp: {
    label: 'MLP (F)',
    pass: 'F',
    name: 'MLP',
    light: style('#56b4e9', DARK_TEXT),
    dark: style('#86cbf0', DARK_TEXT),
  },
  'attention-input-grad': {
    label: 'attention input-grad (B)',
    pass: 'B',
    name: 'attention',
    light: style('#e69f00', DARK_TEXT),
    dark: style('#e8a317', DARK_TEXT),
  },
  'mlp-input-grad': {
    label: 'MLP input-grad (B)',
    pass: 'B',
    name: 'MLP',
    light: style('#f5c869', DARK_TEXT),
    dark: style('#f7d488', DARK_TEXT),
  },
  'attention-weight-grad': {
    label: 'attention weight-grad (W)',
    pass: 'W',
    name: 'attention',
    light: style('#009e73', DARK_TEXT),
    dark: style('#3cc79a', DARK_TEXT),
  },
  'mlp-weight-grad': {
    label: 'MLP weight-grad (W)',
    pass: 'W',
    name: 'MLP',
    light: style('#74cdb0', DARK_TEXT),
    dark: style('#8fdcc2', DARK_TEXT),
  },
  dispatch: {
    label: 'dispatch (F, comm)',
    pass: 'F',
    name: 'dispatch',
    light: style('#cc79a7', DARK_TEXT),
    dark: style('#d98fb8', DARK_TEXT),
  },
  combine: {
    label: 'combine (F, comm)',
    pass: 'F',
    name: 'combine',
    light: style('#8e3b73', LIGHT_TEXT),
    dark: style('#a34a89', LIGHT_TEXT),
  },
  'dispatch-backward': {
    label: 'dispatch (B, comm)',
    pass: 'B',
    name: 'dispatch',
    light: style('#e6b3d0', DARK_TEXT),
    dark: style('#ecc4dc', DARK_TEXT),
  },
  'combine-backward': {
    label: 'combine (B, comm)',
    pass: 'B',
    name: 'combine',
    light: style('#6a2c57', LIGHT_TEXT),
    dark: style('#74315f', LIGHT_TEXT),
  },
};

const P2P_STYLE = {
  label: 'P2P transfer',
  light: style('#6e6e6e', LIGHT_TEXT),
  dark: style('#a6a6a6', DARK_TEXT),
};

/** Fallbacks for part names added to PART_NAMES later, by stream. */
const FALLBACK_COMPUTE = { light: style('#5a7a99', LIGHT_TEXT), dark: style('#8aa5bf', DARK_TEXT) };
const FALLBACK_COMM = { light: style('#a05c8c', LIGHT_TEXT), dark: style('#c486b1', DARK_TEXT) };

const COMM_PARTS = new Set(['dispatch', 'combine', 'dispatch-backward', 'combine-backward', 'p2p']);

function buildCategories(): { categories: Category[]; partCategory: Uint8Array; p2p: number } {
  const categories: Category[] = [];
  OP_KIND_NAMES.forEach((key, id) => {
    const s = OP_STYLES[key];
    categories.push({
      id,
      key,
      label: s.label,
      pass: null,
      name: s.label,
      stream: Stream.COMPUTE,
      light: s.light,
      dark: s.dark,
    });
  });
  const partCategory = new Uint8Array(PART_NAMES.length);
  const p2pParts: number[] = [];
  PART_NAMES.forEach((name, partIndex) => {
    if (name === 'p2p') {
      p2pParts.push(partIndex);
      return;
    }
    const stream = COMM_PARTS.has(name) ? Stream.COMM : Stream.COMPUTE;
    const known = PART_STYLES[name];
    const s = known ?? { label: name, ...(stream === Stream.COMM ? FALLBACK_COMM : FALLBACK_COMPUTE) };
    partCategory[partIndex] = categories.length;
    categories.push({
      id: categories.length,
      key: name,
      label: s.label,
      pass: known?.pass ?? null,
      name: known?.name ?? s.label,
      stream,
      light: s.light,
      dark: s.dark,
    });
  });
  const p2p = categories.length;
  categories.push({
    id: p2p,
    key: 'P2P',
    label: P2P_STYLE.label,
    pass: null,
    name: P2P_STYLE.label,
    stream: Stream.COMM,
    light: P2P_STYLE.light,
    dark: P2P_STYLE.dark,
  });
  for (const partIndex of p2pParts) partCategory[partIndex] = p2p;
  return { categories, partCategory, p2p };
}

const built = buildCategories();

/** Every bar category, indexed by id. */
export const CATEGORIES: readonly Category[] = built.categories;
/** Category id of pipeline (P2P) transfers. */
export const P2P_CATEGORY: number = built.p2p;

/** Category id of an op kind (OpKind value). */
export function categoryOfOpKind(kind: number): number {
  return kind;
}

/** Category id of a part (index into PART_NAMES). */
export function categoryOfPart(part: number): number {
  return built.partCategory[part];
}

export function categoryStyle(category: number, theme: Theme): CategoryStyle {
  return CATEGORIES[category][theme];
}

/** Colours of everything around the bars. */
export interface ChartColors {
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  laneSeparator: string;
  /** Idle time on a compute lane. */
  bubbleFill: string;
  bubbleHatch: string;
  /** Outline around an overlapped forward-backward pair. */
  pairOutline: string;
  /** Selected micro-batch path and its dependency arrows. */
  highlight: string;
  /** Dims everything that is not the selected micro-batch. */
  dimOverlay: string;
  hoverOutline: string;
  /** Behind the label of a picked device. */
  picked: string;
}

export const CHART_COLORS: Record<Theme, ChartColors> = {
  light: {
    background: '#ffffff',
    text: '#1a1a1a',
    mutedText: '#5c5c5c',
    grid: '#e6e6e6',
    laneSeparator: '#d0d0d0',
    bubbleFill: '#fbecec',
    bubbleHatch: '#e3a5a5',
    pairOutline: '#1a1a1a',
    highlight: '#c00060',
    dimOverlay: 'rgba(255,255,255,0.6)',
    hoverOutline: '#000000',
    picked: '#fbe3ee',
  },
  dark: {
    background: '#1b1d21',
    text: '#e8e8e8',
    mutedText: '#a8a8a8',
    grid: '#30343a',
    laneSeparator: '#3c4048',
    bubbleFill: '#3a2528',
    bubbleHatch: '#7a4a50',
    pairOutline: '#f2f2f2',
    highlight: '#ff5fa8',
    dimOverlay: 'rgba(27,29,33,0.6)',
    hoverOutline: '#ffffff',
    picked: '#4a2336',
  },
};

/** A hatch: diagonal stripes of `hatch` on `fill`. */
export interface HatchStyle {
  fill: string;
  hatch: string;
}

export interface IdleCauseStyle {
  cause: IdleCause;
  /** What the legend says; causes that share a look share a label (fill and drain). */
  legend: string;
  /**
   * The cause's name under a legend heading "idle" (the breakdown bars' names for the same causes),
   * where `legend` says it in full.
   */
  short: string;
  light: HatchStyle;
  dark: HatchStyle;
}

/**
 * Looks of idle time by cause (core/metrics/idle-causes.ts), indexed by IdleCauseId: always a pale
 * hatch, so idle never reads as work, in a hue that says why: rose for the pipeline's own fill and
 * drain, amber for waiting on another device, blue-grey for P2P in flight (P2P bars are grey),
 * mauve for the device's own exposed communication (communication is purple), brown for the
 * activation limit, grey for the tail after the device's last op.
 */
export const IDLE_STYLES: readonly IdleCauseStyle[] = (() => {
  // Fill and drain are one look: both are the pipeline filling or emptying, with the same fix.
  const pipeline = {
    legend: 'idle: fill / drain (warm-up, cool-down)',
    short: 'fill / drain',
    light: { fill: '#fbecec', hatch: '#e3a5a5' },
    dark: { fill: '#3a2528', hatch: '#7a4a50' },
  };
  const looks: Record<IdleCause, Omit<IdleCauseStyle, 'cause'>> = {
    fill: pipeline,
    drain: pipeline,
    dependency: {
      legend: 'idle: waits for another device',
      short: 'dependency',
      light: { fill: '#fdf3d3', hatch: '#d4a72c' },
      dark: { fill: '#3a3220', hatch: '#8a7330' },
    },
    p2p: {
      legend: 'idle: P2P in flight',
      short: 'P2P in flight',
      light: { fill: '#e6edf5', hatch: '#7d95b3' },
      dark: { fill: '#232c38', hatch: '#5b7391' },
    },
    exposedComm: {
      legend: 'idle: own communication exposed',
      short: 'exposed comm',
      light: { fill: '#f6e4f0', hatch: '#b5649c' },
      dark: { fill: '#36232f', hatch: '#8a4f77' },
    },
    memory: {
      legend: 'idle: held back by the activation limit',
      short: 'memory',
      light: { fill: '#f1e8dd', hatch: '#a07850' },
      dark: { fill: '#33291f', hatch: '#7d6040' },
    },
    tail: {
      legend: 'idle: tail (done, others still running)',
      short: 'tail',
      light: { fill: '#f2f2f2', hatch: '#c4c4c4' },
      dark: { fill: '#26282c', hatch: '#4a4d53' },
    },
  };
  return IDLE_CAUSES.map((cause) => ({ cause, ...looks[cause] }));
})();

/** Share of black mixed into a bar's fill for its seam and its reverse-direction stripes. */
const SHADE = 0.3;

/** A fill darkened by SHADE: the 1-px seam between wide back-to-back bars, and the stripes of reverse-direction bars. */
export function shadeOf(hex: string): string {
  const v = Number.parseInt(hex.slice(1, 7), 16);
  const ch = (shift: number) =>
    Math.round(((v >> shift) & 0xff) * (1 - SHADE))
      .toString(16)
      .padStart(2, '0');
  return `#${ch(16)}${ch(8)}${ch(0)}`;
}
