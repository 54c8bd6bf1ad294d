// Writes schema/pipescope-scenario.schema.json from the zod schema in core/format/schema.ts.
// core/format/json-schema.test.ts fails while the committed file differs from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = await build({
  entryPoints: [join(root, 'core/format/json-schema.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const mod = await import(
  `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
);
const target = join(root, 'schema/pipescope-scenario.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, mod.scenarioJsonSchemaText());
if (!process.argv.includes('--quiet')) console.log(`wrote ${target}`);
