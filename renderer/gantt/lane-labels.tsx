import type { JSX, MouseEvent } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { Stream } from '../../core/sim/timeline';

/** Lanes shorter than this (px) get no "comm" / "P2P" label: the 10-px text would not fit. */
const SMALL_LABEL_MIN_PX = 8;

/**
 * The devices picked after a click on device d's label: alone (or none, when it was the only one
 * picked); with Ctrl/Cmd, d toggled; with Shift, the range from the last picked device to d.
 */
export function nextDeviceSelection(
  selected: readonly number[] | null,
  d: number,
  mods: { toggle: boolean; range: boolean },
): number[] | null {
  const now = selected ?? [];
  let next: number[];
  if (mods.range && now.length > 0) {
    const anchor = now[now.length - 1];
    const [lo, hi] = anchor < d ? [anchor, d] : [d, anchor];
    next = [...now];
    for (let k = lo; k <= hi; k++) if (!next.includes(k)) next.push(k);
  } else if (mods.toggle) next = now.includes(d) ? now.filter((k) => k !== d) : [...now, d];
  else next = now.length === 1 && now[0] === d ? [] : [d];
  next.sort((a, b) => a - b);
  return next.length ? next : null;
}

/**
 * "Device N" beside each compute lane, "comm" / "P2P" beside the thin lanes under it. With
 * `onSelectDevices`, clicking a device label picks the device (see nextDeviceSelection); picked
 * devices are marked.
 */
export function LaneLabels({
  layout,
  compact = false,
  selectedDevices = null,
  onSelectDevices,
}: {
  layout: GanttLayout;
  compact?: boolean;
  selectedDevices?: readonly number[] | null;
  onSelectDevices?(devices: number[] | null): void;
}): JSX.Element {
  const pick = (d: number, e: MouseEvent) => {
    onSelectDevices?.(
      nextDeviceSelection(selectedDevices, d, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey }),
    );
  };
  return (
    <>
      {layout.lanes.map((lane, k) => {
        const compute = lane.stream === Stream.COMPUTE;
        if (!compute && lane.height < SMALL_LABEL_MIN_PX) return null;
        const picked = compute && selectedDevices?.includes(lane.device);
        const cls = [
          'gantt-lane-label',
          compute ? 'gantt-lane-label-compute' : 'gantt-lane-label-comm',
          compact ? 'gantt-lane-label-compact' : '',
          picked ? 'gantt-lane-label-picked' : '',
          compute && onSelectDevices ? 'gantt-lane-label-pickable' : '',
        ].join(' ');
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a pointer shortcut for view state (selectedDevices) that other controls can set too
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: lanes are positional
            key={k}
            data-lane={compute ? 'compute' : lane.link ? 'link' : 'comm'}
            data-device={lane.device}
            data-picked={picked ? 'true' : undefined}
            className={cls}
            style={{ top: lane.y, height: lane.height, lineHeight: `${lane.height}px` }}
            onClick={compute && onSelectDevices ? (e) => pick(lane.device, e) : undefined}
            title={
              compute && onSelectDevices
                ? 'Click to select this device (Ctrl/Cmd+click adds, Shift+click a range)'
                : undefined
            }
          >
            {compute ? `Device ${lane.device}` : lane.link ? 'P2P' : 'comm'}
          </div>
        );
      })}
    </>
  );
}

/** The name of each stacked timeline over its block (compare view). */
export function BlockLabels({ layout, labels }: { layout: GanttLayout; labels: string[] }): JSX.Element {
  return (
    <>
      {layout.blocks.map((block) => (
        <div
          key={block.timeline}
          data-testid="gantt-block-label"
          className="gantt-block-label"
          style={{ top: block.y, height: block.headerHeight, lineHeight: `${block.headerHeight}px` }}
        >
          {labels[block.timeline]}
        </div>
      ))}
    </>
  );
}
