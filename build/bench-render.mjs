#!/usr/bin/env node
// Gantt rendering benchmark: bundles renderer/gantt/bench (esbuild, production React), serves it on
// 127.0.0.1, drives Debian's Chromium (playwright-core) and prints, for ZB-H1 timelines of about
// 10k, 100k and 1M ops, the first paint and pan/zoom frame times (median, p95); then, in the real
// app (built and served as in web mode), how long an edit of the DeepSeek-V3 example takes from
// the keystroke to the first frame painted with the new chart; how long a million-op scenario
// takes from being opened to its first painted chart (analysis in the worker, the structured clone
// back, layout, first frame); how long the app takes from navigation to the example's painted
// chart (open -> chart); and how long Export > PNG of the example takes from the click to the
// PNG's bytes handed to the download.
// Prints numbers only; never fails on time.
//
//   npm run bench:render                        all sizes
//   npm run bench:render -- --sizes 100000      chosen sizes
//   npm run bench:render -- --sizes none --first-paint 0 --opens 0 --pngs 0
//                                               the edit alone (each section has its count; 0 or
//                                               none skips it)
//   npm run bench:render -- ... --edit-profile edit.cpuprofile [--edit-trace edit.json]
//                                               CPU profile (page) / Chrome trace (page, workers,
//                                               frames) of the edits
//   npm run bench:render -- --shot out.png --query "demo&select=3" [--width 1400 --height 800]
//                                               screenshot of the demo page instead
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    steps: { type: 'string', default: '60' },
    shot: { type: 'string' },
    query: { type: 'string', default: 'demo' },
    width: { type: 'string', default: '1400' },
    height: { type: 'string', default: '800' },
    dpr: { type: 'string', default: '1' },
    edits: { type: 'string', default: '20' },
    opens: { type: 'string', default: '5' },
    pngs: { type: 'string', default: '5' },
    'first-paint': { type: 'string', default: '5' },
    profile: { type: 'string' },
    'edit-profile': { type: 'string' },
    'edit-trace': { type: 'string' },
  },
});

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const out = mkdtempSync(join(tmpdir(), 'gantt-bench-'));
await build({
  entryPoints: [join(repo, 'renderer/gantt/bench/main.tsx')],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  jsx: 'automatic',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  // The chart's stylesheet (gantt.css, imported by the component) comes out beside it as bench.css.
  outfile: join(out, 'bench.js'),
  logLevel: 'warning',
});
writeFileSync(join(out, 'index.html'), readFileSync(join(repo, 'renderer/gantt/bench/index.html')));

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = path === '/' ? 'index.html' : path.slice(1);
  try {
    const body = readFileSync(join(out, file));
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({
    viewport: { width: Number(args.width), height: Number(args.height) },
    deviceScaleFactor: Number(args.dpr),
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (args.shot) {
    await page.goto(`${base}?${args.query}`);
    await page.waitForSelector('[data-testid="gantt"]');
    await page.waitForTimeout(300);
    if (args.query.includes('hover')) {
      const box = await page.locator('[data-testid="gantt"] canvas').last().boundingBox();
      await page.mouse.move(box.x + box.width * 0.45, box.y + 12);
      await page.waitForTimeout(200);
    }
    await page.screenshot({ path: args.shot });
    console.log(`wrote ${args.shot}`);
  } else {
    const sizes = args.sizes === 'none' ? [] : args.sizes.split(',').map(Number);
    if (sizes.length > 0) await benchGantt(page, sizes);
    const opens = Number(args.opens) > 0 || Number(args.pngs) > 0;
    if (Number(args.edits) > 0 || Number(args['first-paint']) > 0 || opens) {
      const { serveWeb } = await import('./web.mjs');
      const app = await serveWeb({ port: 0, quiet: true });
      try {
        if (Number(args.edits) > 0) await benchEdit(app.url, Number(args.edits));
        if (Number(args['first-paint']) > 0) await benchFirstPaint(app.url, Number(args['first-paint']));
        if (opens) await benchOpenAndPng(app.url);
      } finally {
        await app.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}

/** First paint and pan/zoom frame times of the Gantt bench page for ZB-H1 timelines of `sizes` ops. */
async function benchGantt(page, sizes) {
  await page.goto(base);
  await page.waitForFunction(() => 'ganttBench' in window);
  const steps = Number(args.steps);
  console.log(
    `Gantt render benchmark (Chromium software raster, ${args.width}x${args.height}, dpr ${args.dpr})`,
  );
  console.log(
    'frame = interval between animation frames while the view changes every frame (16.7 = 60 fps);',
  );
  console.log(
    'work = React render + canvas draw per frame. Columns: pan at fit (all ops visible), zoom, pan at 1/50.',
  );
  console.log(
    '   size      ops  first paint  frame: pan fit (med/p95)  zoom (med/p95)  pan zoomed (med/p95)',
  );
  for (const size of sizes) {
    const ops = await page.evaluate((n) => window.ganttBench.prepare(n), size);
    const { firstPaint } = await page.evaluate(() => window.ganttBench.mount());
    const makespan = await page.evaluate(() => window.ganttBench.makespan());
    const fitSpan = makespan * 1.02;
    const t0 = -makespan * 0.01;
    // Pan at the fitted zoom (every op visible: the level-of-detail path).
    const pan = Array.from({ length: steps }, (_, i) => ({
      t0: t0 + ((i % 10) - 5) * fitSpan * 0.02,
      t1: t0 + fitSpan + ((i % 10) - 5) * fitSpan * 0.02,
    }));
    // Zoom in towards the middle by 1.25x per step, down to ~1/800 of the span, then back out.
    const zoom = [];
    const mid = makespan / 2;
    for (let i = 0; i < steps; i++) {
      const k = i < steps / 2 ? i : steps - i;
      const span = fitSpan / 1.25 ** k;
      zoom.push({ t0: mid - span / 2, t1: mid + span / 2 });
    }
    // Pan when zoomed in to about 1/50 of the timeline.
    const zspan = fitSpan / 50;
    const panZoomed = Array.from({ length: steps }, (_, i) => ({
      t0: mid + (i - steps / 2) * zspan * 0.05,
      t1: mid + (i - steps / 2) * zspan * 0.05 + zspan,
    }));
    const r1 = await page.evaluate((v) => window.ganttBench.animate(v), pan);
    const r2 = await page.evaluate((v) => window.ganttBench.animate(v), zoom);
    const r3 = await page.evaluate((v) => window.ganttBench.animate(v), panZoomed);
    const fmt = (xs) => `${pct(xs, 0.5).toFixed(1).padStart(6)}/${pct(xs, 0.95).toFixed(1).padStart(6)}`;
    console.log(
      `${String(size).padStart(7)} ${String(ops).padStart(8)} ${firstPaint.toFixed(0).padStart(9)} ms` +
        `  ${fmt(r1.frame)} ms        ${fmt(r2.frame)} ms  ${fmt(r3.frame)} ms`,
    );
    console.log(
      `${''.padStart(24)}main-thread work: ${fmt(r1.work)} ms        ${fmt(r2.work)} ms  ${fmt(r3.work)} ms`,
    );
  }
  console.log('targets: 100k first paint <= 300 ms, pan/zoom frame <= 33 ms; 1M frame <= 150 ms');
}

/** A page of the app at `url`, its chart drawn, reporting page errors. */
async function appPage(url) {
  const page = await browser.newPage({
    viewport: { width: Number(args.width), height: Number(args.height) },
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid="gantt"][data-ops]');
  return page;
}

/**
 * The app opens on examples/deepseek-v3.json (DualPipe, 16 devices, 64 micro-batches, parts).
 * Each edit sets micro-batches to 62 or 64 through the editor field, as typing does, and times it
 * until the animation frame after the chart shows the new op count (analysis, React commit and
 * the chart's redraw included).
 * With --edit-profile FILE, also writes a CPU profile of the page's main thread during the edits
 * (.cpuprofile); with --edit-trace FILE, a Chrome trace (page, workers, frames; open it in
 * chrome://tracing or Perfetto).
 */
async function benchEdit(url, edits) {
  const page = await appPage(url);
  const cdp = args['edit-profile'] || args['edit-trace'] ? await page.context().newCDPSession(page) : null;
  if (args['edit-profile']) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (args['edit-trace']) {
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-devtools.timeline.frame',
          'v8.execute',
          'blink.user_timing',
          'toplevel',
        ],
      },
      transferMode: 'ReturnAsStream',
    });
  }
  const times = [];
  for (let k = 0; k < edits; k++) {
    const ms = await page.evaluate(
      async (value) => {
        const input = document.querySelector('[data-testid="field-microbatches"]');
        const before = document.querySelector('[data-testid="gantt"]').getAttribute('data-ops');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const t0 = performance.now();
        setValue.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => {
          const check = () => {
            const g = document.querySelector('[data-testid="gantt"]');
            if (g && g.getAttribute('data-ops') !== before) requestAnimationFrame(() => resolve());
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
        return performance.now() - t0;
      },
      k % 2 === 0 ? 62 : 64,
    );
    times.push(ms);
  }
  if (args['edit-profile']) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(args['edit-profile'], JSON.stringify(profile));
    console.log(`wrote ${args['edit-profile']}`);
  }
  if (args['edit-trace']) {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    writeFileSync(args['edit-trace'], text);
    console.log(`wrote ${args['edit-trace']}`);
  }
  console.log(
    `\nedit of the DeepSeek-V3 example (micro-batches 64 <-> 62) to the redrawn chart: median ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms over ${edits} edits (target <= 33 ms)`,
  );
  await page.close();
}

/**
 * A million-op scenario opened in the app (ZB-H1, 16 devices, 20,834 micro-batches, F = B = W =
 * 1 ms: 1,000,032 ops; alternately 20,833 so every run is a new analysis), timed from replacing
 * the document to the animation frame after the chart shows its op count: the analysis in the
 * worker (schedule, simulation, metrics), the structured clone back, the layout and the first
 * frame. With --profile FILE, also writes a CPU profile of the page's main thread (.cpuprofile).
 */
async function benchFirstPaint(url, runs) {
  const page = await appPage(url);
  const cdp = args.profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const times = [];
  for (let k = 0; k < runs; k++) {
    const microbatches = k % 2 === 0 ? 20_834 : 20_833;
    const ms = await page.evaluate(async (m) => {
      const store = window.__pipescope;
      const s = structuredClone(store.scenario);
      Object.assign(s, {
        name: '1M ops',
        schedule: 'zb-h1',
        devices: 16,
        microbatches: m,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 1 },
        p2p: { time: 0, occupiesComm: false },
        parts: null,
        pairing: 'off',
      });
      s.memory = { ...s.memory, capacity: null, activationBudget: null };
      const expected = String(48 * m);
      const t0 = performance.now();
      store.replaceDocument(s, { path: null, name: '1m.json' });
      await new Promise((resolve) => {
        const check = () => {
          const g = document.querySelector('[data-testid="gantt"]');
          if (g && g.getAttribute('data-ops') === expected) requestAnimationFrame(() => resolve());
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return performance.now() - t0;
    }, microbatches);
    times.push(ms);
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(args.profile, JSON.stringify(profile));
    console.log(`wrote ${args.profile}`);
  }
  console.log(
    `a million-op scenario (ZB-H1, 16 x 20,834) opened to its first painted chart: median ${pct(times, 0.5).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms over ${runs} runs (target <= 600 ms)`,
  );
  await page.close();
}

/**
 * Open -> chart: a fresh page of the app (which opens on examples/deepseek-v3.json), from the
 * navigation's start to the animation frame after the chart shows its ops (loading the scripts,
 * the first analysis, the first render and paint). PNG export: Export > PNG of the same
 * example, from the click to the PNG's bytes handed to the download (the picture planned and
 * painted on a canvas at 2x, then encoded).
 */
async function benchOpenAndPng(url) {
  const opens = [];
  const pngs = [];
  for (let k = 0; k < Math.max(Number(args.opens), 1); k++) {
    const page = await browser.newPage({
      viewport: { width: Number(args.width), height: Number(args.height) },
    });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.addInitScript(() => {
      window.__chartAt = new Promise((resolve) => {
        const check = () => {
          if (document.querySelector('[data-testid="gantt"][data-ops]'))
            requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    });
    await page.goto(url);
    const at = await page.evaluate(() => window.__chartAt);
    if (k < Number(args.opens)) opens.push(at);
    if (k === 0) {
      for (let j = 0; j < Number(args.pngs); j++) {
        await page.getByTestId('export-menu').click();
        pngs.push(
          await page.evaluate(async () => {
            const original = URL.createObjectURL;
            let handed;
            const done = new Promise((resolve) => {
              handed = resolve;
            });
            URL.createObjectURL = (blob) => {
              if (blob instanceof Blob && blob.type === 'image/png') handed(performance.now());
              return original.call(URL, blob);
            };
            try {
              const t0 = performance.now();
              document.querySelector('[data-testid="cmd-export-png"]').click();
              return (await done) - t0;
            } finally {
              URL.createObjectURL = original;
            }
          }),
        );
      }
    }
    await page.close();
  }
  if (opens.length > 0)
    console.log(
      `open -> chart: a new page of the app to the DeepSeek-V3 example's painted chart: median ${pct(opens, 0.5).toFixed(0)} ms, min ${Math.min(...opens).toFixed(0)} ms over ${opens.length} loads (target <= 500 ms)`,
    );
  if (pngs.length > 0)
    console.log(
      `PNG export of the DeepSeek-V3 example (click to bytes, 2x): median ${pct(pngs, 0.5).toFixed(0)} ms, min ${Math.min(...pngs).toFixed(0)} ms over ${pngs.length} exports (target <= 300 ms)`,
    );
}

function pct(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
