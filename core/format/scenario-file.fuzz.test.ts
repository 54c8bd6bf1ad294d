import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadResult, loadScenario, parseScenarioObject, saveScenario } from './scenario-file';
import { PATH_SYNTAX, documentText, mutatedDocument } from './testing/fuzz-documents';

// `npm run fuzz`: the long run (FUZZ_RUNS, 100,000 by default there). The 10,000-run version of
// these properties runs in npm test (scenario-file-fuzz.test.ts).
const runs = Number(process.env.FUZZ_RUNS ?? 100_000);

function check(r: LoadResult): void {
  if (r.ok) {
    const again = loadScenario(saveScenario(r.scenario));
    expect(again.ok && again.scenario).toEqual(r.scenario);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.path).toMatch(PATH_SYNTAX);
    expect(e.message).not.toMatch(/a bug in PipeScope/);
  }
}

describe(`scenario loader long fuzz (${runs} runs each)`, () => {
  it('never throws on mutated documents; every error has a path', () => {
    fc.assert(
      fc.property(mutatedDocument, (doc) => check(parseScenarioObject(doc))),
      { numRuns: runs },
    );
  });
  it('never throws on mutated text; every error has a path', () => {
    fc.assert(
      fc.property(documentText, (text) => check(loadScenario(text))),
      { numRuns: runs },
    );
  });
});
