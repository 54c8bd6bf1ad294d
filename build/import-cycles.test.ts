import { describe, expect, it } from 'vitest';
import {
  describeCycle,
  findCycles,
  importGraph,
  importSpecifiers,
  resolveSpecifier,
} from './import-cycles.mjs';

/** A graph from "a -> b c" lines. */
function graph(lines: string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const line of lines) {
    const [from, to] = line.split('->').map((s) => s.trim());
    g.set(from, to ? to.split(/\s+/) : []);
  }
  return g;
}

describe('importSpecifiers', () => {
  it('counts type-only imports, re-exports, side-effect, dynamic and require imports, and only relative ones', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B, c } from '../b';",
      "export * from './c';",
      "export { d } from './d';",
      "import './e.css';",
      "const f = await import('./f');",
      "const g = require('./g');",
      "type H = import('./h').H;",
      "import { scaleLinear } from 'd3';",
      "import { readFileSync } from 'node:fs';",
      "// import { z } from './commented-out';",
      'const s = "import { q } from \'./in-a-string\'";',
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a', '../b', './c', './d', './e.css', './f', './g', './h']);
  });
});

describe('resolveSpecifier', () => {
  const files = new Set(['/r/core/x.ts', '/r/core/dir/index.ts', '/r/ui/view.tsx', '/r/build/tool.mjs']);
  const isFile = (p: string) => files.has(p);
  it('finds the source file an extensionless, folder or .js specifier names', () => {
    expect(resolveSpecifier('/r/core/y.ts', './x', isFile)).toBe('/r/core/x.ts');
    expect(resolveSpecifier('/r/core/y.ts', './dir', isFile)).toBe('/r/core/dir/index.ts');
    expect(resolveSpecifier('/r/core/y.ts', '../ui/view', isFile)).toBe('/r/ui/view.tsx');
    expect(resolveSpecifier('/r/core/y.ts', './x.js', isFile)).toBe('/r/core/x.ts');
    expect(resolveSpecifier('/r/build/a.mjs', './tool.mjs', isFile)).toBe('/r/build/tool.mjs');
  });
  it('gives null for a stylesheet or a missing file', () => {
    expect(resolveSpecifier('/r/ui/view.tsx', './styles.css', isFile)).toBeNull();
    expect(resolveSpecifier('/r/core/y.ts', './missing', isFile)).toBeNull();
  });
});

describe('findCycles', () => {
  it('finds nothing in a graph without cycles, however tangled', () => {
    expect(findCycles(graph(['a -> b c', 'b -> c d', 'c -> d', 'd ->']))).toEqual([]);
  });

  it('reports a two-module cycle once, starting at its smallest module', () => {
    expect(findCycles(graph(['b -> a', 'a -> b', 'c -> a']))).toEqual([['a', 'b']]);
  });

  it('reports a module that imports itself', () => {
    expect(findCycles(graph(['a -> a b', 'b ->']))).toEqual([['a']]);
  });

  it('reports every elementary cycle of a group that shares modules, shortest first', () => {
    // a -> b -> a, b -> c -> b and a -> b -> c -> a: three cycles through b.
    expect(findCycles(graph(['a -> b', 'b -> a c', 'c -> a b']))).toEqual([
      ['a', 'b'],
      ['b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('reports cycles of separate groups separately', () => {
    expect(findCycles(graph(['a -> b', 'b -> a', 'x -> y', 'y -> z', 'z -> x']))).toEqual([
      ['a', 'b'],
      ['x', 'y', 'z'],
    ]);
  });

  it('stops at the limit per group', () => {
    // A complete graph on 5 nodes has 84 elementary cycles.
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const complete = graph(nodes.map((n) => `${n} -> ${nodes.filter((m) => m !== n).join(' ')}`));
    expect(findCycles(complete, 1000)).toHaveLength(84);
    expect(findCycles(complete, 10)).toHaveLength(10);
  });

  it('follows a type-only import between two files into a cycle', () => {
    const sources: Record<string, string> = {
      '/r/a.ts': "import type { B } from './b';\nexport interface A { b: B }",
      '/r/b.ts': "export { type A } from './a';\nexport interface B { n: number }",
      '/r/c.ts': "import { type A } from './a';",
    };
    const g = importGraph(Object.keys(sources), (f) => sources[f]);
    expect(findCycles(g).map((c) => describeCycle(c, '/r'))).toEqual(['a.ts -> b.ts -> a.ts']);
  });
});
