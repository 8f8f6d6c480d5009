// Stored hashes of the Merkle log, kept as whole tiles (C2SP tlog-tiles, height 8): one row per
// tile, widened in place until it holds 256 hashes, so 10M entries need ~40k rows, not 20M.
import type { Executor } from '../dialects/quorate-dialect.ts';
import type { Tile } from '../../domain/log/tiles.ts';

/** Reads a tile's hashes, sliced to the width asked for; null if not stored that wide. */
export async function readTile(db: Executor, bodyId: number, tile: Tile): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom('log_tiles')
    .select(['width', 'hashes'])
    .where('body_id', '=', bodyId)
    .where('level', '=', tile.level)
    .where('tile_index', '=', tile.index)
    .executeTakeFirst();
  if (!row || row.width < tile.width) return null;
  return new Uint8Array(row.hashes).subarray(0, tile.width * 32);
}

/** Writes tiles; a tile is only ever widened (its first hashes never change). */
export async function writeTiles(
  db: Executor,
  bodyId: number,
  tiles: Array<{ tile: Tile; data: Uint8Array }>,
): Promise<void> {
  for (const { tile, data } of tiles) {
    const existing = await db
      .selectFrom('log_tiles')
      .select('width')
      .where('body_id', '=', bodyId)
      .where('level', '=', tile.level)
      .where('tile_index', '=', tile.index)
      .executeTakeFirst();
    if (!existing) {
      await db
        .insertInto('log_tiles')
        .values({ body_id: bodyId, level: tile.level, tile_index: tile.index, width: tile.width, hashes: data })
        .execute();
    } else if (existing.width < tile.width) {
      await db
        .updateTable('log_tiles')
        .set({ width: tile.width, hashes: data })
        .where('body_id', '=', bodyId)
        .where('level', '=', tile.level)
        .where('tile_index', '=', tile.index)
        .execute();
    }
  }
}

export async function readLogState(db: Executor, bodyId: number) {
  return db.selectFrom('log_state').selectAll().where('body_id', '=', bodyId).executeTakeFirst();
}

/**
 * Publishes a checkpoint if the published size is still `fromSize` (compare-and-set); returns
 * false if another integrator moved it first. The size never shrinks.
 */
export async function publishCheckpoint(
  db: Executor,
  bodyId: number,
  fromSize: number | null,
  next: { size: number; root: Uint8Array; checkpoint: string; at: string },
): Promise<boolean> {
  if (fromSize === null) {
    const exists = await readLogState(db, bodyId);
    if (exists) return false;
    await db
      .insertInto('log_state')
      .values({ body_id: bodyId, size: next.size, root: next.root, checkpoint: next.checkpoint, updated_at: next.at })
      .execute();
  } else {
    const r = await db
      .updateTable('log_state')
      .set({ size: next.size, root: next.root, checkpoint: next.checkpoint, updated_at: next.at })
      .where('body_id', '=', bodyId)
      .where('size', '=', fromSize)
      .where('size', '<', next.size)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
  }
  await db
    .insertInto('log_checkpoints')
    .values({ body_id: bodyId, size: next.size, root: next.root, checkpoint: next.checkpoint, created_at: next.at })
    .execute();
  return true;
}
