import { z } from 'zod';
import { scenarioFileSchema } from './schema';

/**
 * The published JSON Schema of scenario files (schema/pipescope-scenario.schema.json), generated
 * from the zod schema so the two cannot disagree. Input form: fields with defaults are optional.
 * Unknown fields are allowed (PipeScope keeps them). Regenerate with `node build/gen-schema.mjs`;
 * json-schema.test.ts fails while the committed file is stale.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return { $schema, $id: 'pipescope-scenario.schema.json', ...rest };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
