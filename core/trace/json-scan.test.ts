import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAT, EventFields, NEED_MORE, parseEvent, readNumber, scanString, skipValue } from './json-scan';
import { readTrace } from './reader';
import { textChunks } from './synthetic';

describe('readNumber', () => {
  it('reads what JSON.parse reads, to within one part in 1e15', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
          fc.double({ min: -1e16, max: 1e16, noNaN: true }),
          fc
            .tuple(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 999_999 }))
            .map(([a, b]) => Number(`${a}.${String(b).padStart(6, '0')}`)),
        ),
        (x) => {
          const text = JSON.stringify(x);
          const v = readNumber(text, 0, text.length);
          const want = JSON.parse(text) as number;
          expect(Math.abs(v - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-15);
        },
      ),
    );
  });

  it('reads digits with a fraction exactly as written when they fit', () => {
    expect(readNumber('4458676522690.655', 0, 17)).toBe(4458676522690.655);
    expect(readNumber('-12.5e3', 0, 7)).toBe(-12500);
    expect(() => readNumber('1e', 0, 2)).toThrow('"1e" is not a number');
  });
});

describe('string and value scanning', () => {
  it('finds the closing quote past escaped quotes and backslashes', () => {
    const s = String.raw`"a\"b\\" , "x"`;
    expect(scanString(s, 0)).toBe(8);
    expect(scanString(String.raw`"a\"`, 0)).toBe(NEED_MORE);
  });

  it('skips nested values with brackets inside strings', () => {
    const s = `{"a": [1, "]}", {"b": "{"}], "c": null} tail`;
    expect(skipValue(s, 0)).toBe(s.indexOf(' tail'));
    expect(skipValue('{"a": [1, 2', 0)).toBe(NEED_MORE);
    expect(skipValue('123', 0)).toBe(NEED_MORE); // more digits may follow
    expect(skipValue('tru', 0)).toBe(NEED_MORE);
    expect(() => skipValue('nope', 0)).toThrow(/expected a value/);
  });
});

describe('parseEvent', () => {
  it('reads the fields the reader uses, in any order and with any spacing', () => {
    const ev = new EventFields();
    const s = `{ "args" : { "stream":7,"device" : 0 , "correlation": 12 },"dur":5.5,"ts":100,"tid":7,"pid":0,"name":"k","cat":"kernel","ph":"X"}`;
    expect(parseEvent(s, 0, ev)).toBe(s.length);
    expect([ev.ph, ev.catCode, ev.name(s), ev.pid, ev.tid, ev.ts, ev.dur]).toEqual([
      'X',
      CAT.kernel,
      'k',
      0,
      7,
      100,
      5.5,
    ]);
    expect([ev.correlation, ev.device, ev.stream]).toEqual([12, 0, 7]);
  });

  it('reads only the keys it knows, not look-alikes of the same length and first letter', () => {
    const ev = new EventFields();
    const s = `{"cab": "kernel", "pix": 9, "tidy": 9, "nome": "x", "argz": {"correlation": 5}, "ts": 1, "args": {"External id": 3, "cxrrelation": 4, "devise": 8, "stream": 7}}`;
    expect(parseEvent(s, 0, ev)).toBe(s.length);
    expect([ev.hasCat, ev.pid, ev.tid, ev.nameStart, ev.ts]).toEqual([false, Number.NaN, Number.NaN, -1, 1]);
    expect([ev.correlation, ev.device, ev.stream]).toEqual([Number.NaN, Number.NaN, 7]);
  });

  it('takes Kineto\'s `"key": value, ` spacing and any other spacing alike', () => {
    const a = new EventFields();
    const b = new EventFields();
    const kineto = `{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 100, "dur": 5, "args": {"correlation": 12}}`;
    const odd = `{"ph" :"X" ,  "cat":  "kernel",\n"name":\t"k" ,"pid":0,"tid": \n7, "ts":100 , "dur": 5,"args": { "correlation" :12 }}`;
    expect(parseEvent(kineto, 0, a)).toBe(kineto.length);
    expect(parseEvent(odd, 0, b)).toBe(odd.length);
    const fields = (e: EventFields, s: string) => [
      e.ph,
      e.catCode,
      e.name(s),
      e.pid,
      e.tid,
      e.ts,
      e.dur,
      e.correlation,
    ];
    expect(fields(b, odd)).toEqual(fields(a, kineto));
  });

  it('reads numbers in every JSON form, as JSON.parse does', () => {
    const ev = new EventFields();
    for (const raw of [
      '1682725898236567',
      '4458676522690.655',
      '-3',
      '1.5e3',
      '2E-2',
      '0.1234567890123456789',
      '123456789012345678901234',
    ]) {
      const want = JSON.parse(raw) as number;
      const s = `{"ts": ${raw}, "args": {"correlation": ${raw}}}`;
      expect(parseEvent(s, 0, ev)).toBe(s.length);
      expect(Math.abs(ev.ts - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-15);
      expect(ev.correlation).toBe(ev.ts);
    }
  });

  it('recognises older and other spellings of the categories', () => {
    const ev = new EventFields();
    for (const [cat, code] of [
      ['Kernel', CAT.kernel],
      ['Memcpy', CAT.memcpy],
      ['Memset', CAT.memset],
      ['hip_runtime', CAT.runtime],
      ['cuda_driver', CAT.runtime],
      ['gpu_user_annotation', CAT.gpuUserAnnotation],
      ['python_function', CAT.other],
    ] as const) {
      const s = `{"cat": "${cat}", "ph": "X"}`;
      parseEvent(s, 0, ev);
      expect([cat, ev.catCode]).toEqual([cat, code]);
    }
  });

  it('asks for more text when the event is cut anywhere', () => {
    const s = `{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 100, "dur": 5, "args": {"correlation": 12}}`;
    const ev = new EventFields();
    for (let cut = 1; cut < s.length; cut++) expect(parseEvent(s.slice(0, cut), 0, ev)).toBe(NEED_MORE);
  });
});

describe('events longer than a chunk', () => {
  it('reads an event far longer than the chunks, in the same number of events', async () => {
    const long = 'x'.repeat(200_000);
    const text = `{"traceEvents": [
      {"ph": "X", "cat": "user_annotation", "name": "${long}", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
      {"ph": "X", "cat": "cpu_op", "name": "op", "pid": 1, "tid": 1, "ts": 1, "dur": 1, "args": {"pad": "${long}"}},
      {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 2, "dur": 1}]}`;
    const r = await readTrace(textChunks(text, 4096));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trace.events).toBe(3);
    expect(r.trace.names[r.trace.annotations.name[0]]).toBe(long);
    expect(r.trace.ops.count).toBe(1);
  });
});
