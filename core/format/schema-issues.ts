import type { PathError } from '../model/path-error';
import { describeValue } from './migrations';
import { type PathSegment, formatPath } from './paths';

/**
 * zod's issues in our words: each becomes an error at its JSON path that says what the value must
 * be and what it is ("must be at least 0 ms (got -2)"). The schema (schema.ts) says what is valid;
 * this says it the way every PipeScope message does.
 */

/** The subset of zod 4 issue fields we read. */
export interface Issue {
  code: string;
  path: PathSegment[];
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  values?: unknown[];
  divisor?: number;
  errors?: Issue[][];
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function unitOf(path: PathSegment[]): string {
  const top = path[0];
  if (top === 'costs' || top === 'parts' || (top === 'p2p' && path[1] === 'time')) return ' ms';
  if (top === 'memory' && path[1] !== 'activationBudget') return ' bytes';
  return '';
}

const fmtNumber = (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : n.toLocaleString('en-US'));

export function schemaIssueErrors(issue: Issue, base: PathSegment[], input: unknown): PathError[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    // Report the branch the value was meant for: the one whose type matched.
    const matching = issue.errors.find(
      (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    );
    if (matching) return matching.flatMap((i) => schemaIssueErrors(i, path, input));
    // A number that no branch takes (NaN, Infinity) was meant for the number branch.
    const got = valueAt(input, path);
    const numeric = issue.errors.find((b) => b.some((i) => i.path.length === 0 && i.expected === 'number'));
    if (typeof got === 'number' && numeric) return numeric.flatMap((i) => schemaIssueErrors(i, path, input));
    const expected = issue.errors.map(
      (b) => b.find((i) => i.code === 'invalid_type')?.expected ?? 'something else',
    );
    return [
      {
        path: formatPath(path),
        message: `expected ${expected.join(' or ')} (got ${describeValue(got)})`,
      },
    ];
  }
  return [{ path: formatPath(path), message: issueMessage(issue, path, valueAt(input, path)) }];
}

function issueMessage(issue: Issue, path: PathSegment[], got: unknown): string {
  const unit = unitOf(path);
  const gotText = describeValue(got);
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return 'missing';
      if (issue.expected === 'int') return `must be a whole number (got ${gotText})`;
      if (typeof got === 'number' && !Number.isFinite(got)) return `must be a finite number (got ${gotText})`;
      return `expected ${article(issue.expected ?? 'value')} (got ${gotText})`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${fmtNumber(issue.minimum ?? 0)} value(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${fmtNumber(issue.minimum ?? 0)}${unit} (got ${gotText})`;
    case 'too_big':
      if (issue.origin === 'array')
        return `has more than ${fmtNumber(issue.maximum ?? 0)} values (got ${gotText})`;
      if (issue.origin === 'string') return `is longer than ${fmtNumber(issue.maximum ?? 0)} characters`;
      return `must be at most ${fmtNumber(issue.maximum ?? 0)}${unit} (got ${gotText})`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')} (got ${gotText})`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor} (got ${gotText})`;
    default:
      return `${issue.message} (got ${gotText})`;
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
