import { parseArgs } from 'node:util';
import { writeLine, type CliIo, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createRuntime } from '../../services/runtime.ts';
import { createDemo, demoExists, DEMO_SLUG, type DemoAccount } from '../../services/demo/create-demo.ts';

export function printDemoAccounts(
  io: CliIo,
  accounts: DemoAccount[],
  siteAdmin?: { username: string; password: string },
) {
  writeLine(
    io.stdout,
    `Demo body "${DEMO_SLUG}" created. Demo accounts (shown once; sign in at /sign-in or POST /api/v1/session):`,
  );
  if (siteAdmin)
    writeLine(
      io.stdout,
      `  site admin ${siteAdmin.username}  password: ${siteAdmin.password}  (the clerk's office: /office)`,
    );
  for (const a of accounts) writeLine(io.stdout, `  ${a.role.padEnd(10)} ${a.username}  password: ${a.password}`);
}

export const command: Command = {
  name: 'demo',
  summary: 'add the demo body (the Smolninskoye council, September 2022)',
  usage: `Usage: quorate demo [--db PATH|URL] [--json]

Adds the demo body "${DEMO_SLUG}" and demo accounts (clerk, chair, member) if it is absent.
${DB_HELP}
  --json          print the accounts as JSON`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { db: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const config = readConfig(io.env, values);
    return withDatabase(config.db, async (dialect) => {
      const runtime = createRuntime(dialect, { publicOrigin: config.origin, keysDir: config.keysDir });
      try {
        const ctx = runtime.ctx;
        if (await demoExists(ctx)) {
          writeLine(io.stderr, `the demo body "${DEMO_SLUG}" already exists; nothing added`);
          return 0;
        }
        const demo = await createDemo(ctx);
        if (values.json) writeLine(io.stdout, JSON.stringify(demo));
        else printDemoAccounts(io, demo.accounts, demo.siteAdmin);
        return 0;
      } finally {
        await runtime.close();
      }
    });
  },
};
