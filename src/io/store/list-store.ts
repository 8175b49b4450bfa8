import { compareSecurityDate } from "../../model/keys.js";
import { join } from "node:path";
import type { TableKind } from "../../model/schemas.js";
import { listKeyDirs, listPieces, listPiecesSync, partitionDir, STORE_TABLES } from "./layout.js";
import { pieceRows } from "./piece-reader.js";

/** One (security, date) partition of the store. */
export interface StorePartition {
  securityCode: string;
  /** Sydney trading date, YYYY-MM-DD. */
  date: string;
  /** Rows per table (0 when the table has no piece). */
  rows: Record<TableKind, number>;
  /** Piece paths relative to the store folder, by table (orders, trades, nbbo), each in read order. */
  pieces: string[];
}

/**
 * Every (security, date) that has a piece in the store, sorted by security then date: the folders
 * only, no piece opened (see {@link listStore} for row counts). A missing store folder lists nothing.
 * Errors: file system errors.
 */
export async function listStoreKeys(storeDir: string): Promise<{ securityCode: string; date: string }[]> {
  const found = new Map<string, { securityCode: string; date: string }>();
  for (const table of STORE_TABLES) {
    for (const securityCode of await listKeyDirs(join(storeDir, table), "security")) {
      for (const date of await listKeyDirs(join(storeDir, table, `security=${securityCode}`), "date")) {
        const key = `${securityCode}|${date}`;
        if (found.has(key)) continue;
        if (listPiecesSync(storeDir, partitionDir(table, securityCode, date)).length > 0)
          found.set(key, { securityCode, date });
      }
    }
  }
  return [...found.values()].sort(compareSecurityDate);
}

/**
 * Every (security, date) in the store with its tables' row counts and pieces, sorted by security
 * then date. Row counts come from the Parquet footers (no data page is read). A missing store
 * folder lists nothing. Errors: StoreError `corrupt_piece` (a piece without a readable footer);
 * file system errors.
 */
export async function listStore(storeDir: string): Promise<StorePartition[]> {
  const found = new Map<string, StorePartition>();
  for (const table of STORE_TABLES) {
    for (const securityCode of await listKeyDirs(join(storeDir, table), "security")) {
      for (const date of await listKeyDirs(join(storeDir, table, `security=${securityCode}`), "date")) {
        const dir = partitionDir(table, securityCode, date);
        const names = await listPieces(storeDir, dir);
        if (names.length === 0) continue;
        const key = `${securityCode}|${date}`;
        let p = found.get(key);
        if (p === undefined)
          found.set(key, (p = { securityCode, date, rows: { orders: 0, trades: 0, nbbo: 0 }, pieces: [] }));
        const counts = await Promise.all(names.map((n) => pieceRows(join(storeDir, dir, n.name))));
        p.rows[table] += counts.reduce((a, b) => a + b, 0);
        p.pieces.push(...names.map((n) => `${dir}/${n.name}`));
      }
    }
  }
  return [...found.values()].sort(compareSecurityDate);
}
