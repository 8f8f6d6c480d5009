// How processes learn that a body's log grew. PostgreSQL: LISTEN/NOTIFY on a dedicated client
// that reconnects; a notification carries only (body, next index) and listeners catch up from the
// database, so a lost notification loses nothing (DESIGN.md, "Stack"). SQLite serves one process:
// an in-process channel.
import pg from 'pg';
import { isPostgresUrl } from '../open-database.ts';

/** bodyId = null means "catch up every body" (after a reconnect, when notifications may be lost). */
export type CommitListener = (bodyId: number | null, nextIndex: number | null) => void;

export interface CommitChannel {
  publish(bodyId: number, nextIndex: number): void;
  subscribe(listener: CommitListener): void;
  close(): Promise<void>;
}

const CHANNEL = 'quorate_commits';

/** One process, no one else to tell: the runtime handles its own commits directly. */
export function inProcessChannel(): CommitChannel {
  return { publish: () => {}, subscribe: () => {}, close: async () => {} };
}

export interface PostgresChannel extends CommitChannel {
  /** For drills: drop the listening connection as a network fault would. */
  dropListener(): Promise<void>;
}

export function postgresChannel(url: string, options: { onError?: (err: unknown) => void } = {}): PostgresChannel {
  const listeners: CommitListener[] = [];
  const publisher = new pg.Pool({ connectionString: url, max: 1 });
  publisher.on('error', () => {});
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = 100;
  const emit: CommitListener = (b, n) => {
    for (const l of listeners) l(b, n);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      const m = /^(\d+):(\d+)$/.exec(msg.payload ?? '');
      if (m) emit(Number(m[1]), Number(m[2]));
    });
    const lost = () => {
      if (client !== c) return;
      client = null;
      if (!closed) setTimeout(() => void connect(), backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
    c.on('error', (err) => {
      options.onError?.(err);
      lost();
      c.end().catch(() => {});
    });
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
      backoff = 100;
      // Anything committed while no connection listened is found by catching up.
      emit(null, null);
    } catch (err) {
      options.onError?.(err);
      c.end().catch(() => {});
      if (!closed) setTimeout(() => void connect(), backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
  }
  void connect();
  return {
    publish(bodyId, nextIndex) {
      publisher
        .query('select pg_notify($1, $2)', [CHANNEL, `${bodyId}:${nextIndex}`])
        .catch((err) => options.onError?.(err));
    },
    subscribe: (l) => {
      listeners.push(l);
    },
    async dropListener() {
      const c = client;
      if (!c) return;
      // Terminating the backend from another session is what a real network fault looks like.
      const pid = (c as unknown as { processID: number }).processID;
      await publisher.query('select pg_terminate_backend($1)', [pid]);
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
      await publisher.end();
    },
  };
}

export function openCommitChannel(target: string, options: { onError?: (err: unknown) => void } = {}): CommitChannel {
  return isPostgresUrl(target) ? postgresChannel(target, options) : inProcessChannel();
}
