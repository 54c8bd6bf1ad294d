/**
 * Operation kinds. Numeric so that schedules and timelines can be stored as typed-array columns.
 * F: forward. B: backward for the input only (zero-bubble split). W: backward for the weights.
 * BW: full backward (B and W as one op).
 */
export const OpKind = { F: 0, B: 1, W: 2, BW: 3 } as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];
export const OP_KIND_NAMES = ['F', 'B', 'W', 'BW'] as const;
export type OpKindName = (typeof OP_KIND_NAMES)[number];

export function opKindName(kind: number): OpKindName {
  return OP_KIND_NAMES[kind];
}

/** `pair` value of an op that is not part of an overlapped forward-backward pair. */
export const NO_PAIR = -1;
