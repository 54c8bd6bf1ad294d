import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../model/scenario';
import { scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema';

const published = join(__dirname, '..', '..', 'schema', 'pipescope-scenario.schema.json');

describe('published JSON Schema', () => {
  it('is what the zod schema generates (run `node build/gen-schema.mjs` after changing the schema)', () => {
    expect(readFileSync(published, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('requires only the header and describes every Scenario field', () => {
    const s = scenarioJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(s.required.sort()).toEqual(['format', 'version']);
    const fields = Object.keys(defaultScenario());
    for (const f of fields) expect(Object.keys(s.properties)).toContain(f);
  });

  it('allows unknown fields, because PipeScope keeps them', () => {
    expect(scenarioJsonSchemaText()).not.toContain('"additionalProperties": false');
  });

  it('states the caps that loading enforces', () => {
    const s = scenarioJsonSchema() as { properties: Record<string, { maximum?: number }> };
    expect(s.properties.microbatches.maximum).toBe(65_536);
    expect(s.properties.devices.maximum).toBe(1024);
  });
});
