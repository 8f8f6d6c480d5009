import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, writeLine, type Command } from '../command.ts';
import { HttpLogSource } from '../../services/verify/log-source.ts';
import { MirrorStore } from '../../services/mirror/mirror-store.ts';
import { followOnce } from '../../services/mirror/follow-log.ts';
import { Witness } from '../../services/mirror/witness.ts';
import { buildMirrorServer } from '../../http/mirror-server.ts';

export const command: Command = {
  name: 'mirror',
  summary: "follow a body's log, keep a verified copy, serve it, and act as a witness",
  usage: `Usage: quorate mirror <log-url> <dir> [--key VKEY] [--once] [--interval SECONDS]
                      [--serve] [--host HOST] [--port PORT] [--witness NAME]

Follows the log at <log-url> (e.g. https://council.example.org/log/smolninskoye), stores every
entry and checkpoint in <dir>, and checks that each new checkpoint is consistent with the last one
it saw. On a fork it writes <dir>/FORK-ALARM, prints an alarm and exits 1.
  --key VKEY        pin the log's key (default: trust the key the log publishes on first contact)
  --once            one round, then exit (0 up to date, 1 fork)
  --interval S      seconds between rounds (default 30)
  --serve           serve the copy read-only at /log/<slug>/… (default port 8090)
  --witness NAME    also act as a C2SP witness named NAME: POST /add-checkpoint; key at /witness/key`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        key: { type: 'string' },
        once: { type: 'boolean' },
        interval: { type: 'string' },
        serve: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        witness: { type: 'string' },
      },
    });
    if (positionals.length !== 2) throw new UsageError('expected: mirror <log-url> <dir>');
    // The mirror reads no QUORATE_* variable; its --host and --port are checked like serve's.
    const listen = readConfig({}, { host: values.host, port: values.port });
    const [url, dir] = positionals as [string, string];
    const m = /^https?:\/\/.+\/log\/([a-z0-9-]+)\/?$/.exec(url);
    if (!m) throw new UsageError('the log URL ends in /log/<body>, e.g. https://council.example.org/log/smolninskoye');
    const slug = m[1]!;
    const interval = Number(values.interval ?? 30);
    if (!(interval > 0)) throw new UsageError('--interval is a number of seconds');
    const store = new MirrorStore(dir);
    const source = new HttpLogSource(url);
    const round = async () => {
      const r = await followOnce(source, store, { key: values.key ?? null });
      if (r.status === 'fork') {
        writeLine(
          io.stderr,
          `\n!!! FORK: ${r.message}\n!!! the mirror's copy is unchanged; evidence in ${store.path('FORK-ALARM')}\n`,
        );
        return false;
      }
      writeLine(io.stdout, `${new Date().toISOString()} ${r.status}: ${r.size} entries, root ${r.root}`);
      return true;
    };
    if (values.once) return (await round()) ? 0 : 1;
    let server: Awaited<ReturnType<typeof buildMirrorServer>> | null = null;
    if (values.serve || values.witness) {
      const witness = values.witness ? new Witness(store, values.witness) : null;
      server = await buildMirrorServer(store, slug, witness);
      const address = await server.listen({ host: listen.host, port: values.port === undefined ? 8090 : listen.port });
      writeLine(
        io.stdout,
        `serving the copy at ${address}/log/${slug}/${witness ? ` and witnessing as ${witness.vkey}` : ''}`,
      );
    }
    let stopped = false;
    const stop = () => {
      stopped = true;
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      while (!stopped) {
        try {
          if (!(await round())) return 1;
        } catch (err) {
          writeLine(io.stderr, `${new Date().toISOString()} could not follow: ${(err as Error).message}`);
        }
        for (let waited = 0; waited < interval * 10 && !stopped; waited++) await sleep(100);
      }
      return 0;
    } finally {
      await server?.close();
    }
  },
};
