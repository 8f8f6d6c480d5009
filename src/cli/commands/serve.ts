import { parseArgs } from 'node:util';
import { defaultSender, mailerFromEnv } from '../../services/mail.ts';
import { writeLine, type CliIo, type Command } from '../command.ts';
import { DB_HELP, loadConfig, flagHelp, flagOptions, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createRuntime } from '../../services/runtime.ts';
import { ballotBatchesSettled } from '../../services/ballot-batcher.ts';
import { openCommitChannel } from '../../db/dialects/commit-channel.ts';
import { buildApp } from '../../http/app.ts';
import { createDemo, demoExists } from '../../services/demo/create-demo.ts';
import { printDemoAccounts } from './demo.ts';
import { issueSetupLink, SETUP_LINK_HOURS } from '../../services/first-run.ts';
import { serverJobs, startScheduler } from '../../services/scheduled-jobs.ts';
import { createServiceContext } from '../../services/service-context.ts';
import { isPostgresUrl } from '../../db/open-database.ts';
import { runPrimary, isClusterWorker, type ClusterMessage } from '../cluster-primary.ts';
import { unlinkSync, writeFileSync } from 'node:fs';
import { prettyDestination } from '../pretty-log.ts';

export const command: Command = {
  name: 'serve',
  summary: 'start the server (127.0.0.1:8080 by default)',
  usage: `Usage: quorate serve [--demo] [--workers N] [--db PATH|URL] [--host HOST] [--port PORT] [--origin URL]

Starts Quorate. Migrates the database first. Without --demo it never adds data.
  --demo          add the demo body (smolninskoye) if it is absent, and print its accounts
${DB_HELP}
${flagHelp('host', 'HOST')}
${flagHelp('port', 'PORT')}
${flagHelp('origin', 'URL')}
${flagHelp('workers', 'N')}
${flagHelp('pidFile', 'FILE')}
Log signing keys are kept in QUORATE_KEYS (default: keys/ beside the SQLite file, or ./data/keys).
Every QUORATE_* variable and flag is checked before anything is opened; a bad one exits 2.
On SIGTERM or SIGINT it stops accepting, finishes requests in flight and the ballot batch being
committed, closes live streams with a reconnect hint and exits 0 within QUORATE_SHUTDOWN_S
(default 10; past it, exits 1). A second signal ends it at once.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        demo: { type: 'boolean' },
        ...flagOptions('db', 'host', 'port', 'origin', 'workers', 'pidFile'),
      },
      strict: true,
    });
    const config = readConfig(io.env, values);
    if (config.workers > 1 && !isPostgresUrl(config.db)) {
      writeLine(
        io.stderr,
        `quorate serve: --workers ${config.workers} needs PostgreSQL (QUORATE_DB is a SQLite file, which serves one process); use --workers 1 or a postgres:// URL`,
      );
      return 2;
    }
    if (config.workers > 1 && !isClusterWorker()) return primary(config, values.demo === true, io);
    return serveOne(config, values.demo === true && !isClusterWorker(), io);
  },
};

type Config = ReturnType<typeof readConfig>;

function writePidFile(config: Config): () => void {
  if (!config.pidFile) return () => {};
  const file = config.pidFile;
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      unlinkSync(file);
    } catch {}
  };
}

// A site without a site administrator gets a one-time link to create one (issue 15).
function printIssuedLink(setup: { token: string } | null, config: Config, io: CliIo) {
  if (setup)
    writeLine(
      io.stdout,
      `This site is not set up yet. Create its first site administrator (the link works once, for ${SETUP_LINK_HOURS} hours):\n  ${config.origin.replace(/\/$/, '')}/setup?token=${setup.token}`,
    );
}

/** The primary of `--workers N`: migrates (and adds the demo) once, then runs the workers. */
async function primary(config: Config, demo: boolean, io: CliIo): Promise<number> {
  const setup = await withDatabase(config.db, async (dialect) => {
    const ctx = createServiceContext(dialect, { publicOrigin: config.origin, keysDir: config.keysDir });
    if (demo && !(await demoExists(ctx))) {
      const made = await createDemo(ctx);
      printDemoAccounts(io, made.accounts, made.siteAdmin);
    }
    return issueSetupLink(ctx);
  });
  const removePid = writePidFile(config);
  try {
    return await runPrimary({
      workers: config.workers,
      shutdownS: config.shutdownS,
      io,
      afterServing: (address) => {
        writeLine(io.stdout, `  API: ${address}/api/v1/bodies   OpenAPI: ${address}/api/openapi.json`);
        printIssuedLink(setup, config, io);
      },
    });
  } finally {
    removePid();
  }
}

