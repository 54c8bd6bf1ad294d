#!/usr/bin/env node
// Import-cycle check (part of `npm test`): reads every TypeScript/JavaScript module under core,
// renderer, electron, cli, node and build, follows their relative imports — `import type`,
// `export ... from`, side-effect imports, `import()` and `require()` all count, because a cycle of
// types still ties the modules' designs together — and prints every cycle it finds. Exits 1 when
// there is one. `node build/import-cycles.mjs [folder...]` checks other folders.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CHECKED_FOLDERS = ['core', 'renderer', 'electron', 'cli', 'node', 'build'];
const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js|jsx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'test-results', 'playwright-report']);
/** How a relative specifier without an extension is resolved, in the bundlers' (and tsc's) order. */
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx', '/index.js'];
/** Enough to show every cycle of a tangled folder without flooding the log. */
const MAX_CYCLES_PER_GROUP = 50;

/** Relative module specifiers a source text imports (static, type-only, re-exports, dynamic, require). */
export function importSpecifiers(text) {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** The file a relative specifier names, or null when it names nothing on disk (e.g. a CSS import). */
export function resolveSpecifier(fromFile, specifier, isFile = defaultIsFile) {
  const base = resolve(dirname(fromFile), specifier);
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = base + suffix;
    if (SOURCE.test(candidate) && isFile(candidate)) return candidate;
  }
  // `./x.js` written for a `x.ts` source (TypeScript's NodeNext style).
  const swapped = base.replace(/\.(m|c)?js$/, '.$1ts');
  if (swapped !== base && isFile(swapped)) return swapped;
  return null;
}

function defaultIsFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function listSources(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listSources(join(dir, entry.name), out);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.mts')) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

/** Module graph: file -> the files it imports (only files inside the graph). */
export function importGraph(files, read = (f) => readFileSync(f, 'utf8')) {
  const inGraph = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const spec of importSpecifiers(read(file))) {
      const target = resolveSpecifier(file, spec, (p) => inGraph.has(p) || defaultIsFile(p));
      if (target !== null && inGraph.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components (Tarjan), iteratively so deep import chains cannot overflow. */
function stronglyConnected(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * Every elementary cycle of the graph, each as the list of its files starting at its smallest
 * name (so each cycle is reported once), at most `limit` per strongly connected group. A file
 * importing itself is a cycle of one.
 */
export function findCycles(graph, limit = MAX_CYCLES_PER_GROUP) {
  const cycles = [];
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    if (component.length === 1 && !(graph.get(component[0]) ?? []).includes(component[0])) continue;
    const found = [];
    // For each start node s (in sorted order), cycles through s using only nodes after s: each
    // elementary cycle is found exactly once, from its smallest member.
    const ordered = [...component].sort();
    for (let i = 0; i < ordered.length && found.length < limit; i++) {
      const start = ordered[i];
      const allowed = new Set(ordered.slice(i));
      const path = [start];
      const onPath = new Set([start]);
      const walk = [{ node: start, edge: 0 }];
      while (walk.length > 0 && found.length < limit) {
        const frame = walk[walk.length - 1];
        const edges = (graph.get(frame.node) ?? []).filter((t) => members.has(t) && allowed.has(t));
        if (frame.edge >= edges.length) {
          walk.pop();
          onPath.delete(path.pop());
          continue;
        }
        const to = edges[frame.edge++];
        if (to === start) found.push([...path]);
        else if (!onPath.has(to)) {
          path.push(to);
          onPath.add(to);
          walk.push({ node: to, edge: 0 });
        }
      }
    }
    cycles.push(...found);
  }
  return cycles.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

/** "a.ts -> b.ts -> a.ts", paths relative to the repository. */
export function describeCycle(cycle, root = ROOT) {
  const names = cycle.map((f) => relative(root, f).split(sep).join('/'));
  return [...names, names[0]].join(' -> ');
}

function main() {
  const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CHECKED_FOLDERS;
  const files = folders.flatMap((f) => listSources(join(ROOT, f)));
  const cycles = findCycles(importGraph(files));
  if (cycles.length === 0) {
    console.log(`import cycles: none in ${files.length} modules (${folders.join(', ')})`);
    return 0;
  }
  console.log(`import cycles: ${cycles.length} found in ${files.length} modules (${folders.join(', ')}):`);
  for (const cycle of cycles) console.log(`  ${describeCycle(cycle)}`);
  console.log('Break each one: move the shared type or function to a module both sides can import.');
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(main());
}
