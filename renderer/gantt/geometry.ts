/** Width of the device-label column left of the plot, px. Fits "Device 1023" at the label font. */
export const GUTTER = 104;

/** Height of the time axis above the plot, px: tick labels over 6-px tick marks. */
export const AXIS_HEIGHT = 28;

/** Height of the legend row above the axis when it fits on one line, px. */
export const LEGEND_HEIGHT = 34;

/** Pointer travel (px, |dx| + |dy|) below which a press is a click, not a drag. */
export const DRAG_THRESHOLD = 4;

/** Pointer slack (px) for hitting a bar narrower than the pointer. */
export const HIT_SLACK = 3;