/** Resolves when this process is told to stop: a signal, or (a worker) its primary's message or absence. */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (isClusterWorker()) {
      process.on('message', (m: unknown) => {
        if ((m as Partial<ClusterMessage> | null)?.quorate === 'shutdown')
          resolve('replaced or stopped by the primary');
      });
      // The primary is gone: nobody will restart or stop this worker, so it stops itself.
      process.once('disconnect', () => resolve('the primary is gone'));
    }
  });
}

/** One server process: alone, or one worker of several. */
async function serveOne(config: Config, demo: boolean, io: CliIo): Promise<number> {
  const worker = isClusterWorker();
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
    if (demo && !(await demoExists(ctx))) {
      const made = await createDemo(ctx);
      printDemoAccounts(io, made.accounts, made.siteAdmin);
    }
    const mailer = await mailerFromEnv({ QUORATE_SMTP_URL: config.smtpUrl });
    const from = config.mailFrom ?? defaultSender(config.origin);
    const app = await buildApp({
      ctx,
      live: runtime.live,
      mail: mailer ? { mailer, from } : null,
      // JSON lines, or readable lines when a person watches a terminal.
      logger: {
        level: config.logLevel,
        ...((io.stdout as { isTTY?: boolean }).isTTY ? { stream: prettyDestination(io.stdout) } : {}),
      },
      trustProxy: config.trustProxy,
      metricsToken: config.metricsToken ?? null,
      ...loadConfig(config),
    });
    runtime.live.onError = (err) => app.log.error({ err }, 'live fan-out failed');
    runtime.integrator.onError = (err) => app.log.error({ err }, 'integration failed');
    await runtime.integrator.catchUpAll();
    // Appeal reminders, witness retries and checkpoint publication: in one process at a time
    // across all on this database (services/scheduled-jobs.ts).
    const scheduler = startScheduler(ctx, {
      intervalS: config.jobsS,
      jobs: serverJobs(ctx, {
        catchUp: () => runtime.integrator.catchUpAll(),
        mail: mailer ? { mailer, from, to: config.reminderTo } : null,
      }),
      onError: (job, err) => app.log.error({ err, job }, 'scheduled job failed'),
      onLeadership: (leader) =>
        app.log.info(
          { job: 'scheduler' },
          leader ? 'this process runs the scheduled jobs' : 'another process runs the scheduled jobs',
        ),
    });
    // Issued before listening, printed with the listening line: whoever sees the address sees the link.
    const setup = worker ? null : await issueSetupLink(ctx);
    const address = await app.listen({ host: config.host, port: config.port });
    const removePid = worker ? () => {} : writePidFile(config);
    // SIGHUP replaces the workers of `--workers N` (the primary's); to one process it means nothing.
    const onHangUp = () => {
      if (!worker)
        writeLine(
          io.stderr,
          'quorate serve: SIGHUP ignored: replacing processes one at a time needs --workers 2 or more',
        );
    };
    process.on('SIGHUP', onHangUp);
    try {
      if (worker) {
        writeLine(io.stdout, `Quorate worker ${process.pid} is listening at ${address}`);
      } else {
        writeLine(
          io.stdout,
          `Quorate is serving ${dialect.label === 'sqlite' ? `SQLite ${config.db}` : 'PostgreSQL'} at ${address}`,
        );
        writeLine(io.stdout, `  API: ${address}/api/v1/bodies   OpenAPI: ${address}/api/openapi.json`);
        printIssuedLink(setup, config, io);
      }
      const signal = await stopRequested();
      // Graceful shutdown (issue 20): Fastify stops accepting, answers new requests on open
      // connections 503 with Connection: close, ends live streams with a retry hint (live-routes'
      // preClose) and waits for requests in flight, which include ballots waiting for their batch
      // to commit; then the batches, the jobs, the integrator and the commit channel, then the
      // database (withDatabase), which releases PostgreSQL's locks. A second signal ends the
      // process at once.
      writeLine(
        io.stdout,
        `Quorate ${worker ? `worker ${process.pid} ` : ''}is shutting down (${signal}): finishing requests in flight, at most ${config.shutdownS} s`,
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
      await scheduler.stop();
      await runtime.close();
      clearTimeout(deadline);
      // A worker's channel to its primary would keep it alive: closing it lets the process end.
      if (worker) process.disconnect?.();
      return 0;
    } finally {
      process.off('SIGHUP', onHangUp);
      removePid();
    }
  });
}
