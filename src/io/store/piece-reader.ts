import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TableKind } from "../../model/schemas.js";
import { listPieces, partitionDir } from "./layout.js";
import { decodePiece, type PieceColumns } from "./parquet-codec.js";
import { allocStored, STORE_COLUMNS } from "./store-schema.js";

/** One table of one partition read back: its stored columns concatenated in piece order. */
export interface TableRows {
  rows: number;
  pieces: number;
  columns: PieceColumns;
}

/**
 * Reads every piece of one table of one partition, in read order (tag in natural order, then flush
 * counter) and concatenates their stored columns. Zero rows when the table has no piece. Errors:
 * StoreError `bad_path_component`, `corrupt_piece`; file system errors.
 */
export async function readTableRows(
  storeDir: string,
  table: TableKind,
  securityCode: string,
  date: string,
): Promise<TableRows> {
  const dir = partitionDir(table, securityCode, date);
  const names = await listPieces(storeDir, dir);
  const parts: { rows: number; columns: PieceColumns }[] = [];
  for (const p of names) {
    const path = join(storeDir, dir, p.name);
    parts.push(decodePiece(table, await readFile(path), path));
  }
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const columns: PieceColumns = new Map();
  for (const c of STORE_COLUMNS[table]) {
    const out = allocStored(c.kind, rows);
    let at = 0;
    for (const p of parts) {
      (out as Uint8Array).set(p.columns.get(c.name) as Uint8Array, at);
      at += p.rows;
    }
    columns.set(c.name, out);
  }
  return { rows, pieces: names.length, columns };
}
