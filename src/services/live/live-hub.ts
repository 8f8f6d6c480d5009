// Live fan-out per sitting over Server-Sent Events. When a body's log grows, the hub reads the new
// entries once, works out which sitting each concerns, computes that sitting's live state once,
// serialises each event once, and writes the same string to every viewer — one serialised fan-out
// per sitting, however many viewers. The SSE id is the entry's log index: a viewer that reconnects
// with Last-Event-ID gets exactly the entries it missed, none twice, read a page at a time from
// the sitting's own entries (table sitting_entries), never the whole log.
//
// A viewer is registered synchronously, before anything is awaited, so whoever adds it can remove
// it at any moment (a socket that closes during the replay); the hub forgets a sitting, and then a
// body, when its last viewer leaves. One heartbeat timer runs while there are viewers at all.
import type { ServiceContext } from '../service-context.ts';
import { decodeEntry, type RecordEntry } from '../../domain/entries/record-entry.ts';
import { entrySittingRef } from '../../domain/entries/entry-sitting.ts';
import { logSize } from '../../db/repositories/log-repository.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { liveState } from './live-state.ts';

export interface LiveViewer {
  /** Writes an SSE frame; false when the socket's buffer is full. */
  write(frame: string): boolean;
  close(): void;
}

export interface LiveSubscription {
  /** Settles once the viewer has been sent its state or what it missed; rejects if that failed. */
  ready: Promise<void>;
  /** Removes the viewer (idempotent); a replay under way stops at its next page. */
  remove(): void;
}

export interface LiveHubOptions {
  /** Entries read per page when a viewer resumes with Last-Event-ID. */
  replayPageSize?: number;
  /** How often every open stream gets an SSE comment, so proxies keep it open. */
  heartbeatMs?: number;
}

interface Subscription {
  viewer: LiveViewer;
  /** Live frames held while a resuming viewer is sent what it missed. */
  pending: Array<{ index: number; frame: string }> | null;
  lastSent: number;
  removed: boolean;
}

const MAX_BUFFERED_FRAMES = 1000;
export const HEARTBEAT_FRAME = ': keep-alive\n\n';

