import { analyze } from '../analyze';
import type { ScenarioOrder } from '../model/order';
import type { Scenario } from '../model/scenario';
import type { Schedule } from '../model/schedule';
import { CUSTOM_SCHEDULE } from './custom';
import { orderRefusal, scheduleActions } from './custom-order';

/**
 * Editing an order by moving one action within its device's order (docs/orders.md, "Editing in
 * the app"): the move as a new custom order, checked by simulating it before it is kept, so a
 * move that would deadlock or break a dependency is refused with the reason.
 */

/** One action of a device's order: an op, or the two ops of an overlapped pair. */
export interface OrderAction {
  device: number;
  /** Position in the device's actions (a pair counts once). */
  index: number;
  /** The action in PyTorch's notation ("2F3", "(0F4;7B1)OVERLAP_F_B"). */
  text: string;
  /** Its ops in the schedule. */
  ops: number[];
}

/** Each device's actions with their ops, in order. */
export function orderActions(s: Schedule): OrderAction[][] {
  const texts = scheduleActions(s);
  return texts.map((list, d) => {
    let op = s.deviceStart[d];
    return list.map((text, index) => {
      const width = text.charCodeAt(0) === 40 /* ( */ ? 2 : 1;
      const ops = width === 2 ? [op, op + 1] : [op];
      op += width;
      return { device: d, index, text, ops };
    });
  });
}

/** The action an op belongs to. */
export function actionOfOp(actions: OrderAction[][], s: Schedule, op: number): OrderAction | null {
  for (let d = 0; d < s.devices; d++) {
    if (op < s.deviceStart[d] || op >= s.deviceStart[d + 1]) continue;
    for (const a of actions[d]) if (a.ops.includes(op)) return a;
  }
  return null;
}

/** The order with device `device`'s action at `from` moved so that it ends at position `to`. */
export function movedOrder(
  actions: OrderAction[][],
  device: number,
  from: number,
  to: number,
): ScenarioOrder {
  return {
    devices: actions.map((list, d) => {
      const texts = list.map((a) => a.text);
      if (d === device) {
        const [moved] = texts.splice(from, 1);
        texts.splice(to, 0, moved);
      }
      return texts.join(' ');
    }),
  };
}

export type MoveResult = { ok: true; scenario: Scenario; label: string } | { ok: false; reason: string };

/**
 * The scenario after moving an action of `schedule` (the order the scenario runs now) from
 * position `from` to `to` on its device, as a custom order: refused with the reason when the
 * order could not hold the schedule (DualPipe) or the moved order cannot run (a deadlock, with its
 * waiting cycle). A generated schedule becomes a custom order with this first edit.
 */
export function moveAction(
  scenario: Scenario,
  schedule: Schedule,
  device: number,
  from: number,
  to: number,
): MoveResult {
  const refusal = orderRefusal(schedule);
  if (refusal !== null) return { ok: false, reason: `This order cannot be edited: ${refusal}` };
  const actions = orderActions(schedule);
  const list = actions[device];
  if (!list || from < 0 || from >= list.length) return { ok: false, reason: 'There is no such action.' };
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from) return { ok: false, reason: `${list[from].text} is already there.` };
  const next: Scenario = {
    ...scenario,
    schedule: CUSTOM_SCHEDULE,
    chunks: schedule.chunksPerDevice,
    // a generated schedule's own pairing is in its order now; combined 1F1B is generated only
    pairing: scenario.pairing === 'combined-1f1b' ? 'off' : scenario.pairing,
    order: movedOrder(actions, device, from, target),
  };
  const r = analyze(next);
  const what = `${list[from].text} ${target < from ? 'earlier' : 'later'}`;
  if (!r.ok) return { ok: false, reason: `Cannot move ${what} on device ${device}: ${r.errors[0].message}` };
  const converted = scenario.schedule !== CUSTOM_SCHEDULE ? ' (now a custom order)' : '';
  return { ok: true, scenario: next, label: `Move ${what}${converted}` };
}
