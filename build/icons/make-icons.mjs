#!/usr/bin/env node
// Draws PipeScope's icon (a dark rounded square holding a staggered pipeline: four device rows of
// forward/backward bars, as in a 1F1B Gantt chart) and writes it as PNGs of every size the
// installers use (build/icons/<n>x<n>.png). No image library: pixels are computed with 4x4
// supersampling and encoded by hand (zlib from Node). Run: node build/icons/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = dirname(fileURLToPath(import.meta.url));
export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const BACKGROUND = [30, 34, 44];
const FORWARD = [86, 156, 214];
const BACKWARD = [236, 160, 64];

// Shapes in a 0..1 square. Bars: [x0, x1, row, colour]; four rows, each starting one step later.
const BARS = [];
for (let row = 0; row < 4; row++) {
  const start = 0.16 + row * 0.09;
  BARS.push([start, start + 0.14, row, FORWARD]);
  BARS.push([start + 0.17, start + 0.31, row, BACKWARD]);
  BARS.push([start + 0.34, Math.min(start + 0.44, 0.86), row, FORWARD]);
}

function insideRoundedSquare(x, y, radius) {
  const m = 0.04;
  if (x < m || x > 1 - m || y < m || y > 1 - m) return false;
  const cx = Math.min(Math.max(x, m + radius), 1 - m - radius);
  const cy = Math.min(Math.max(y, m + radius), 1 - m - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function colourAt(x, y) {
  if (!insideRoundedSquare(x, y, 0.18)) return null;
  for (const [x0, x1, row, colour] of BARS) {
    const y0 = 0.22 + row * 0.15;
    if (x >= x0 && x <= x1 && y >= y0 && y <= y0 + 0.11) return colour;
  }
  return BACKGROUND;
}

function pixels(size) {
  const data = Buffer.alloc(size * (size * 4 + 1));
  const ss = 4;
  for (let py = 0; py < size; py++) {
    const rowStart = py * (size * 4 + 1);
    data[rowStart] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = colourAt((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = rowStart + 1 + px * 4;
      if (a > 0) {
        data[o] = Math.round(r / a);
        data[o + 1] = Math.round(g / a);
        data[o + 2] = Math.round(b / a);
      }
      data[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  return data;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, body) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

export function encodePng(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels(size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) {
  const file = join(OUT, `${size}x${size}.png`);
  writeFileSync(file, encodePng(size));
}
console.log(`icons: wrote ${SIZES.map((s) => `${s}x${s}.png`).join(', ')} in ${OUT}`);
