import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VIA, attribute, innermost } from './attribution';
import { TraceBuilder, readBuilt } from './synthetic';

const traceOf = readBuilt;

/** The annotation name each op (in trace order) is attributed to, or null. */
async function owners(b: TraceBuilder): Promise<(string | null)[]> {
  const t = await traceOf(b);
  const a = attribute(t);
  return Array.from(a.instanceOf, (k) => {
    if (k < 0) return null;
    const id =
      k < t.annotations.count ? t.annotations.name[k] : t.gpuAnnotations.name[k - t.annotations.count];
    return t.names[id];
  });
}

describe('attributing GPU ops to annotations', () => {
  it('gives a kernel to the innermost annotation open at its launch', async () => {
    const b = new TraceBuilder();
    b.annotation('step', 0, 1000);
    b.annotation('layer', 100, 400);
    b.annotation('attn(F)', 150, 100);
    b.kernel('in attn', { stream: 7, launch: 200, start: 210, dur: 10 });
    b.kernel('in layer only', { stream: 7, launch: 300, start: 310, dur: 10 });
    b.kernel('in step only', { stream: 7, launch: 700, start: 710, dur: 10 });
    b.kernel('outside', { stream: 7, launch: 1500, start: 1510, dur: 10 });
    expect(await owners(b)).toEqual(['attn(F)', 'layer', 'step', null]);
  });

  it('keeps a kernel with the annotation that launched it even when it runs after the annotation ends', async () => {
    const b = new TraceBuilder();
    b.annotation('dispatch(F)', 0, 50);
    b.annotation('mlp(F)', 60, 50);
    // launched at 40 (inside dispatch), runs 70..400: entirely during mlp(F) on the CPU clock
    b.kernel('late kernel', { stream: 27, launch: 40, start: 70, dur: 330 });
    expect(await owners(b)).toEqual(['dispatch(F)']);
  });

  it('counts a launch at the very start or end of an annotation as inside it', async () => {
    const b = new TraceBuilder();
    b.annotation('a', 100, 50);
    b.kernel('at start', { stream: 7, launch: 100, start: 200, dur: 1 });
    b.kernel('at end', { stream: 7, launch: 150, start: 210, dur: 1 });
    b.kernel('just after', { stream: 7, launch: 150.5, start: 220, dur: 1 });
    expect(await owners(b)).toEqual(['a', 'a', null]);
  });

  it('attributes launches from another thread of the same process (autograd), not of another process', async () => {
    const b = new TraceBuilder({ pid: 10, tid: 10 });
    b.annotation('## backward ##', 0, 1000, 10); // on the main thread
    b.kernel('autograd kernel', { stream: 7, launch: 500, start: 510, dur: 5, tid: 99 });
    const other = new TraceBuilder({ pid: 20 });
    other.annotation('other process', 0, 1000);
    b.events.push(...other.events);
    expect(await owners(b)).toEqual(['## backward ##']);
  });

  it('finds launches through ac2g flow starts when the runtime event is missing, else through GPU ranges', async () => {
    const b = new TraceBuilder();
    b.annotation('cpu range', 0, 100);
    b.orphanKernel('flow only', { stream: 7, start: 200, dur: 5, flowAt: 50 });
    b.gpuAnnotation('gpu range', { stream: 7, start: 300, dur: 100 });
    b.gpuAnnotation('gpu inner', { stream: 7, start: 320, dur: 10 });
    b.orphanKernel('no launch, in gpu inner', { stream: 7, start: 325, dur: 1 });
    b.orphanKernel('no launch, other stream', { stream: 8, start: 325, dur: 1 });
    b.orphanKernel('no launch, nowhere', { stream: 7, start: 900, dur: 1 });
    expect(await owners(b)).toEqual(['cpu range', 'gpu inner', null, null]);
    const a = attribute(await traceOf(b));
    expect(Array.from(a.via)).toEqual([VIA.launch, VIA.gpuAnnotation, VIA.none, VIA.none]);
  });
});

describe('innermost', () => {
  it('finds the shortest containing interval, as checking every interval does', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 30 }));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 25 }),
        fc.array(fc.integer({ min: -5, max: 85 }), { maxLength: 25 }),
        (iv, pts) => {
          const start = (k: number) => iv[k][0];
          const end = (k: number) => iv[k][0] + iv[k][1];
          const got = new Map<number, number>();
          innermost(
            iv.map((_, k) => k),
            start,
            end,
            pts.map((_, q) => q),
            (q) => pts[q],
            (q, k) => got.set(q, k),
          );
          pts.forEach((t, q) => {
            // naive: every containing interval; shortest, then latest start, then latest index
            let best = -1;
            for (let k = 0; k < iv.length; k++) {
              if (start(k) > t || end(k) < t) continue;
              const lk = end(k) - start(k);
              const lb = best < 0 ? Number.POSITIVE_INFINITY : end(best) - start(best);
              if (
                lk < lb ||
                (lk === lb && (start(k) > start(best) || (start(k) === start(best) && k > best)))
              )
                best = k;
            }
            expect(got.get(q) ?? -1).toBe(best);
          });
        },
      ),
    );
  });
});
