// The database as a migration sees it. A migration runs against the schema as it stood when the
// migration was written, not against today's `schema.ts`, so it works untyped (Kysely's own advice
// for migrations); this alias is the one place that says so.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's schema types
export type MigrationDb = Kysely<any>;
