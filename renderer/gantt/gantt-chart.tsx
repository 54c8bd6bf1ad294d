import { scaleLinear } from 'd3';
import { type CSSProperties, type JSX, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type GanttLayout, layoutGantt } from '../../core/layout/gantt-layout';
import { CATEGORIES, CHART_COLORS, type Theme } from '../../core/layout/palette';
import { Stream, type Timeline } from '../../core/sim/timeline';
import { describeBar, deviceOfOp, microbatchPath } from './describe';
import { barBox, type DrawStats, drawChart, PixelBuffer, RectBuckets, type XMap, xMap } from './draw';
import { buildIndex, hitTest, type LayoutIndex, laneAtY, visibleBars } from './spatial-index';
import {
  clampViewport,
  fitViewport,
  panBy,
  type Viewport,
  wheelPixels,
  wheelZoomFactor,
  zoomAround,
} from './viewport';

/** What the chart needs of an analysis (core/analyze.ts's Analysis is assignable to it). */
export interface GanttAnalysis {
  timeline: Timeline;
}

export interface GanttChartProps {
  /** One block of rows per entry, stacked on one time axis (compare view when several). */
  timelines: { label: string; analysis: GanttAnalysis }[];
  theme: Theme;
  /** Visible time range (ms); null fits the whole timeline. */
  viewport: Viewport | null;
  onViewportChange(v: Viewport): void;
  selectedMicrobatch: number | null;
  onSelectMicrobatch(mb: number | null): void;
  /** Give every device a comm lane even without comm parts (e.g. to see P2P transfers). */
  showComm?: boolean;
  /** Called after every base-layer frame (benchmarks, diagnostics). */
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
}

const GUTTER = 104;
const AXIS_HEIGHT = 28;

interface Hover {
  bar: number;
  /** Pointer position relative to the plot (x, y) and to the chart's root element (rootX, rootY). */
  x: number;
  y: number;
  rootX: number;
  rootY: number;
}

function axisUnit(span: number): { unit: string; scale: number } {
  if (span >= 20_000) return { unit: 's', scale: 1000 };
  if (span < 0.05) return { unit: 'µs', scale: 0.001 };
  return { unit: 'ms', scale: 1 };
}

function categoriesPresent(layout: GanttLayout): number[] {
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  return CATEGORIES.filter((c) => seen[c.id]).map((c) => c.id);
}

function getContext(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  if (!canvas) return null;
  try {
    return canvas.getContext('2d');
  } catch {
    return null; // jsdom without the canvas package
  }
}

const selectionBuckets = new RectBuckets(CATEGORIES.length);