export function sseFrame(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The sitting's entries with index in (after, before), oldest first, `pageSize` at a time. */
export async function* sittingEntries(
  db: Executor,
  bodyId: number,
  sittingId: number,
  after: number,
  before: number,
  pageSize: number,
) {
  let from = after;
  for (;;) {
    const rows = await db
      .selectFrom('sitting_entries')
      .innerJoin('entries', (j) =>
        j.onRef('entries.body_id', '=', 'sitting_entries.body_id').onRef('entries.idx', '=', 'sitting_entries.idx'),
      )
      .select(['entries.idx', 'entries.bytes'])
      .where('sitting_entries.body_id', '=', bodyId)
      .where('sitting_entries.sitting_id', '=', sittingId)
      .where('sitting_entries.idx', '>', from)
      .where('sitting_entries.idx', '<', before)
      .orderBy('sitting_entries.idx')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    from = rows.at(-1)!.idx;
  }
}

export class LiveHub {
  readonly #ctx: ServiceContext;
  readonly #replayPageSize: number;
  readonly #heartbeatMs: number;
  readonly #seen = new Map<number, number>();
  readonly #queues = new Map<number, Promise<void>>();
  /** Viewers by "body/sitting". */
  readonly #subs = new Map<string, Set<Subscription>>();
  /** Sitting of each vote seen, by body. */
  readonly #voteSitting = new Map<number, Map<number, number>>();
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  onError: (err: unknown) => void = () => {};

  constructor(ctx: ServiceContext, options: LiveHubOptions = {}) {
    this.#ctx = ctx;
    this.#replayPageSize = options.replayPageSize ?? 500;
    this.#heartbeatMs = options.heartbeatMs ?? 20_000;
  }

  get viewers(): number {
    let n = 0;
    for (const s of this.#subs.values()) n += s.size;
    return n;
  }

  /** What the hub holds: viewers, sittings and bodies with viewers, and running timers. */
  stats(): { viewers: number; sittings: number; bodies: number; timers: number } {
    return {
      viewers: this.viewers,
      sittings: this.#subs.size,
      bodies: new Set([...this.#seen.keys(), ...this.#voteSitting.keys()]).size,
      timers: this.#heartbeat ? 1 : 0,
    };
  }

  #bodyWatched(bodyId: number): boolean {
    for (const k of this.#subs.keys()) if (k.startsWith(`${bodyId}/`)) return true;
    return false;
  }

  /** Called when a body's log grew (bodyId null: every body with viewers). */
  notify(bodyId: number | null): void {
    const bodies =
      bodyId === null ? [...new Set([...this.#subs.keys()].map((k) => Number(k.split('/')[0])))] : [bodyId];
    for (const b of bodies) {
      const run = (this.#queues.get(b) ?? Promise.resolve())
        .then(() => this.#catchUp(b))
        .catch((err) => this.onError(err));
      this.#queues.set(b, run);
      void run.finally(() => {
        if (this.#queues.get(b) === run) this.#queues.delete(b);
      });
    }
  }

  async #sittingOf(bodyId: number, entry: RecordEntry): Promise<number | null> {
    const ref = entrySittingRef(entry.data);
    if (ref === null) return null;
    if (!this.#voteSitting.has(bodyId)) this.#voteSitting.set(bodyId, new Map());
    const votes = this.#voteSitting.get(bodyId)!;
    if ('sitting' in ref) {
      const d = entry.data as Record<string, unknown>;
      if (entry.type === 'vote.opened' && typeof d.vote === 'number') votes.set(d.vote, ref.sitting);
      return ref.sitting;
    }
    if (!votes.has(ref.vote)) {
      const v = await this.#ctx.dialect.db
        .selectFrom('votes')
        .select('sitting_id')
        .where('body_id', '=', bodyId)
        .where('id', '=', ref.vote)
        .executeTakeFirst();
      if (!v) return null;
      votes.set(ref.vote, v.sitting_id);
    }
    return votes.get(ref.vote)!;
  }

  async #catchUp(bodyId: number): Promise<void> {
    // Nobody is watching this body: nothing to read or send, and nothing to remember.
    if (!this.#bodyWatched(bodyId)) return;
    const db = this.#ctx.dialect.reader;
    const head = await logSize(db, bodyId);
    const from = this.#seen.get(bodyId) ?? head;
    if (!this.#bodyWatched(bodyId)) return;
    this.#seen.set(bodyId, Math.max(from, head));
    if (head <= from) return;
    const rows = await db
      .selectFrom('entries')
      .select(['idx', 'bytes'])
      .where('body_id', '=', bodyId)
      .where('idx', '>=', from)
      .where('idx', '<', head)
      .orderBy('idx')
      .execute();
    const bySitting = new Map<number, Array<{ index: number; entry: RecordEntry }>>();
    for (const r of rows) {
      const entry = decodeEntry(new Uint8Array(r.bytes));
      const sitting = await this.#sittingOf(bodyId, entry);
      if (sitting === null || !this.#subs.has(`${bodyId}/${sitting}`)) continue;
      if (!bySitting.has(sitting)) bySitting.set(sitting, []);
      bySitting.get(sitting)!.push({ index: r.idx, entry });
    }
    if (bySitting.size === 0) return;
    const body = await db
      .selectFrom('bodies')
      .select(['id', 'established_seats', 'rules'])
      .where('id', '=', bodyId)
      .executeTakeFirstOrThrow();
    for (const [sitting, entries] of bySitting) {
      if (!this.#subs.has(`${bodyId}/${sitting}`)) continue;
      const state = await liveState(db, body, sitting);
      const frames = entries.map(({ index, entry }) => ({
        index,
        frame: sseFrame(index, 'entry', {
          index,
          type: entry.type,
          data: entry.data,
          recordedAt: entry.recordedAt,
          state,
        }),
      }));
      for (const sub of this.#subs.get(`${bodyId}/${sitting}`) ?? []) this.#deliver(sub, frames);
    }
  }

  #deliver(sub: Subscription, frames: Array<{ index: number; frame: string }>) {
    if (sub.removed) return;
    if (sub.pending) {
      sub.pending.push(...frames);
      if (sub.pending.length > MAX_BUFFERED_FRAMES) sub.viewer.close();
      return;
    }
    for (const f of frames) {
      if (f.index <= sub.lastSent) continue;
      sub.lastSent = f.index;
      // A viewer that cannot keep up is dropped; it reconnects with Last-Event-ID and catches up.
      if (!sub.viewer.write(f.frame)) {
        sub.viewer.close();
        return;
      }
    }
  }

  #beat = () => {
    for (const set of this.#subs.values()) for (const sub of set) if (!sub.pending) sub.viewer.write(HEARTBEAT_FRAME);
  };

  #remove(bodyId: number, key: string, sub: Subscription): void {
    if (sub.removed) return;
    sub.removed = true;
    const set = this.#subs.get(key);
    set?.delete(sub);
    if (set && set.size === 0) this.#subs.delete(key);
    if (!this.#bodyWatched(bodyId)) {
      this.#seen.delete(bodyId);
      this.#voteSitting.delete(bodyId);
    }
    if (this.#subs.size === 0 && this.#heartbeat) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = null;
    }
  }

  /**
   * Adds a viewer of a sitting at once. Without lastEventId it is then sent the current state;
   * with one, the sitting's entries after it; then live events.
   */
  subscribe(bodyId: number, sittingId: number, viewer: LiveViewer, lastEventId: number | null): LiveSubscription {
    const key = `${bodyId}/${sittingId}`;
    const sub: Subscription = { viewer, pending: [], lastSent: -1, removed: false };
    if (!this.#subs.has(key)) this.#subs.set(key, new Set());
    this.#subs.get(key)!.add(sub);
    if (!this.#heartbeat) {
      this.#heartbeat = setInterval(this.#beat, this.#heartbeatMs);
      this.#heartbeat.unref();
    }
    const remove = () => this.#remove(bodyId, key, sub);
    const ready = this.#start(bodyId, sittingId, sub, lastEventId).catch((err) => {
      remove();
      throw err;
    });
    return { ready, remove };
  }

  async #start(bodyId: number, sittingId: number, sub: Subscription, lastEventId: number | null): Promise<void> {
    const db = this.#ctx.dialect.db;
    const viewer = sub.viewer;
    if (!this.#seen.has(bodyId)) {
      const size = await logSize(db, bodyId);
      if (!this.#seen.has(bodyId) && !sub.removed) this.#seen.set(bodyId, size);
    }
    if (sub.removed) return;
    const body = await db
      .selectFrom('bodies')
      .select(['id', 'established_seats', 'rules'])
      .where('id', '=', bodyId)
      .executeTakeFirstOrThrow();
    const head = await logSize(db, bodyId);
    const state = await liveState(db, body, sittingId);
    if (sub.removed) return;
    if (lastEventId === null) {
      viewer.write(sseFrame(head - 1, 'state', { index: head - 1, state }));
    } else {
      for await (const rows of sittingEntries(db, bodyId, sittingId, lastEventId, head, this.#replayPageSize)) {
        if (sub.removed) return;
        for (const r of rows) {
          const entry = decodeEntry(new Uint8Array(r.bytes));
          // A viewer whose buffer fills during the replay reconnects and resumes from what it got.
          if (
            !viewer.write(
              sseFrame(r.idx, 'entry', {
                index: r.idx,
                type: entry.type,
                data: entry.data,
                recordedAt: entry.recordedAt,
                state,
              }),
            )
          ) {
            viewer.close();
            return;
          }
        }
      }
    }
    sub.lastSent = Math.max(lastEventId ?? -1, head - 1);
    const held = sub.pending ?? [];
    sub.pending = null;
    this.#deliver(sub, held);
  }
}
