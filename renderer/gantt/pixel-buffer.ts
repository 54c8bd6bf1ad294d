/** '#rrggbb' as a little-endian RGBA pixel (what a Uint32Array view of ImageData holds). */
export function pixelOf(hex: string): number {
  const v = Number.parseInt(hex.slice(1, 7), 16);
  return ((255 << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/**
 * The base layer is rasterised by hand into one ImageData (device pixels): tens of thousands of
 * 1-px rects or a hatch pattern cost the software rasteriser far more than filling typed-array rows.
 */
export class PixelBuffer {
  readonly pixels: Uint32Array;
  private hatchRow = new Uint32Array(0);
  private hatchWidth = -1;
  private hatchFill = 0;
  private hatchStripe = 0;
  constructor(
    readonly image: ImageData,
    readonly dpr: number,
  ) {
    this.pixels = new Uint32Array(image.data.buffer);
  }
  get width(): number {
    return this.image.width;
  }
  get height(): number {
    return this.image.height;
  }
  clear(color: number): void {
    this.pixels.fill(color);
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
    if (x0 >= x1) return;
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
  /** Diagonal stripes: `stripe` on `fill`, period 6 device px. */
  hatchRect(x: number, y: number, w: number, h: number, fill: number, stripe: number): void {
    const W = this.width;
    if (W !== this.hatchWidth || fill !== this.hatchFill || stripe !== this.hatchStripe) {
      this.hatchWidth = W;
      this.hatchFill = fill;
      this.hatchStripe = stripe;
      // One row pattern of width W + 6; row r reads it from offset r % 6.
      this.hatchRow = Uint32Array.from({ length: W + 6 }, (_, i) => (i % 6 < 1.5 ? stripe : fill));
    }
    const [x0, x1] = this.span(x, w, W);
    const [y0, y1] = this.span(y, h, this.height);
    if (x0 >= x1) return;
    const row = this.hatchRow;
    const p = this.pixels;
    for (let r = y0; r < y1; r++) {
      const shift = r % 6;
      const base = r * W;
      if (x1 - x0 <= 16) {
        for (let i = x0; i < x1; i++) p[base + i] = row[i + shift];
      } else {
        p.set(row.subarray(x0 + shift, x1 + shift), base + x0);
      }
    }
  }
}