export function GanttChart(props: GanttChartProps): JSX.Element {
  const { timelines, theme, selectedMicrobatch, onViewportChange, onSelectMicrobatch } = props;
  const colors = CHART_COLORS[theme];
  const tls = useMemo(() => timelines.map((t) => t.analysis.timeline), [timelines]);
  const layout = useMemo(() => layoutGantt(tls, { showComm: props.showComm }), [tls, props.showComm]);
  const index = useMemo(() => buildIndex(layout), [layout]);
  const present = useMemo(() => categoriesPresent(layout), [layout]);
  const viewport = useMemo(
    () => clampViewport(props.viewport ?? fitViewport(layout.makespan), layout.makespan),
    [props.viewport, layout.makespan],
  );

  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 800, height: 400 });
  const [hover, setHover] = useState<Hover | null>(null);
  const plotWidth = Math.max(50, size.width - GUTTER);
  const viewHeight = Math.max(1, Math.min(layout.height, size.height));

  // Everything the frame callback needs, read at draw time (so a frame always draws the latest state).
  const state = useRef({
    layout,
    index,
    viewport,
    plotWidth,
    viewHeight,
    theme,
    selectedMicrobatch,
    hover,
    tls,
    scrollTop: 0,
    onFrameDrawn: props.onFrameDrawn,
  });
  state.current = {
    ...state.current,
    layout,
    index,
    viewport,
    plotWidth,
    viewHeight,
    theme,
    selectedMicrobatch,
    hover,
    tls,
    onFrameDrawn: props.onFrameDrawn,
  };

  const paths = useMemo(
    () => (selectedMicrobatch === null ? [] : tls.map((t) => microbatchPath(t, selectedMicrobatch))),
    [tls, selectedMicrobatch],
  );
  const pathsRef = useRef(paths);
  pathsRef.current = paths;

  // One redraw per animation frame, however many changes arrive in between.
  const frame = useRef({ pending: 0, base: false, overlay: false });
  const pixels = useRef<PixelBuffer | null>(null);
  const drawFrame = useCallback(() => {
    frame.current.pending = 0;
    const s = state.current;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    const x = xMap(s.viewport, s.plotWidth);
    for (const [canvas, isBase] of [
      [baseRef.current, true],
      [overlayRef.current, false],
    ] as const) {
      if (isBase ? !frame.current.base : !frame.current.overlay) continue;
      const ctx = getContext(canvas);
      if (!canvas || !ctx) continue;
      const w = Math.round(s.plotWidth * dpr);
      const h = Math.round(s.viewHeight * dpr);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (isBase) {
        const began = performance.now();
        let buf = pixels.current;
        if (!buf || buf.width !== w || buf.height !== h || buf.dpr !== dpr) {
          buf = pixels.current = new PixelBuffer(ctx.createImageData(w, h), dpr);
        }
        const stats = drawChart(ctx, buf, s.layout, s.index, x, s.scrollTop, s.viewHeight, s.theme);
        s.onFrameDrawn?.({ ...stats, ms: performance.now() - began });
      } else {
        drawOverlay(
          ctx,
          s.layout,
          s.index,
          s.tls,
          x,
          s.scrollTop,
          s.viewHeight,
          s.theme,
          s.selectedMicrobatch,
          pathsRef.current,
          s.hover,
        );
      }
    }
    frame.current.base = false;
    frame.current.overlay = false;
  }, []);
  const requestDraw = useCallback(
    (base: boolean) => {
      if (base) frame.current.base = true;
      frame.current.overlay = true;
      if (frame.current.pending || typeof requestAnimationFrame === 'undefined') return;
      frame.current.pending = requestAnimationFrame(drawFrame);
    },
    [drawFrame],
  );
  useEffect(
    () => () => {
      if (frame.current.pending) cancelAnimationFrame(frame.current.pending);
    },
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the base layer shows
  useEffect(() => requestDraw(true), [layout, viewport, plotWidth, viewHeight, theme, requestDraw]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the overlay shows
  useEffect(() => requestDraw(false), [hover, selectedMicrobatch, paths, requestDraw]);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setSize((old) =>
        old.width === el.clientWidth && old.height === el.clientHeight
          ? old
          : { width: el.clientWidth, height: el.clientHeight },
      );
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    state.current.scrollTop = scrollerRef.current?.scrollTop ?? 0;
    requestDraw(true);
  }, [requestDraw]);

  // Wheel: zoom around the cursor; shift+wheel or a horizontal (trackpad) swipe pans.
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const s = state.current;
      const rect = el.getBoundingClientRect();
      const px = e.clientX - rect.left - GUTTER;
      if (px < 0) return; // over the device labels: let the page scroll
      e.preventDefault();
      const span = s.viewport.t1 - s.viewport.t0;
      const dx = wheelPixels(e.deltaX, e.deltaMode, s.plotWidth);
      const dy = wheelPixels(e.deltaY, e.deltaMode, s.viewHeight);
      let next: Viewport;
      if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
        const d = e.shiftKey && Math.abs(dx) <= Math.abs(dy) ? dy : dx;
        next = panBy(s.viewport, (d / s.plotWidth) * span, s.layout.makespan);
      } else {
        const anchor = s.viewport.t0 + (px / s.plotWidth) * span;
        next = zoomAround(s.viewport, wheelZoomFactor(dy), anchor, s.layout.makespan);
      }
      onViewportChange(next);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [onViewportChange]);

  // Drag to pan; a press that does not move is a click (select / clear the micro-batch).
  const drag = useRef<{ x: number; y: number; vp: Viewport; moved: boolean; id: number } | null>(null);
  const pointerTarget = (e: React.PointerEvent<HTMLElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const s = state.current;
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const x = xMap(s.viewport, s.plotWidth);
    const lane = laneAtY(s.index, py + s.scrollTop);
    const bar = lane < 0 ? -1 : hitTest(s.layout, s.index, lane, x.t0 + px / x.pxPerMs, 3 / x.pxPerMs);
    const root = rootRef.current?.getBoundingClientRect();
    return { px, py, bar, rootX: e.clientX - (root?.left ?? 0), rootY: e.clientY - (root?.top ?? 0) };
  };
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, vp: state.current.viewport, moved: false, id: e.pointerId };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) {
      const dx = e.clientX - d.x;
      if (!d.moved && Math.abs(dx) + Math.abs(e.clientY - d.y) < 4) return;
      d.moved = true;
      const s = state.current;
      const span = d.vp.t1 - d.vp.t0;
      onViewportChange(panBy(d.vp, (-dx / s.plotWidth) * span, s.layout.makespan));
      if (hover) setHover(null);
      return;
    }
    const { px, py, bar, rootX, rootY } = pointerTarget(e);
    if (bar < 0) {
      if (hover) setHover(null);
    } else if (!hover || hover.bar !== bar || hover.x !== px || hover.y !== py) {
      setHover({ bar, x: px, y: py, rootX, rootY });
    }
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const { bar } = pointerTarget(e);
    onSelectMicrobatch(bar < 0 ? null : state.current.layout.bars.microbatch[bar]);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const v = viewport;
    const span = v.t1 - v.t0;
    const mid = (v.t0 + v.t1) / 2;
    const m = layout.makespan;
    let next: Viewport | null = null;
    switch (e.key) {
      case '+':
      case '=':
        next = zoomAround(v, 1.5, mid, m);
        break;
      case '-':
      case '_':
        next = zoomAround(v, 1 / 1.5, mid, m);
        break;
      case 'ArrowLeft':
        next = panBy(v, -span * 0.1, m);
        break;
      case 'ArrowRight':
        next = panBy(v, span * 0.1, m);
        break;
      case '0':
      case 'f':
      case 'F':
        next = fitViewport(m);
        break;
      case 'Escape':
        if (selectedMicrobatch === null) return;
        onSelectMicrobatch(null);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    onViewportChange(next);
  };

  // Time axis (d3 does the ticks; React draws them).
  const { unit, scale: unitScale } = axisUnit(viewport.t1 - viewport.t0);
  const axisScale = scaleLinear()
    .domain([viewport.t0 / unitScale, viewport.t1 / unitScale])
    .range([0, plotWidth]);
  const tickCount = Math.max(2, Math.floor(plotWidth / 110));
  const ticks = axisScale.ticks(tickCount);
  const tickFormat = axisScale.tickFormat(tickCount);

  const rows = tls.reduce((n, t) => n + t.schedule.devices, 0);
  const ops = tls.reduce((n, t) => n + t.schedule.count, 0);
  const tooltip = hover && hover.bar < layout.bars.count ? describeBar(layout, tls, hover.bar) : null;

  const font: CSSProperties = { fontFamily: 'system-ui, sans-serif', fontSize: 12 };
  return (
    <div
      ref={rootRef}
      data-testid="gantt"
      data-rows={rows}
      data-ops={ops}
      data-t0={viewport.t0}
      data-t1={viewport.t1}
      role="application"
      aria-roledescription="Gantt chart"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart itself takes keyboard zoom and pan (role application)
      tabIndex={0}
      aria-label={`Gantt chart of ${timelines.map((t) => t.label).join(', ')}: ${rows} device rows, ${ops} ops. Keys: + and - zoom, arrow keys pan, 0 or F fits, Escape clears the selection.`}
      onKeyDown={onKeyDown}
      style={{
        ...font,
        position: 'relative',
        display: 'flex',
        flexDirection: 'column',
        height: '100%',
        minHeight: 0,
        background: colors.background,
        color: colors.text,
        outlineOffset: -2,
      }}
    >
      <Legend
        layout={layout}
        present={present}
        theme={theme}
        onFit={() => onViewportChange(fitViewport(layout.makespan))}
      />
      <div
        style={{
          display: 'flex',
          height: AXIS_HEIGHT,
          flex: 'none',
          borderBottom: `1px solid ${colors.laneSeparator}`,
        }}
      >
        <div
          style={{
            width: GUTTER,
            flex: 'none',
            display: 'flex',
            alignItems: 'flex-end',
            padding: '0 8px 5px',
            color: colors.mutedText,
            boxSizing: 'border-box',
          }}
        >
          time ({unit})
        </div>
        <svg
          width={plotWidth}
          height={AXIS_HEIGHT}
          style={{ display: 'block', overflow: 'hidden' }}
          aria-hidden="true"
        >
          {ticks.map((tick) => {
            const x = axisScale(tick);
            return (
              <g key={tick} transform={`translate(${x},0)`}>
                <line y1={AXIS_HEIGHT - 6} y2={AXIS_HEIGHT} stroke={colors.mutedText} />
                <text
                  y={AXIS_HEIGHT - 10}
                  textAnchor={x < 20 ? 'start' : x > plotWidth - 20 ? 'end' : 'middle'}
                  fill={colors.text}
                  fontSize={11}
                >
                  {tickFormat(tick)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <div
        ref={scrollerRef}
        onScroll={onScroll}
        style={{
          flex: '1 1 auto',
          minHeight: 0,
          overflowY: 'auto',
          overflowX: 'hidden',
          position: 'relative',
        }}
      >
        <div style={{ position: 'relative', height: layout.height }}>
          <div
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => hover && setHover(null)}
            style={{
              position: 'sticky',
              top: 0,
              marginLeft: GUTTER,
              width: plotWidth,
              height: viewHeight,
              cursor: drag.current?.moved ? 'grabbing' : 'default',
              touchAction: 'none',
            }}
          >
            <canvas
              ref={baseRef}
              style={{ position: 'absolute', inset: 0, width: plotWidth, height: viewHeight }}
            />
            <canvas
              ref={overlayRef}
              style={{ position: 'absolute', inset: 0, width: plotWidth, height: viewHeight }}
            />
          </div>
          {layout.lanes.map((lane, k) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: lanes are positional
              key={k}
              data-lane={lane.stream === Stream.COMPUTE ? 'compute' : 'comm'}
              style={{
                position: 'absolute',
                left: 0,
                top: lane.y,
                width: GUTTER,
                height: lane.height,
                lineHeight: `${lane.height}px`,
                padding: '0 8px',
                boxSizing: 'border-box',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                fontSize: lane.stream === Stream.COMPUTE ? 12 : 10,
                color: lane.stream === Stream.COMPUTE ? colors.text : colors.mutedText,
                textAlign: lane.stream === Stream.COMPUTE ? 'left' : 'right',
                borderTop: lane.stream === Stream.COMPUTE ? `1px solid ${colors.grid}` : 'none',
              }}
            >
              {lane.stream === Stream.COMPUTE ? `Device ${lane.device}` : 'comm'}
            </div>
          ))}
          {timelines.length > 1 &&
            layout.blocks.map((block) => (
              <div
                key={block.timeline}
                data-testid="gantt-block-label"
                style={{
                  position: 'absolute',
                  left: 0,
                  top: block.y,
                  height: block.headerHeight,
                  lineHeight: `${block.headerHeight}px`,
                  padding: '0 8px',
                  fontWeight: 600,
                  whiteSpace: 'nowrap',
                  pointerEvents: 'none',
                }}
              >
                {timelines[block.timeline].label}
              </div>
            ))}
        </div>
      </div>
      {tooltip && hover && (
        <div
          role="tooltip"
          data-testid="gantt-tooltip"
          style={{
            position: 'absolute',
            left: Math.max(0, Math.min(hover.rootX + 14, size.width - 300)),
            top: hover.rootY + 16,
            pointerEvents: 'none',
            background: colors.background,
            color: colors.text,
            border: `1px solid ${colors.laneSeparator}`,
            boxShadow: '0 2px 8px rgba(0,0,0,0.25)',
            borderRadius: 4,
            padding: '6px 8px',
            maxWidth: 320,
            zIndex: 10,
            fontSize: 12,
          }}
        >
          <div style={{ fontWeight: 600, marginBottom: 4 }}>{tooltip.title}</div>
          <table style={{ borderCollapse: 'collapse' }}>
            <tbody>
              {tooltip.rows.map((r) => (
                <tr key={r.label}>
                  <td
                    style={{
                      color: colors.mutedText,
                      paddingRight: 8,
                      verticalAlign: 'top',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {r.label}
                  </td>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Legend(props: { layout: GanttLayout; present: number[]; theme: Theme; onFit(): void }): JSX.Element {
  const { layout, present, theme } = props;
  const colors = CHART_COLORS[theme];
  const swatch: CSSProperties = {
    display: 'inline-block',
    width: 14,
    height: 10,
    marginRight: 4,
    verticalAlign: -1,
  };
  return (
    <div
      data-testid="gantt-legend"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '4px 14px',
        padding: '6px 8px',
        flex: 'none',
      }}
    >
      {present.map((id) => (
        <span key={id} style={{ whiteSpace: 'nowrap' }}>
          <span style={{ ...swatch, background: CATEGORIES[id][theme].fill }} />
          {CATEGORIES[id].label}
        </span>
      ))}
      <span style={{ whiteSpace: 'nowrap' }}>
        <span
          style={{
            ...swatch,
            background: `repeating-linear-gradient(-45deg, ${colors.bubbleHatch} 0 1.5px, ${colors.bubbleFill} 1.5px 5px)`,
          }}
        />
        idle (bubble, compute stream)
      </span>
      {layout.pairs.count > 0 && (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span style={{ ...swatch, border: `1.5px solid ${colors.pairOutline}`, boxSizing: 'border-box' }} />
          overlapped F&amp;B pair
        </span>
      )}
      <button
        type="button"
        onClick={props.onFit}
        style={{ marginLeft: 'auto', font: 'inherit' }}
        title="Fit the whole timeline (0 or F)"
      >
        Fit
      </button>
    </div>
  );
}

/** Hover outline, and the selected micro-batch's bars and dependency arrows over a dimmed chart. */
function drawOverlay(
  ctx: CanvasRenderingContext2D,
  layout: GanttLayout,
  index: LayoutIndex,
  tls: Timeline[],
  x: XMap,
  scrollTop: number,
  height: number,
  theme: Theme,
  selected: number | null,
  paths: [number, number][][],
  hover: Hover | null,
): void {
  const colors = CHART_COLORS[theme];
  ctx.clearRect(0, 0, x.width, height);
  const toX = (t: number) => (t - x.t0) * x.pxPerMs;
  if (selected !== null) {
    ctx.fillStyle = colors.dimOverlay;
    ctx.fillRect(0, 0, x.width, height);
    selectionBuckets.clear();
    for (let k = 0; k < layout.lanes.length; k++) {
      const lane = layout.lanes[k];
      const y = lane.y - scrollTop;
      if (y + lane.height < 0 || y > height) continue;
      const [by, bh] = barBox(y, lane.height, lane.stream);
      const [from, to] = visibleBars(layout, index, k, x.t0, x.t1);
      for (let b = from; b < to; b++) {
        if (layout.bars.microbatch[b] !== selected) continue;
        const x0 = Math.max(-2, toX(layout.bars.start[b]));
        const x1 = Math.min(x.width + 2, toX(layout.bars.end[b]));
        selectionBuckets.push(layout.bars.category[b], x0, by, Math.max(1, x1 - x0), bh);
      }
    }
    ctx.strokeStyle = colors.highlight;
    ctx.lineWidth = 1.5;
    for (let g = 0; g < selectionBuckets.count.length; g++) {
      const n = selectionBuckets.count[g];
      if (!n) continue;
      const d = selectionBuckets.data[g];
      ctx.fillStyle = CATEGORIES[g][theme].fill;
      ctx.beginPath();
      for (let i = 0; i < n * 4; i += 4) ctx.rect(d[i], d[i + 1], d[i + 2], d[i + 3]);
      ctx.fill();
      ctx.stroke();
    }
    // Dependency arrows: end of the op depended on -> start of the op that needed it.
    ctx.strokeStyle = colors.highlight;
    ctx.fillStyle = colors.highlight;
    ctx.lineWidth = 1.5;
    paths.forEach((arrows, ti) => {
      const t = tls[ti];
      const laneOf = index.computeLane[ti];
      for (const [a, b] of arrows) {
        const la = layout.lanes[laneOf[deviceOfOp(t, a)]];
        const lb = layout.lanes[laneOf[deviceOfOp(t, b)]];
        const xa = toX(t.end[a]);
        const xb = toX(t.start[b]);
        if ((xa < 0 && xb < 0) || (xa > x.width && xb > x.width)) continue;
        const ya = la.y + la.height / 2 - scrollTop;
        const yb = lb.y + lb.height / 2 - scrollTop;
        ctx.beginPath();
        if (la === lb) {
          // Same device (the turn at the last stage, B -> W): an arc over the lane.
          const top = la.y - scrollTop - 2;
          ctx.moveTo(xa, ya);
          ctx.bezierCurveTo(xa, top, xb, top, xb, yb);
        } else {
          ctx.moveTo(xa, ya);
          ctx.lineTo(xb, yb);
        }
        ctx.stroke();
        const angle = la === lb ? Math.PI / 2 : Math.atan2(yb - ya, xb - xa);
        ctx.beginPath();
        ctx.moveTo(xb, yb);
        ctx.lineTo(xb - 6 * Math.cos(angle - 0.45), yb - 6 * Math.sin(angle - 0.45));
        ctx.lineTo(xb - 6 * Math.cos(angle + 0.45), yb - 6 * Math.sin(angle + 0.45));
        ctx.closePath();
        ctx.fill();
      }
    });
  }
  if (hover && hover.bar < layout.bars.count) {
    const b = hover.bar;
    const lane = layout.lanes[layout.bars.lane[b]];
    const [by, bh] = barBox(lane.y - scrollTop, lane.height, lane.stream);
    const x0 = toX(layout.bars.start[b]);
    const x1 = toX(layout.bars.end[b]);
    ctx.strokeStyle = colors.hoverOutline;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, by - 1, Math.max(1, x1 - x0) + 2, bh + 2);
  }
}
