/**
 * A custom order as a scenario holds it (the `order` field, read by the "custom" schedule): each
 * device's actions in execution order, written in PyTorch's pipelining notation (docs/orders.md):
 * `{stage}{kind}{micro-batch}` with kind F (forward), I (backward for the input), W (backward for
 * the weights) or B (full backward), and an overlapped forward-backward pair as PyTorch writes
 * DualPipeV's, `({forward};{backward})OVERLAP_F_B`. Actions are separated by spaces; stages are
 * global (the position along the micro-batch's path, 0 where it enters).
 */
export interface ScenarioOrder {
  /** One string per device (length = the scenario's devices), e.g. "0F0 0F1 0B0 0F2 0B1". */
  devices: string[];
}

/** PyTorch's letter for each OpKind, by kind: F, I (our B, the input gradient), W, B (our BW). */
export const ACTION_LETTERS = ['F', 'I', 'W', 'B'] as const;

/** One action in PyTorch's notation, e.g. actionText(OpKind.B, 5, 3) = "5I3". */
export function actionText(kind: number, stage: number, microbatch: number): string {
  return `${stage}${ACTION_LETTERS[kind]}${microbatch}`;
}

/** The action type of an overlapped forward-backward pair (PyTorch's `_ComputationType.OVERLAP_F_B`). */
export const OVERLAP_ACTION = 'OVERLAP_F_B';

/** An overlapped pair as PyTorch prints its OVERLAP_F_B action: pairText("0F4", "7B1") = "(0F4;7B1)OVERLAP_F_B". */
export function pairText(first: string, second: string): string {
  return `(${first};${second})${OVERLAP_ACTION}`;
}
