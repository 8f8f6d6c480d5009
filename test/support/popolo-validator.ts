// Popolo's own JSON schemas (draft-03, test/fixtures/popolo) in a validator that implements
// draft-03 (`jsonschema`: `required: true` on properties, `extends`, `disallow`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from 'jsonschema';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'popolo');

export function popoloValidator() {
  const v = new Validator();
  const schemas: Record<string, Schema> = {};
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Schema & { id: string };
    v.addSchema(schema, schema.id);
    schemas[file.replace(/^popolo-|\.json$/g, '')] = schema;
  }
  return {
    /** Errors of one object against a Popolo schema by name ('vote_event', 'person', …). */
    errors(kind: string, instance: unknown): string[] {
      const schema = schemas[kind];
      if (!schema) throw new Error(`no Popolo schema "${kind}"`);
      return v.validate(instance, schema).errors.map((e) => `${e.property} ${e.message}`);
    },
  };
}
