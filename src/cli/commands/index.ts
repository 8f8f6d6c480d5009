// The table of subcommands: name → one-line summary and a lazy loader.
import type { Command } from '../command.ts';

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  rules: {
    summary: 'Procedural rules: list presets, evaluate votes from JSON Lines',
    load: async () => (await import('./rules.ts')).command,
  },
  serve: {
    summary: 'start the server (127.0.0.1:8080 by default)',
    load: async () => (await import('./serve.ts')).command,
  },
  restart: {
    summary: 'replace the workers of a running `serve --workers N` one at a time (SIGHUP)',
    load: async () => (await import('./restart.ts')).command,
  },
  config: {
    summary: 'print the effective configuration (secrets masked)',
    load: async () => (await import('./config.ts')).command,
  },
  migrate: {
    summary: 'bring the database schema up to date',
    load: async () => (await import('./migrate.ts')).command,
  },
  demo: {
    summary: 'add the demo body (the Smolninskoye council, September 2022)',
    load: async () => (await import('./demo.ts')).command,
  },
  admin: {
    summary: 'manage accounts: site administrators, roles, reset links',
    load: async () => (await import('./admin.ts')).command,
  },
  verify: {
    summary: "check a body's record log: signature, tree, replayed outcomes, stored rows",
    load: async () => (await import('./verify.ts')).command,
  },
  mirror: {
    summary: "follow a body's log, keep a verified copy, serve it, and act as a witness",
    load: async () => (await import('./mirror.ts')).command,
  },
  backup: {
    summary: 'copy the database while the server runs (SQLite online backup, pg_dump)',
    load: async () => (await import('./backup.ts')).backupCommand,
  },
  restore: {
    summary: 'restore a backup into a new database',
    load: async () => (await import('./backup.ts')).restoreCommand,
  },
  export: {
    summary: "write a body's whole public record as static files",
    load: async () => (await import('./export.ts')).command,
  },
  import: {
    summary: 'import a roster (seats and their holders) from CSV',
    load: async () => (await import('./import.ts')).command,
  },
  elections: {
    summary: 'count a BLT file by Scottish STV, Meek STV, plurality, approval or majority',
    load: async () => (await import('./elections.ts')).command,
  },
  appeals: {
    summary: 'appeal deadlines: compute a due date with its explanation; list deadline presets',
    load: async () => (await import('./appeals.ts')).command,
  },
};
