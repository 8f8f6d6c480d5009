// Live fan-out per sitting over Server-Sent Events. When a body's log grows, the hub reads the new
// entries once, works out which sitting each concerns, computes that sitting's live state once,
// serialises each event once, and writes the same string to every viewer — one serialised fan-out
// per sitting, however many viewers. The SSE id is the entry's log index: a viewer that reconnects
// with Last-Event-ID gets exactly the entries it missed, none twice.
import type { ServiceContext } from '../service-context.ts';
import { decodeEntry, type RecordEntry } from '../../domain/entries/record-entry.ts';
import { logSize } from '../../db/repositories/log-repository.ts';
import { liveState } from './live-state.ts';

export interface LiveViewer {
  /** Writes an SSE frame; false when the socket's buffer is full. */
  write(frame: string): boolean;
  close(): void;
}

interface Subscription {
  viewer: LiveViewer;
  /** Live frames held while a resuming viewer is sent what it missed. */
  pending: Array<{ index: number; frame: string }> | null;
  lastSent: number;
}

const MAX_BUFFERED_FRAMES = 1000;

export function sseFrame(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class LiveHub {
  readonly #ctx: ServiceContext;
  readonly #seen = new Map<number, number>();
  readonly #queues = new Map<number, Promise<void>>();
  readonly #subs = new Map<string, Set<Subscription>>();
  readonly #voteSitting = new Map<string, number>();
  onError: (err: unknown) => void = () => {};

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  get viewers(): number {
    let n = 0;
    for (const s of this.#subs.values()) n += s.size;
    return n;
  }

  /** Called when a body's log grew (bodyId null: every body with viewers). */
  notify(bodyId: number | null): void {
    const bodies = bodyId === null ? [...new Set([...this.#subs.keys()].map((k) => Number(k.split('/')[0])))] : [bodyId];
    for (const b of bodies) {
      const run = (this.#queues.get(b) ?? Promise.resolve()).then(() => this.#catchUp(b)).catch((err) => this.onError(err));
      this.#queues.set(b, run);
      void run.finally(() => { if (this.#queues.get(b) === run) this.#queues.delete(b); });
    }
  }

  async #sittingOf(bodyId: number, entry: RecordEntry): Promise<number | null> {
    const d = entry.data as Record<string, unknown>;
    if (typeof d.sitting === 'number') {
      if (entry.type === 'vote.opened' && typeof d.vote === 'number') this.#voteSitting.set(`${bodyId}/${d.vote}`, d.sitting);
      return d.sitting;
    }
    const target = d.target as { type?: string; id?: number } | undefined;
    const voteId = typeof d.vote === 'number' ? d.vote : target?.type === 'vote' ? target.id : undefined;
    if (target?.type === 'sitting' && typeof target.id === 'number') return target.id;
    if (typeof voteId !== 'number') return null;
    const key = `${bodyId}/${voteId}`;
    if (!this.#voteSitting.has(key)) {
      const v = await this.#ctx.dialect.db.selectFrom('votes').select('sitting_id').where('body_id', '=', bodyId).where('id', '=', voteId).executeTakeFirst();
      if (!v) return null;
      this.#voteSitting.set(key, v.sitting_id);
    }
    return this.#voteSitting.get(key)!;
  }

  async #catchUp(bodyId: number): Promise<void> {
    const db = this.#ctx.dialect.reader;
    const head = await logSize(db, bodyId);
    const from = this.#seen.get(bodyId) ?? head;
    this.#seen.set(bodyId, Math.max(from, head));
    if (head <= from) return;
    // Nobody is watching this body: nothing to read or send.
    if (![...this.#subs.keys()].some((k) => k.startsWith(`${bodyId}/`))) return;
    const rows = await db.selectFrom('entries').select(['idx', 'bytes']).where('body_id', '=', bodyId).where('idx', '>=', from).where('idx', '<', head).orderBy('idx').execute();
    const bySitting = new Map<number, Array<{ index: number; entry: RecordEntry }>>();
    for (const r of rows) {
      const entry = decodeEntry(new Uint8Array(r.bytes));
      const sitting = await this.#sittingOf(bodyId, entry);
      if (sitting === null || !this.#subs.has(`${bodyId}/${sitting}`)) continue;
      if (!bySitting.has(sitting)) bySitting.set(sitting, []);
      bySitting.get(sitting)!.push({ index: r.idx, entry });
    }
    if (bySitting.size === 0) return;
    const body = await db.selectFrom('bodies').select(['id', 'established_seats', 'rules']).where('id', '=', bodyId).executeTakeFirstOrThrow();
    for (const [sitting, entries] of bySitting) {
      const state = await liveState(db, body, sitting);
      const frames = entries.map(({ index, entry }) => ({ index, frame: sseFrame(index, 'entry', { index, type: entry.type, data: entry.data, recordedAt: entry.recordedAt, state }) }));
      for (const sub of this.#subs.get(`${bodyId}/${sitting}`) ?? []) this.#deliver(sub, frames);
    }
  }

  #deliver(sub: Subscription, frames: Array<{ index: number; frame: string }>) {
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

  /**
   * Adds a viewer of a sitting. Without lastEventId it first gets the current state; with one, the
   * sitting's entries after it, then live events. Returns the function that removes it.
   */
  async subscribe(bodyId: number, sittingId: number, viewer: LiveViewer, lastEventId: number | null): Promise<() => void> {
    const db = this.#ctx.dialect.db;
    const key = `${bodyId}/${sittingId}`;
    const sub: Subscription = { viewer, pending: [], lastSent: -1 };
    if (!this.#subs.has(key)) this.#subs.set(key, new Set());
    this.#subs.get(key)!.add(sub);
    if (!this.#seen.has(bodyId)) this.#seen.set(bodyId, await logSize(db, bodyId));
    const remove = () => {
      const set = this.#subs.get(key);
      set?.delete(sub);
      if (set && set.size === 0) this.#subs.delete(key);
    };
    try {
      const body = await db.selectFrom('bodies').select(['id', 'established_seats', 'rules']).where('id', '=', bodyId).executeTakeFirstOrThrow();
      const head = await logSize(db, bodyId);
      const state = await liveState(db, body, sittingId);
      if (lastEventId === null) {
        viewer.write(sseFrame(head - 1, 'state', { index: head - 1, state }));
        sub.lastSent = head - 1;
      } else {
        sub.lastSent = lastEventId;
        const rows = await db.selectFrom('entries').select(['idx', 'bytes']).where('body_id', '=', bodyId).where('idx', '>', lastEventId).where('idx', '<', head).orderBy('idx').execute();
        for (const r of rows) {
          const entry = decodeEntry(new Uint8Array(r.bytes));
          if ((await this.#sittingOf(bodyId, entry)) !== sittingId) continue;
          viewer.write(sseFrame(r.idx, 'entry', { index: r.idx, type: entry.type, data: entry.data, recordedAt: entry.recordedAt, state }));
        }
        sub.lastSent = Math.max(lastEventId, head - 1);
      }
      const held = sub.pending ?? [];
      sub.pending = null;
      this.#deliver(sub, held);
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }
}
