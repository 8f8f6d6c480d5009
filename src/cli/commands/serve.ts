import { parseArgs } from 'node:util';
import { defaultSender, mailerFromEnv } from '../../services/mail.ts';
import { writeLine, type Command } from '../command.ts';
import { DB_HELP, loadConfig, flagHelp, flagOptions, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createRuntime } from '../../services/runtime.ts';
import { ballotBatchesSettled } from '../../services/ballot-batcher.ts';
import { openCommitChannel } from '../../db/dialects/commit-channel.ts';
import { buildApp } from '../../http/app.ts';
import { createDemo, demoExists } from '../../services/demo/create-demo.ts';
import { printDemoAccounts } from './demo.ts';
import { issueSetupLink, SETUP_LINK_HOURS } from '../../services/first-run.ts';

export const command: Command = {
  name: 'serve',
  summary: 'start the server (127.0.0.1:8080 by default)',
  usage: `Usage: quorate serve [--demo] [--db PATH|URL] [--host HOST] [--port PORT] [--origin URL]

Starts Quorate. Migrates the database first. Without --demo it never adds data.
  --demo          add the demo body (smolninskoye) if it is absent, and print its accounts
${DB_HELP}
${flagHelp('host', 'HOST')}
${flagHelp('port', 'PORT')}
${flagHelp('origin', 'URL')}
Log signing keys are kept in QUORATE_KEYS (default: keys/ beside the SQLite file, or ./data/keys).
Every QUORATE_* variable and flag is checked before anything is opened; a bad one exits 2.
On SIGTERM or SIGINT it stops accepting, finishes requests in flight and the ballot batch being
committed, closes live streams with a reconnect hint and exits 0 within QUORATE_SHUTDOWN_S
(default 10; past it, exits 1). A second signal ends it at once.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { demo: { type: 'boolean' }, ...flagOptions('db', 'host', 'port', 'origin') },
      strict: true,
    });
    const config = readConfig(io.env, values);
    return withDatabase(config.db, async (dialect) => {
      const channel = openCommitChannel(config.db, {
        onError: (err) => writeLine(io.stderr, `live notifications: ${(err as Error).message}`),
      });
      const runtime = createRuntime(dialect, {
        publicOrigin: config.origin,
        keysDir: config.keysDir,
        witnessAllow: config.witnessAllow,
        channel,
      });
      const ctx = runtime.ctx;
      if (values.demo && !(await demoExists(ctx))) {
        const demo = await createDemo(ctx);
        printDemoAccounts(io, demo.accounts, demo.siteAdmin);
      }
      const mailer = await mailerFromEnv({ QUORATE_SMTP_URL: config.smtpUrl });
      const app = await buildApp({
        ctx,
        live: runtime.live,
        mail: mailer ? { mailer, from: config.mailFrom ?? defaultSender(config.origin) } : null,
        logger: { level: config.logLevel },
        trustProxy: config.trustProxy,
        metricsToken: config.metricsToken ?? null,
        ...loadConfig(config),
      });
      runtime.live.onError = (err) => app.log.error({ err }, 'live fan-out failed');
      runtime.integrator.onError = (err) => app.log.error({ err }, 'integration failed');
      await runtime.integrator.catchUpAll();
      const address = await app.listen({ host: config.host, port: config.port });
      writeLine(
        io.stdout,
        `Quorate is serving ${dialect.label === 'sqlite' ? `SQLite ${config.db}` : 'PostgreSQL'} at ${address}`,
      );
      writeLine(io.stdout, `  API: ${address}/api/v1/bodies   OpenAPI: ${address}/api/openapi.json`);
      // A site without a site administrator gets a one-time link to create one (issue 15).
      const setup = await issueSetupLink(ctx);
      if (setup)
        writeLine(
          io.stdout,
          `This site is not set up yet. Create its first site administrator (the link works once, for ${SETUP_LINK_HOURS} hours):\n  ${config.origin.replace(/\/$/, '')}/setup?token=${setup.token}`,
        );
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      // Graceful shutdown (issue 20): Fastify stops accepting, answers new requests on open
      // connections 503 with Connection: close, ends live streams with a retry hint (live-routes'
      // preClose) and waits for requests in flight, which include ballots waiting for their batch
      // to commit; then the batches, the integrator and the commit channel, then the database
      // (withDatabase), which releases PostgreSQL's locks. A second signal ends the process at once.
      writeLine(
        io.stdout,
        `Quorate is shutting down (${signal}): finishing requests in flight, at most ${config.shutdownS} s`,
      );
      const deadline = setTimeout(() => {
        writeLine(
          io.stderr,
          `quorate serve: not finished within ${config.shutdownS} s of ${signal} (QUORATE_SHUTDOWN_S); exiting`,
        );
        process.exit(1);
      }, config.shutdownS * 1000);
      // The deadline ends a shutdown that hangs, but does not itself keep the process alive.
      deadline.unref();
      // A kept-alive connection becomes idle when its last request is answered; Fastify closes only
      // those idle when the close begins, so the rest are closed as they become idle.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      try {
        await app.close();
      } finally {
        clearInterval(reaper);
      }
      await ballotBatchesSettled(ctx);
      await runtime.close();
      return 0;
    });
  },
};
