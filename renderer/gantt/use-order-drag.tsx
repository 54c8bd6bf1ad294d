import { type JSX, type KeyboardEvent, type PointerEvent, useMemo, useRef, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { Ms } from '../../core/model/units';
import { type OrderAction, actionOfOp, orderActions } from '../../core/schedules/custom-edit';
import { Stream, type Timeline } from '../../core/sim/timeline';
import './order-edit.css';
import { xMap } from './draw';
import { DRAG_THRESHOLD, GUTTER, HIT_SLACK } from './geometry';
import type { Plot } from './plot';
import { hitTest, type LayoutIndex, laneAtY } from './spatial-index';
import type { Viewport } from './viewport';

/** What the chart needs to let the user reorder one timeline's ops (the main view's). */
export interface OrderEdit {
  /** Dragging and the keys move ops (otherwise the chart navigates as usual). */
  enabled: boolean;
  /** Move device `device`'s action at `from` to position `to`; the caller keeps or refuses it. */
  onMove(device: number, from: number, to: number): void;
}

/** An action picked up by the pointer, and where it would land. */
interface Dragged {
  action: OrderAction;
  lane: number;
  x0: number;
  y0: number;
  moved: boolean;
  /** Pointer time (ms) and the position the action would move to. */
  t: Ms;
  to: number;
  pointerId: number;
}

/** Keys that move the selected action while editing (with Alt, so plain arrows still pan). */
export const ORDER_KEYS_HELP = 'Alt+← / Alt+→ move the selected op one place earlier / later on its device.';

/**
 * Drag-to-reorder on the Gantt chart, beside its navigation: while editing, a press on an op's
 * bar picks up its action (an overlapped pair moves as one) and dragging it along its device row
 * shows where it would go; releasing asks `onMove` for the move. A press that does not move
 * selects the action; Alt+Left / Alt+Right then move it one place. Presses off a bar, and
 * everything while not editing, go to the chart's own pointer (pan, hover, select).
 */
export function useOrderDrag(p: {
  plot: Plot;
  layout: GanttLayout;
  index: LayoutIndex;
  tls: Timeline[];
  viewport: Viewport;
  edit: OrderEdit | undefined;
}): {
  plot: Plot;
  onKeyDown(e: KeyboardEvent<HTMLElement>): boolean;
  marks: JSX.Element | null;
} {
  const { plot, layout, index, tls, viewport, edit } = p;
  const timeline = tls[0];
  const enabled = edit?.enabled === true && tls.length === 1;
  // Only while the order is edited: every edit of the scenario gives a new timeline.
  const actions = useMemo(
    () => (enabled && timeline ? orderActions(timeline.schedule) : []),
    [enabled, timeline],
  );
  const drag = useRef<Dragged | null>(null);
  const [shown, setShown] = useState<Dragged | null>(null);
  const [selected, setSelected] = useState<{ device: number; text: string } | null>(null);

  const x = xMap(viewport, plot.plotWidth);
  const timeAt = (px: number) => x.t0 + px / x.pxPerMs;
  const pxAt = (t: Ms) => GUTTER + (t - x.t0) * x.pxPerMs;

  /** The compute op's action under the pointer, with its lane, or null. */
  const pick = (e: PointerEvent<HTMLElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const lane = laneAtY(index, e.clientY - rect.top + plot.live.current.scrollTop);
    if (lane < 0 || layout.lanes[lane].stream !== Stream.COMPUTE) return null;
    const bar = hitTest(layout, index, lane, timeAt(e.clientX - rect.left), HIT_SLACK / x.pxPerMs);
    if (bar < 0) return null;
    const action = actionOfOp(actions, timeline.schedule, layout.bars.op[bar]);
    return action ? { action, lane } : null;
  };

  /** Where `action` lands for pointer time t: before the first other action whose middle is later. */
  const landing = (action: OrderAction, t: Ms): number => {
    const list = actions[action.device];
    let to = 0;
    for (const a of list) {
      if (a === action) continue;
      const mid = (timeline.start[a.ops[0]] + timeline.end[a.ops[a.ops.length - 1]]) / 2;
      if (mid < t) to++;
    }
    return to;
  };

  const base = plot.pointer;
  const pointer = {
    ...base,
    onPointerDown(e: PointerEvent<HTMLElement>) {
      const hit = enabled && e.button === 0 ? pick(e) : null;
      if (!hit) {
        base.onPointerDown(e);
        return;
      }
      const rect = e.currentTarget.getBoundingClientRect();
      drag.current = {
        ...hit,
        x0: e.clientX,
        y0: e.clientY,
        moved: false,
        t: timeAt(e.clientX - rect.left),
        to: hit.action.index,
        pointerId: e.pointerId,
      };
      e.currentTarget.setPointerCapture?.(e.pointerId);
      base.onPointerLeave();
    },
    onPointerMove(e: PointerEvent<HTMLElement>) {
      const d = drag.current;
      if (!d) {
        base.onPointerMove(e);
        return;
      }
      if (!d.moved && Math.abs(e.clientX - d.x0) + Math.abs(e.clientY - d.y0) < DRAG_THRESHOLD) return;
      const rect = e.currentTarget.getBoundingClientRect();
      const t = timeAt(e.clientX - rect.left);
      const next = { ...d, moved: true, t, to: landing(d.action, t) };
      drag.current = next;
      setShown(next);
    },
    onPointerUp(e: PointerEvent<HTMLElement>) {
      const d = drag.current;
      if (!d) {
        base.onPointerUp(e);
        return;
      }
      drag.current = null;
      setShown(null);
      setSelected({ device: d.action.device, text: d.action.text });
      if (d.moved && d.to !== d.action.index) edit?.onMove(d.action.device, d.action.index, d.to);
    },
    onPointerLeave() {
      if (!drag.current) base.onPointerLeave();
    },
    panning: base.panning,
  };

  const selectedAction = selected
    ? (actions[selected.device]?.find((a) => a.text === selected.text) ?? null)
    : null;

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): boolean => {
    if (!enabled || !selectedAction) return false;
    if (e.key === 'Escape') {
      setSelected(null);
      return false;
    }
    if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return false;
    e.preventDefault();
    const to = selectedAction.index + (e.key === 'ArrowLeft' ? -1 : 1);
    if (to >= 0 && to < actions[selectedAction.device].length)
      edit?.onMove(selectedAction.device, selectedAction.index, to);
    return true;
  };

  /** A box around an action's bar in its lane, in the rows' coordinates. */
  const box = (a: OrderAction, lane: number, className: string, testId: string) => {
    const l = layout.lanes[lane];
    const left = pxAt(timeline.start[a.ops[0]]);
    const right = pxAt(timeline.end[a.ops[a.ops.length - 1]]);
    return (
      <div
        className={className}
        data-testid={testId}
        style={{ left, top: l.y, width: Math.max(2, right - left), height: l.height }}
      />
    );
  };
  const laneOf = (device: number) =>
    layout.lanes.findIndex((l) => l.device === device && l.stream === Stream.COMPUTE && l.timeline === 0);

  let marks: JSX.Element | null = null;
  if (enabled && shown?.moved) {
    const l = layout.lanes[shown.lane];
    const others = actions[shown.action.device].filter((a) => a !== shown.action);
    const before = others[shown.to - 1];
    const after = others[shown.to];
    const at = after
      ? timeline.start[after.ops[0]]
      : before
        ? timeline.end[before.ops[before.ops.length - 1]]
        : shown.t;
    marks = (
      <>
        {box(shown.action, shown.lane, 'gantt-order-ghost', 'order-drag-source')}
        <div
          className="gantt-order-insert"
          data-testid="order-drop-marker"
          style={{ left: pxAt(at) - 1, top: l.y - 3, height: l.height + 6 }}
        />
        <div className="gantt-order-label" style={{ left: pxAt(at) + 4, top: l.y + l.height + 2 }}>
          {shown.action.text} →{' '}
          {shown.to === shown.action.index ? 'stays' : `place ${shown.to + 1} of ${others.length + 1}`}
          {before ? `, after ${before.text}` : ', first'}
        </div>
      </>
    );
  } else if (enabled && selectedAction) {
    const lane = laneOf(selectedAction.device);
    if (lane >= 0) marks = box(selectedAction, lane, 'gantt-order-selected', 'order-selected');
  }

  return { plot: enabled ? { ...plot, pointer } : plot, onKeyDown, marks };
}
