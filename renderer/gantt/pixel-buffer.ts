/** '#rrggbb' as a little-endian RGBA pixel (what a Uint32Array view of ImageData holds). */
export function pixelOf(hex: string): number {
  const v = Number.parseInt(hex.slice(1, 7), 16);
  return ((255 << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/** Period of the diagonal stripes of reverse-direction bars, device px: one shaded pixel in four. */
export const STRIPE_PERIOD = 4;

/** Period of the idle hatch, device px. */
const HATCH_PERIOD = 6;

/** What a PixelBuffer needs of an ImageData (tests pass a plain object). */
export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * The base layer is rasterised by hand into one ImageData (device pixels): tens of thousands of
 * 1-px rects or a hatch pattern cost the software rasteriser far more than filling typed-array rows.
 * Methods taking CSS px convert by `dpr`; those ending in `Px` take device pixels, end exclusive.
 */
export class PixelBuffer {
  readonly pixels: Uint32Array;
  /**
   * The image's size, device px, read once: ImageData's own width and height are DOM getters,
   * which the hot loops of a frame called tens of thousands of times.
   */
  readonly width: number;
  readonly height: number;
  /** One row of each hatch pattern in use (width + period), keyed by its two colours. */
  private hatchRows = new Map<string, Uint32Array>();
  constructor(
    readonly image: PixelImage,
    readonly dpr: number,
  ) {
    this.pixels = new Uint32Array(image.data.buffer);
    this.width = image.width;
    this.height = image.height;
  }
  clear(color: number): void {
    this.pixels.fill(color);
  }
  /** The pixel at device (x, y). */
  at(x: number, y: number): number {
    return this.pixels[y * this.width + x];
  }
  /** Device-pixel span of a CSS extent, at least one pixel wide, clipped. */
  private span(from: number, size: number, limit: number): [number, number] {
    let a = Math.round(from * this.dpr);
    let b = Math.round((from + size) * this.dpr);
    if (b <= a) b = a + 1;
    if (a < 0) a = 0;
    if (b > limit) b = limit;
    return [a, b];
  }
  fillRect(x: number, y: number, w: number, h: number, color: number): void {
    const [x0, x1] = this.span(x, w, this.width);
    const [y0, y1] = this.span(y, h, this.height);
    this.fillPx(x0, x1, y0, y1, color);
  }
  /** Fills device pixels [x0, x1) x [y0, y1), clipped. */
  fillPx(x0: number, x1: number, y0: number, y1: number, color: number): void {
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (y0 < 0) y0 = 0;
    if (y1 > this.height) y1 = this.height;
    if (x0 >= x1 || y0 >= y1) return;
    const W = this.width;
    const p = this.pixels;
    if (x1 - x0 <= 24) {
      // Narrow (the level-of-detail columns): plain stores beat a fill() call per row.
      for (let r = y0; r < y1; r++) {
        const base = r * W;
        for (let i = x0; i < x1; i++) p[base + i] = color;
      }
      return;
    }
    for (let r = y0; r < y1; r++) p.fill(color, r * W + x0, r * W + x1);
  }
  /**
   * Like fillPx, with diagonal stripes of `stripe` (one pixel in STRIPE_PERIOD, by x + y), so
   * striped pixel columns drawn one at a time line up into the same stripes as a whole rect.
   */
  stripePx(x0: number, x1: number, y0: number, y1: number, color: number, stripe: number): void {
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (y0 < 0) y0 = 0;
    if (y1 > this.height) y1 = this.height;
    const W = this.width;
    const p = this.pixels;
    for (let r = y0; r < y1; r++) {
      const base = r * W;
      for (let i = x0; i < x1; i++) p[base + i] = color;
      // The row's first striped column at or after x0: (i + r) a multiple of the period.
      for (
        let i = x0 + ((STRIPE_PERIOD - ((x0 + r) % STRIPE_PERIOD)) % STRIPE_PERIOD);
        i < x1;
        i += STRIPE_PERIOD
      )
        p[base + i] = stripe;
    }
  }
  /** Diagonal stripes: `stripe` on `fill`, period HATCH_PERIOD device px. */
  hatchRect(x: number, y: number, w: number, h: number, fill: number, stripe: number): void {
    const W = this.width;
    const key = `${fill}:${stripe}`;
    let row = this.hatchRows.get(key);
    if (!row || row.length !== W + HATCH_PERIOD) {
      // One row pattern of width W + period; row r reads it from offset r % period.
      row = Uint32Array.from({ length: W + HATCH_PERIOD }, (_, i) =>
        i % HATCH_PERIOD < 1.5 ? stripe : fill,
      );
      this.hatchRows.set(key, row);
    }
    const [x0, x1] = this.span(x, w, W);
    const [y0, y1] = this.span(y, h, this.height);
    if (x0 >= x1) return;
    const p = this.pixels;
    for (let r = y0; r < y1; r++) {
      const shift = r % HATCH_PERIOD;
      const base = r * W;
      if (x1 - x0 <= 16) {
        for (let i = x0; i < x1; i++) p[base + i] = row[i + shift];
      } else {
        p.set(row.subarray(x0 + shift, x1 + shift), base + x0);
      }
    }
  }
}
