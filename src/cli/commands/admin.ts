import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { UsageError, writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createServiceContext } from '../../services/service-context.ts';
import { clearSignInLimits, createUser, grantRole, issuePasswordReset } from '../../services/accounts.ts';
import { rotateDeviceKey } from '../../services/device-cookies.ts';
import { ROLES, type Role } from '../../services/policy.ts';
import { ServiceError } from '../../services/service-error.ts';
import { findBody } from '../../services/bodies.ts';
import { operatorActor } from '../operator.ts';
import { rotateLogKey } from '../../services/log/rotate-key.ts';
import { allowWitness, denyWitness, listAllowedWitnesses } from '../../services/log/witness-allow-list.ts';

export const command: Command = {
  name: 'admin',
  summary: 'manage accounts and the site: administrators, roles, reset links, key rotation, allowed witnesses',
  usage: `Usage:
  quorate admin create <username> [--name NAME] [--password-stdin] [--db PATH|URL]
      create a site administrator; prints a generated password unless one is read from stdin
  quorate admin user <username> [--name NAME] [--password-stdin] [--db PATH|URL]
      create an ordinary account
  quorate admin grant <body> <username> <role> [--db PATH|URL]
      give a role in a body (${ROLES.join(', ')})
  quorate admin reset-link <username> [--db PATH|URL]
      issue a one-time password reset link (valid 24 hours); using it sets a new password, lifts
      the account's sign-in pauses and revokes its API tokens; its other sessions stay signed in
      unless the user asks to sign out everywhere
  quorate admin unlock <username> [--db PATH|URL]
      lift an account's sign-in pauses (its own and each of its browsers') without a reset
  quorate admin rotate-device-key
      sign new device cookies with a new key in QUORATE_KEYS; cookies signed with the key before
      still count until their browser signs in again, older ones no longer do
  quorate admin rotate-key <body> [--db PATH|URL]
      replace the body's log signing key: the log announces the new key in an entry signed by
      the old one, so anyone who trusts the old key can follow (QUORATE_KEYS holds the files)
  quorate admin witness allow <url> [--db PATH|URL]
  quorate admin witness deny <url> [--db PATH|URL]
  quorate admin witness list [--db PATH|URL]
      keep the site's allow-list of witnesses: a body's administrator may register only an
      allowed witness URL, and checkpoints are offered only to witnesses still allowed
      (QUORATE_WITNESS_ALLOW lists more, comma-separated)
${DB_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      strict: true,
    });
    const [action, ...rest] = positionals;
    const config = readConfig(io.env, values);
    const needs = (n: number) => {
      if (rest.length !== n) throw new UsageError(`"admin ${action}" takes ${n} argument${n === 1 ? '' : 's'}`);
    };
    if (action === 'create' || action === 'user') needs(1);
    else if (action === 'grant') needs(3);
    else if (action === 'reset-link' || action === 'rotate-key' || action === 'unlock') needs(1);
    else if (action === 'rotate-device-key') needs(0);
    else if (action === 'witness') {
      if (rest[0] === 'list') needs(1);
      else if (rest[0] === 'allow' || rest[0] === 'deny') needs(2);
      else throw new UsageError('expected: admin witness allow|deny <url>, or admin witness list');
    } else throw new UsageError(action ? `unknown action "${action}"` : 'name an action');
    if (action === 'grant' && !ROLES.includes(rest[2] as Role))
      throw new UsageError(`role must be one of ${ROLES.join(', ')}`);
    if (action === 'rotate-device-key') {
      rotateDeviceKey(config.keysDir);
      writeLine(
        io.stdout,
        `device cookies are now signed with a new key (${config.keysDir}); the previous key is kept for cookies it signed`,
      );
      return 0;
    }
    try {
      return await withDatabase(config.db, async (dialect) => {
        const ctx = createServiceContext(dialect, {
          publicOrigin: config.origin,
          keysDir: config.keysDir,
          witnessAllow: config.witnessAllow,
        });
        if (action === 'create' || action === 'user') {
          const password = values['password-stdin']
            ? (await text(io.stdin)).replace(/\r?\n$/, '')
            : randomBytes(15).toString('base64url');
          const u = await createUser(ctx, operatorActor(), {
            username: rest[0]!,
            displayName: values.name ?? rest[0]!,
            password,
            siteAdmin: action === 'create',
          });
          writeLine(
            io.stdout,
            `created ${action === 'create' ? 'site administrator' : 'account'} "${u.username}"${values['password-stdin'] ? '' : ` with password: ${password}`}`,
          );
        } else if (action === 'grant') {
          const body = await findBody(dialect.db, rest[0]!);
          await grantRole(ctx, operatorActor(body.id), rest[0]!, { username: rest[1]!, role: rest[2] as Role });
          writeLine(io.stdout, `"${rest[1]}" is now ${rest[2]} of ${rest[0]}`);
        } else if (action === 'rotate-key') {
          const body = await findBody(dialect.db, rest[0]!);
          const r = await rotateLogKey(ctx, operatorActor(body.id), rest[0]!);
          writeLine(
            io.stdout,
            `the log of ${rest[0]} now signs with\n  ${r.newVkey}\nannounced in entry ${r.entryIndex}, signed by\n  ${r.oldVkey}`,
          );
        } else if (action === 'unlock') {
          await clearSignInLimits(ctx, operatorActor(), rest[0]!);
          writeLine(io.stdout, `"${rest[0]}" can sign in again from any browser (its sign-in pauses are lifted)`);
        } else if (action === 'witness') {
          if (rest[0] === 'list') {
            for (const w of await listAllowedWitnesses(ctx, operatorActor()))
              writeLine(io.stdout, `${w.url}${w.source === 'setting' ? '  (QUORATE_WITNESS_ALLOW)' : ''}`);
          } else if (rest[0] === 'allow') {
            const r = await allowWitness(ctx, operatorActor(), rest[1]!);
            writeLine(io.stdout, r.added ? `allowed witness ${r.url}` : `witness ${r.url} was already allowed`);
          } else {
            const r = await denyWitness(ctx, operatorActor(), rest[1]!);
            writeLine(
              io.stdout,
              r.removed
                ? `witness ${r.url} is no longer allowed; it will not be offered checkpoints`
                : `witness ${r.url} was not on the list`,
            );
            if (r.stillAllowedBySetting) writeLine(io.stderr, `note: QUORATE_WITNESS_ALLOW still allows ${r.url}`);
          }
        } else {
          const r = await issuePasswordReset(ctx, operatorActor(), rest[0]!);
          writeLine(
            io.stdout,
            `one-time reset link (valid ${r.expiresInHours} hours): ${config.origin}/reset?token=${r.token}`,
          );
          writeLine(
            io.stdout,
            "using it sets a new password, lifts the account's sign-in pauses, revokes its API tokens and signs it out everywhere",
          );
        }
        return 0;
      });
    } catch (err) {
      if (err instanceof ServiceError) {
        writeLine(io.stderr, `quorate admin: ${err.message} (${err.code})`);
        return 1;
      }
      throw err;
    }
  },
};
