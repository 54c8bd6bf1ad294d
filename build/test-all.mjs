#!/usr/bin/env node
// `npm test`: every suite in order — lint, type check, import cycles, unit/property tests (Vitest), end-to-end
// tests (Playwright, web project in Chromium; electron project where a binary exists) — and one
// closing line `N passed, N failed` that sums them all. Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args) === 0;
  ok ? passed++ : failed++;
  results.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
}

mkdirSync('test-results', { recursive: true });

check('lint', 'npx', ['biome', 'check', '.']);
check('typecheck core (pure: no DOM, Node or Electron)', 'npx', [
  'tsc',
  '-p',
  'core/tsconfig.json',
  '--noEmit',
]);
check('typecheck all', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
check('import cycles', 'node', ['build/import-cycles.mjs']);

const vitestJson = 'test-results/vitest.json';
rmSync(vitestJson, { force: true });
const vitestCode = run('unit and property tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  results.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
  if (vitestCode !== 0 && v.numFailedTests === 0) {
    failed++;
    results.push('vitest: exited non-zero (a suite failed to load?)');
  }
} else {
  failed++;
  results.push('vitest: produced no report');
}

if (existsSync('playwright.config.ts')) {
  const pwJson = 'test-results/playwright.json';
  rmSync(pwJson, { force: true });
  const browser = run('ensure Chromium', 'node', ['build/ensure-chromium.mjs']);
  if (browser !== 0) {
    failed++;
    results.push('e2e: no Chromium (see above)');
  } else {
    const pwCode = run('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    });
    if (existsSync(pwJson)) {
      const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
      passed += s.expected + s.flaky;
      failed += s.unexpected;
      skipped += s.skipped;
      results.push(
        `playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`,
      );
      if (pwCode !== 0 && s.unexpected === 0) {
        failed++;
        results.push('playwright: exited non-zero');
      }
    } else {
      failed++;
      results.push('playwright: produced no report');
    }
  }
}

console.log(`\n=== summary\n${results.map((r) => `- ${r}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
