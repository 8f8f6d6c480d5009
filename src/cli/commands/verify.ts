import { parseArgs } from 'node:util';
import { UsageError, writeLine, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';
import { findBody } from '../../services/bodies.ts';
import { readConfig } from '../config.ts';
import { HttpLogSource, DatabaseLogSource, type LogSource } from '../../services/verify/log-source.ts';
import { verifyLog, type VerifyReport } from '../../services/verify/verify-log.ts';
import { verifyDerivedRows } from '../../services/verify/verify-derived.ts';
import { bodyKey } from '../../services/log/signing-keys.ts';

export const command: Command = {
  name: 'verify',
  summary: "check a body's record log: signature, tree, replayed outcomes, stored rows",
  usage: `Usage:
  quorate verify <url> [--key VKEY] [--json]
      <url> is a log address, e.g. https://council.example.org/log/smolninskoye
  quorate verify <database> --body SLUG [--key VKEY] [--json]
      <database> is a SQLite file or a postgres:// URL; also checks every stored row against the log

Checks the checkpoint's Ed25519 signature (with --key, or the key the server publishes, or the
local key file for a database), recomputes the Merkle tree over every entry, and replays the
record: every outcome must follow from its ballots, attendance and embedded rule, and every ballot
commitment must match its revealed choice. Names the first entry that does not hold.
Exit codes: 0 verified, 1 a problem found, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { key: { type: 'string' }, body: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('name one log URL or database');
    const target = positionals[0]!;
    const isHttp = /^https?:\/\//.test(target);
    const config = readConfig(io.env, isHttp ? {} : { db: target });
    if (isHttp) {
      const url = values.body ? `${target.replace(/\/$/, '')}/log/${values.body}` : target;
      return check(new HttpLogSource(url), values.key ?? null, null);
    }
    if (!values.body) throw new UsageError('--body SLUG is required with a database');
    const slug = values.body;
    // A database is checked as it stands: never migrated, never written.
    return withDatabase(
      target,
      async (dialect) => {
        let body: Awaited<ReturnType<typeof findBody>>;
        try {
          body = await findBody(dialect.db, slug);
        } catch (err) {
          writeLine(io.stderr, `quorate verify: ${(err as Error).message}`);
          return 1;
        }
        const key = values.key ?? bodyKey(config.keysDir, body.slug, body.origin).vkey;
        return check(new DatabaseLogSource(dialect, body.id, body.slug), key, (state) =>
          verifyDerivedRows(dialect, body.id, state),
        );
      },
      { migrate: false },
    );

    /** Verifies the log from `source`; with a database, `storedRows` also checks every stored row against it. */
    async function check(
      source: LogSource,
      key: string | null,
      storedRows: ((state: NonNullable<VerifyReport['state']>) => Promise<VerifyReport['problem']>) | null,
    ): Promise<number> {
      try {
        let last = 0;
        const report: VerifyReport = await verifyLog(source, {
          key,
          onProgress: (done, total) => {
            if (!values.json && total >= 20_000 && (done - last >= 100_000 || done === total)) {
              last = done;
              writeLine(io.stderr, `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} entries`);
            }
          },
        });
        let problem = report.problem;
        if (report.ok && storedRows && report.state) problem = await storedRows(report.state);
        const ok = problem === null;
        if (values.json) {
          writeLine(
            io.stdout,
            JSON.stringify({
              ok,
              source: report.source,
              origin: report.origin,
              size: report.size,
              root: report.root,
              keyTrusted: report.keyTrusted,
              pending: report.pending,
              problem,
            }),
          );
        } else if (ok) {
          writeLine(
            io.stdout,
            `verified: ${report.origin}, ${report.size} entries, root ${report.root}${report.pending ? ` (+${report.pending} sequenced entries not yet in a checkpoint, replayed)` : ''}${report.keyTrusted === 'published' ? ' (key as published by the server: pass --key to pin it)' : ''}`,
          );
        } else {
          writeLine(
            io.stdout,
            `NOT VERIFIED: ${problem!.index === null ? '' : `entry ${problem!.index}: `}${problem!.message} (${problem!.code})`,
          );
        }
        return ok ? 0 : 1;
      } catch (err) {
        writeLine(io.stderr, `quorate verify: ${(err as Error).message}`);
        return 1;
      }
    }
  },
};
