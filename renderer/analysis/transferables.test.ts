import { describe, expect, it } from 'vitest';
import { transferablesOf } from './transferables';

describe('transferablesOf', () => {
  it('finds the buffer of every typed array in nested objects and arrays, each once', () => {
    const shared = new Float64Array(8);
    const a = new Int32Array(4);
    const value = {
      timeline: { start: shared.subarray(0, 4), end: shared.subarray(4), waitedFor: a },
      list: [{ again: a }, 3, 'x', null],
      name: 'analysis',
    };
    const found = transferablesOf(value);
    expect(found).toHaveLength(2);
    expect(new Set(found)).toEqual(new Set([shared.buffer, a.buffer]));
  });

  it('moves the arrays when posted with them: the receiver gets the values, the sender’s copies are detached', () => {
    const start = Float64Array.of(1, 2, 3);
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<Float64Array>((resolve) => {
      port2.onmessage = (e) => resolve((e.data as { start: Float64Array }).start);
    });
    port1.postMessage({ start }, transferablesOf({ start }));
    expect(start.length).toBe(0);
    return got.then((received) => {
      expect(Array.from(received)).toEqual([1, 2, 3]);
      port1.close();
      port2.close();
    });
  });

  it('survives cycles and leaves class instances alone', () => {
    const o: Record<string, unknown> = { a: new Uint8Array(2) };
    o.self = o;
    o.map = new Map([['k', new Uint8Array(3)]]);
    expect(transferablesOf(o)).toHaveLength(1);
  });
});
