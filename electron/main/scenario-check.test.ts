import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/format/scenario-file';
import {
  type CheckWorker,
  checkInWorker,
  checkScenarioTextWith,
  createScenarioChecker,
} from './scenario-check';

describe('checkScenarioTextWith (core/format loadScenario)', () => {
  it('accepts a minimal scenario file (defaults fill the rest)', () => {
    expect(checkScenarioTextWith(loadScenario, '{"format": "pipescope-scenario", "version": 1}')).toEqual({
      ok: true,
    });
  });

  it('refuses text that is not a scenario, naming where the problem is', () => {
    const r = checkScenarioTextWith(
      loadScenario,
      '{"format": "pipescope-scenario", "version": 1, "devices": "eight"}',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/devices/);
    expect(checkScenarioTextWith(loadScenario, 'not json').ok).toBe(false);
  });

  it('shows at most three errors and counts the rest', () => {
    const r = checkScenarioTextWith(
      () => ({ ok: false, errors: [1, 2, 3, 4, 5].map((i) => ({ path: `$.a${i}`, message: 'bad' })) }),
      '',
    );
    expect(r).toEqual({ ok: false, error: '$.a1: bad; $.a2: bad; $.a3: bad (and 2 more)' });
  });
});

/** The worker's code as build/build-electron.mjs bundles it (one self-contained CommonJS file). */
async function bundledWorker(): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [path.join(__dirname, 'scenario-check-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

describe('createScenarioChecker (a worker thread per check)', () => {
  const check = createScenarioChecker(bundledWorker);

  it('gives loadScenario’s verdict, errors with their paths', async () => {
    expect(await check('{"format": "pipescope-scenario", "version": 1}')).toEqual({ ok: true });
    const r = await check('{"format": "pipescope-scenario", "version": 1, "devices": "eight"}');
    expect(r).toEqual(
      checkScenarioTextWith(
        loadScenario,
        '{"format": "pipescope-scenario", "version": 1, "devices": "eight"}',
      ),
    );
    expect(r.ok).toBe(false);
  });

  it('checks a 12 MB scenario while this thread keeps turning its event loop', async () => {
    // One large unknown field (kept on save): 12 MB of JSON.
    const text = JSON.stringify({ format: 'pipescope-scenario', version: 1, notes: 'x'.repeat(12e6) });
    expect(text.length).toBeGreaterThan(12e6);
    let turns = 0;
    let done = false;
    const beat = () => {
      turns++;
      if (!done) setImmediate(beat);
    };
    setImmediate(beat);
    const r = await check(text);
    done = true;
    // Parsing 12 MB takes far longer than one turn of the loop: had it run on this thread, the
    // loop could not have turned while it did.
    expect(turns).toBeGreaterThan(10);
    expect(r.ok).toBe(loadScenario(text).ok);
  });

  it('ends a check that overruns its deadline, and says so', async () => {
    const stuck = createScenarioChecker(async () => 'for (;;) {}', { deadlineMs: 300 });
    expect(await stuck('{}')).toEqual({ ok: false, error: 'checking the scenario took longer than 0.3 s' });
  });

  it('survives a check that runs out of memory: the worker ends, this thread does not', async () => {
    const hungry = createScenarioChecker(
      async () => 'const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));',
      { heapMb: 16 },
    );
    const r = await hungry('{}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/could not be checked|stopped before answering/);
  });

  it('refuses when the worker’s code cannot be read, and reads it again next time', async () => {
    let reads = 0;
    const flaky = createScenarioChecker(async () => {
      reads++;
      if (reads === 1) throw new Error('ENOENT: scenario-check-worker.cjs');
      return bundledWorker();
    });
    expect(await flaky('{}')).toEqual({
      ok: false,
      error: 'the scenario could not be checked (ENOENT: scenario-check-worker.cjs)',
    });
    expect((await flaky('{"format": "pipescope-scenario", "version": 1}')).ok).toBe(true);
  });
});

describe('checkInWorker', () => {
  it('refuses an answer that is not a ScenarioCheck', async () => {
    const worker: CheckWorker = {
      on(event: string, listener: (value: never) => void) {
        if (event === 'message') queueMicrotask(() => listener({ ok: 'yes' } as never));
        return worker;
      },
      terminate: async () => 0,
    };
    expect(await checkInWorker(async () => worker)).toEqual({
      ok: false,
      error: 'the scenario check gave no answer',
    });
  });
});
