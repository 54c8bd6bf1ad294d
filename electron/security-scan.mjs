#!/usr/bin/env node
// `npm run electronegativity`: Doyensec's Electronegativity over the Electron sources (electron/).
// Runs offline. (The bundles in dist/electron are not scanned: its directory loader skips .cjs
// files, so it would report every global check as missing.)
//
// Why a wrapper instead of the electronegativity command: v1.10.3's command reads its options as
// properties of `commander`, which it does not declare as a dependency; the hoisted commander here
// (7.x, from d3) keeps options in opts(), so the command ignores -i and prints its usage. Its
// runner (the same scan) works when called directly. Its translations are fetched from the
// network and fall back to the bundled en-US file only when LANG names a bundled locale, so LANG
// is set to en-US. Findings reviewed and accepted are listed in ACCEPTED with the reason (inline
// `eng-disable` comments in the sources cover the others that were reviewed). Exit status: 1 when
// any other finding or a parse error remains, else 0.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
process.env.LANG = 'en-US';

const run = require('@doyensec/electronegativity/dist/runner.js');
/** The checks that depend on the Electron version judge the one package.json pins. */
const ELECTRON_VERSION = require('../package.json').devDependencies.electron;
const inputs = [join(ROOT, 'electron')].filter((p) => existsSync(p));

/** Reviewed findings, by check id and file, with why they stay. */
const ACCEPTED = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'electron/main/app-protocol.ts',
    reason:
      "csp-evaluator's generic note that script-src 'self' is risky when the origin hosts JSONP or user uploads; " +
      'app://pipescope serves only the built renderer from the app package.',
  },
];

let problems = 0;
for (const input of inputs) {
  const result = await run({
    input,
    isRelative: false,
    isVerbose: true,
    customScan: [],
    excludeFromScan: [],
    electronVersionOverride: ELECTRON_VERSION,
    parserPlugins: [],
  });
  const name = relative(ROOT, input);
  console.log(
    `\n${name}: ${result.atomicChecks} atomic + ${result.globalChecks} global checks, ` +
      `${result.issues.length} finding(s), ${result.errors.length} parse error(s)`,
  );
  for (const issue of result.issues) {
    const accepted = ACCEPTED.find((a) => a.id === issue.id && relative(ROOT, issue.file) === a.file);
    if (accepted) {
      console.log(`  accepted ${issue.id} ${accepted.file}: ${accepted.reason}`);
      continue;
    }
    problems++;
    console.log(
      `  ${issue.id} [${issue.severity.name}/${issue.confidence.name}] ${relative(ROOT, issue.file)}:${issue.location.line}` +
        `${issue.manualReview ? ' (manual review)' : ''}\n    ${issue.description}`,
    );
  }
  for (const error of result.errors)
    console.log(
      `  parse ${error.tolerable ? 'warning' : 'error'}: ${relative(ROOT, error.file)}: ${error.message}`,
    );
  problems += result.errors.filter((e) => !e.tolerable).length;
}
console.log(
  problems === 0
    ? '\nElectronegativity: no findings.'
    : `\nElectronegativity: ${problems} finding(s) to review.`,
);
process.exitCode = problems === 0 ? 0 : 1;
