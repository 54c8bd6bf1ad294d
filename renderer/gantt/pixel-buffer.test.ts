import { describe, expect, it } from 'vitest';
import { PixelBuffer, STRIPE_PERIOD } from './pixel-buffer';

const image = (width: number, height: number) => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4),
});

describe('PixelBuffer.stripePx', () => {
  it('shades exactly the pixels whose x + y is a multiple of the period, from any corner, clipped', () => {
    const buf = new PixelBuffer(image(13, 6), 1);
    buf.clear(9);
    // From (3, 1) to the right edge and past the bottom: clipped to 13 x 6.
    buf.stripePx(3, 40, 1, 8, 1, 2);
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 13; x++) {
        const want = x < 3 || y < 1 ? 9 : (x + y) % STRIPE_PERIOD === 0 ? 2 : 1;
        expect(buf.at(x, y), `(${x}, ${y})`).toBe(want);
      }
  });

  it('lines up one-pixel columns drawn one at a time with a rect drawn at once', () => {
    const whole = new PixelBuffer(image(11, 5), 1);
    const columns = new PixelBuffer(image(11, 5), 1);
    whole.stripePx(2, 10, 0, 5, 1, 2);
    for (let x = 2; x < 10; x++) columns.stripePx(x, x + 1, 0, 5, 1, 2);
    expect(Array.from(columns.pixels)).toEqual(Array.from(whole.pixels));
  });
});
