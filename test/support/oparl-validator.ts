// OParl 1.1's JSON schemas (test/fixtures/oparl/schema, CC BY-SA 4.0: see its NOTICE.md) in the
// `jsonschema` validator. The schemas mark embedded objects with a keyword of the spec's own
// tooling (`schema`), which no validator reads: `errors` therefore validates every embedded object
// (any object value with an OParl `type`) against its own type's schema too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from 'jsonschema';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'oparl', 'schema');
const PREFIX = 'https://schema.oparl.org/1.1/';

export function oparlValidator() {
  const v = new Validator();
  // The schemas' `format: "url"` is no JSON Schema format the validator knows: an absolute http(s) URL.
  v.customFormats.url = (s: unknown) => typeof s !== 'string' || /^https?:\/\/[^\s]+$/.test(s);
  const schemas: Record<string, Schema> = {};
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')))
    schemas[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Schema;
  /** Every object with an OParl type inside `value` (itself included), with its path. */
  function* typed(value: unknown, path: string): Generator<[string, Record<string, unknown>]> {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) yield* typed(item, `${path}[${i}]`);
    } else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith(PREFIX)) yield [path, o];
      for (const [k, item] of Object.entries(o)) yield* typed(item, `${path}.${k}`);
    }
  }
  return {
    typeNames: Object.keys(schemas),
    /** The objects inside an answer (itself, embedded ones) with an OParl type. */
    typed: (value: unknown) => [...typed(value, '$')],
    /** Errors of an object and of every object embedded in it, each against its type's schema. */
    errors(instance: unknown): string[] {
      const out: string[] = [];
      for (const [path, o] of typed(instance, '$')) {
        const name = (o.type as string).slice(PREFIX.length);
        const schema = schemas[name];
        if (!schema) {
          out.push(`${path}: no OParl schema for type ${name}`);
          continue;
        }
        for (const e of v.validate(o, schema).errors) out.push(`${path} (${name}) ${e.property} ${e.message}`);
      }
      return out;
    },
  };
}
