import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the analysis worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('configures zod jitless before core/format builds its schemas, so zod never probes for eval', async () => {
    // zod's probe for compiling parsers is `new Function("")`, made when the first object schema
    // is built unless jitless is set: under the page's policy it is reported as a violation.
    const compiled: unknown[][] = [];
    const RealFunction = Function;
    vi.stubGlobal(
      'Function',
      new Proxy(RealFunction, {
        construct(target, args) {
          compiled.push(args);
          return Reflect.construct(target, args);
        },
      }),
    );
    vi.stubGlobal('self', {});
    await import('./analysis.worker');
    expect(compiled).toEqual([]);
  });
});
