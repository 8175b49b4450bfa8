/*
 * Parquet pieces another tool wrote (or ours when the plain reader is asked not to read them): read
 * with parquet-wasm (arrow-rs compiled to WebAssembly) and apache-arrow, loaded on first use.
 * parquet-codec.ts reads the store's own pieces without them.
 */

import type * as Arrow from "apache-arrow";
import type * as ParquetWasm from "parquet-wasm";
import { openAsBlob } from "node:fs";
import type { TableKind } from "../../model/schemas.js";
import { repartitionHint, StoreError } from "./errors.js";
import { fromInt64 } from "./int64.js";
import { STORE_COLUMNS, type StoredArray, type StoredColumn } from "./store-schema.js";

const EXPECTED: Record<StoredColumn["kind"], new (n: number) => StoredArray> = {
  u64: BigUint64Array,
  ns: BigInt64Array,
  int: BigInt64Array, // converted to numbers below
  code: Uint8Array,
  mask: Int32Array,
};

/**
 * parquet-wasm and apache-arrow, loaded on first use: only a piece another tool wrote needs them,
 * and loading them costs each thread ≈ 40 MB and a WebAssembly compile (a partitioning or job
 * thread reading our own pieces never pays it).
 */
let wasm: Promise<{ parquet: typeof ParquetWasm; arrow: typeof Arrow }> | undefined;
const loadWasm = (): NonNullable<typeof wasm> =>
  (wasm ??= Promise.all([import("parquet-wasm"), import("apache-arrow")]).then(
    ([parquet, arrow]) => ({ parquet, arrow }),
    (e: unknown) => {
      wasm = undefined; // a failed load (e.g. EMFILE) is tried again by the next foreign piece
      throw e;
    },
  ));

/**
 * A Parquet piece of any writer read by parquet-wasm: the table's stored columns (int columns as
 * numbers) and the row count. Throws StoreError `corrupt_piece` for bytes that are not Parquet or a
 * file lacking a column or holding it with another type.
 */
export async function decodeForeign(
  table: TableKind,
  bytes: Uint8Array,
  path: string,
): Promise<{ rows: number; columns: Map<string, StoredArray> }> {
  const spec = STORE_COLUMNS[table];
  const { parquet, arrow } = await loadWasm();
  let decoded: Arrow.Table;
  try {
    const read = parquet.readParquet(bytes, { columns: spec.map((c) => c.name), batchSize: 1 << 20 });
    decoded = arrow.tableFromIPC(read.intoIPCStream());
  } catch (e) {
    throw new StoreError(
      "corrupt_piece",
      path,
      `is not a readable Parquet piece (${String(e)}); ${repartitionHint(path)}`,
    );
  }
  const columns = new Map<string, StoredArray>();
  for (const c of spec) {
    const values: unknown = decoded.getChild(c.name)?.toArray();
    if (!(values instanceof EXPECTED[c.kind]) || values.length !== decoded.numRows)
      throw new StoreError("corrupt_piece", path, `lacks column ${c.name} of kind ${c.kind}; ${repartitionHint(path)}`);
    columns.set(c.name, c.kind === "int" ? fromInt64(values as BigInt64Array) : values);
  }
  return { rows: decoded.numRows, columns };
}

/**
 * Row count of a Parquet file, from its footer only (the data pages are not read). Throws
 * StoreError `corrupt_piece` for a file without a readable footer; file system errors.
 */
export async function parquetRows(path: string): Promise<number> {
  const { parquet } = await loadWasm();
  let file: ParquetWasm.ParquetFile | undefined;
  try {
    file = await parquet.ParquetFile.fromFile(await openAsBlob(path));
    const meta = file.metadata();
    const rows = meta.fileMetadata().numRows();
    meta.free();
    return rows;
  } catch (e) {
    throw new StoreError(
      "corrupt_piece",
      path,
      `has no readable Parquet footer (${String(e)}); ${repartitionHint(path)}`,
    );
  } finally {
    file?.free();
  }
}
