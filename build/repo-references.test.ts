import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Knowledge lives in the repository: no tracked file may point a reader at something they cannot
 * open from a clone: notes kept beside the repository (the domain, API and conventions notes, or
 * any path into a `shared` folder next to it) or an issue tracker's numbers. What such a pointer
 * stood for belongs in docs/ (docs/contributing.md, "Knowledge lives in the repository").
 *
 * The patterns are assembled from pieces so that this file does not match itself.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTSIDE_NOTES = ['DOMAIN', 'APIS', 'CONVENTIONS'].map((name) => `${name}\\.md`).join('|');
const OUTSIDE_FOLDER = ['\\.\\.', 'shared'].join('/');
const ISSUE_NUMBER = `[Ii]ssues? #?[0-9]+`;
const FORBIDDEN = new RegExp(`(${OUTSIDE_NOTES})|${OUTSIDE_FOLDER}|\\b${ISSUE_NUMBER}`, 'i');

/** Folders that are never tracked: installs and build output. */
const UNTRACKED_DIRS = new Set(['.git', 'node_modules', 'dist', 'out', 'test-results', 'playwright-report']);

/** The repository's tracked files; on a copy without git, every file outside build output. */
function repositoryFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' })
      .split('\0')
      .filter((f) => f !== '');
  } catch {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!UNTRACKED_DIRS.has(entry.name)) walk(full);
        } else out.push(relative(ROOT, full).split(sep).join('/'));
      }
    };
    walk(ROOT);
    return out;
  }
}

/** "path:line: text" for every line of every text file that matches. */
function findReferences(files: string[], read: (file: string) => Buffer): string[] {
  const found: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = read(file);
    } catch {
      continue; // listed by git but deleted in the working tree
    }
    if (bytes.includes(0)) continue; // binary (icons)
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (FORBIDDEN.test(lines[i])) found.push(`${file}:${i + 1}: ${lines[i].trim().slice(0, 160)}`);
    }
  }
  return found;
}

describe('references to things outside the repository', () => {
  it('recognises the notes beside the repository, a path into the shared folder and issue numbers', () => {
    const bad = [
      `see ${'DOMAIN'}.md for the formula`,
      `(${'APIS'}.md names)`,
      `in ${'conventions'}.md`,
      `../${'shared'}/traces/a.json`,
      `as ${'issue'} 6 asks`,
      `${'Issue'} #12's target`,
      `(${'issues'} 3)`,
    ];
    const good = [
      'see docs/formulas.md for the formula',
      'the shared palette',
      'an issue with 3 devices',
      'tissue 4',
      '../schema/pipescope-scenario.schema.json',
    ];
    for (const line of bad) expect(FORBIDDEN.test(line), line).toBe(true);
    for (const line of good) expect(FORBIDDEN.test(line), line).toBe(false);
  });

  it('no tracked file names a note outside the repository or an issue number', () => {
    const files = repositoryFiles();
    expect(files).toContain('README.md');
    const found = findReferences(files, (f) => readFileSync(join(ROOT, f)));
    expect(found, `write what these point at into docs/ instead:\n${found.join('\n')}`).toEqual([]);
  });
});
