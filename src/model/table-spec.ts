import type { FieldKind } from "./fields.js";

/**
 * One declaration per input table (src/model/tables/): each column's header name, camelCase field,
 * field kind (how its text parses), whether it must be present, how the partition store keeps it
 * and which typed array a partition holds it in, and what it means. Everything else is derived
 * from it — the header (headers.ts), the field kinds, required set and zod row schema
 * (schemas.ts), the store's columns (io/store/store-schema.ts), the partition's column arrays, their
 * type and allocation (partition.ts), and the copies of stored or parsed columns into a partition
 * (io/store/read-partition.ts, io/load-partitions.ts). The fast ingest path plans each file from
 * the derived field kinds (io/fast-plan.ts). Adding a column is one entry in its table's file.
 */

/** The input tables sweeplab reads. */
export type TableKind = "orders" | "trades" | "nbbo";

/**
 * How the store keeps a column (Parquet/Arrow type, JS buffer while partitioning):
 * - `u64`: ids, Arrow UInt64 (Parquet INT64 UINT_64), `BigUint64Array`: exact, never a JS number.
 * - `ns`: UTC ns timestamps, Arrow Int64, `BigInt64Array`: exact.
 * - `int`: prices (ticks), quantities, sequence numbers, participant ids: Arrow Int64 from a
 *   `Float64Array` of safe integers (see io/store/int64.ts). A quote side with no price is NO_PRICE
 *   (−1, model/price.ts), an Int64 like any other.
 * - `code`: side, changereason, orderstatus, ordertype, dealsource, passiveaggressive: UInt8 (the
 *   readers accept codes 0–255, known or not, and nothing wider: see model/fields.ts).
 * - `mask`: exchangeordertype bit mask (≤ 0xffff), Int32.
 */
export type StoredKind = "u64" | "ns" | "int" | "code" | "mask";

/** How the store keeps one column. */
export interface StoreDef {
  kind: StoredKind;
  /**
   * Position in the store's files (0, 1, …, no gaps). Fixed per column so that adding one changes
   * nothing else in a piece: a new stored column takes the next number (a store partitioned before
   * lacks it, and its pieces read as `corrupt_piece` until partitioned again).
   */
  at: number;
  /** High-cardinality, nearly monotone (ids, times, sequence numbers): DELTA_BINARY_PACKED, no dictionary. */
  delta?: boolean;
}

/** The typed arrays a partition column may be held in (by constructor name). */
export interface PartitionArrays {
  BigUint64Array: BigUint64Array;
  BigInt64Array: BigInt64Array;
  Float64Array: Float64Array;
  Uint8Array: Uint8Array;
  Uint16Array: Uint16Array;
  Int32Array: Int32Array;
  /**
   * An integer column held as narrowly as its values allow: `Int32Array` when every value of the
   * partition fits in 32 bits (the common case: a third of the memory of a double), otherwise
   * `Float64Array` (safe integers, exact). Code reads it by index like any number array.
   */
  IntColumn: IntColumn;
}

/** An integer partition column: `Int32Array` when its values fit, otherwise `Float64Array` (see {@link PartitionArrays}). */
export type IntColumn = Int32Array | Float64Array;

/** The name of a partition column's typed array. */
export type PartitionArrayName = keyof PartitionArrays;

/** One partition column array of any of the {@link PartitionArrays} types. */
export type PartitionArray = PartitionArrays[PartitionArrayName];

/** The constructor of each {@link PartitionArrayName}. */
export const PARTITION_ARRAYS: { readonly [A in PartitionArrayName]: new (n: number) => PartitionArrays[A] } = {
  BigUint64Array,
  BigInt64Array,
  Float64Array,
  Uint8Array,
  Uint16Array,
  Int32Array,
  IntColumn: Float64Array, // the wide form, exact for any safe integer; the store's reader narrows it
};

/** One column of an input table (its header name is its key in {@link TableDef.columns}). */
export interface ColumnDef {
  /** camelCase name in typed code: the partition's field when `partition` is set. */
  field: string;
  /** How the text parses (model/fields.ts). */
  kind: FieldKind;
  /** The file must have this column (the analysis uses it); otherwise absent means 0 / "". */
  required?: boolean;
  /** Kept in the partition store (and so readable by a job), and how. */
  store?: StoreDef;
  /** Held in a job's partition under `field`, in this typed array (the column must be stored). */
  partition?: PartitionArrayName;
  /** What the column means, with its unit. */
  doc: string;
}

/** One input table: its columns in the order the exchange writes them, and its key columns. */
export interface TableDef {
  kind: TableKind;
  /** Header name → column, in writing order (readers match columns by name, in any order). */
  columns: Readonly<Record<string, ColumnDef>>;
  /** The ns timestamp column that assigns a row to its trading date (and orders a partition). */
  timeColumn: string;
  /** The column that names the security. */
  securityColumn: string;
  /** The column that breaks ties of `timeColumn` in a partition. */
  sequenceColumn: string;
}

/** Checks a table declaration's literal types (the derivations need them) and returns it as is. */
export function defineTable<const T extends TableDef>(def: T): T {
  return def;
}

/** The header names of a table. */
export type HeaderOf<T extends TableDef> = keyof T["columns"] & string;

/** Header name → field kind of a table. */
export type KindsOf<T extends TableDef> = { readonly [K in HeaderOf<T>]: T["columns"][K]["kind"] };

/** The partition columns of a table: field → typed array. */
export type PartitionColumnsOf<T extends TableDef> = {
  [
    K in HeaderOf<T> as T["columns"][K] extends { partition: PartitionArrayName; field: infer F extends string }
      ? F
      : never
  ]: T["columns"][K] extends { partition: infer A extends PartitionArrayName } ? PartitionArrays[A] : never;
};

/** The header of a table: its column names in writing order. */
export function headerOf<T extends TableDef>(def: T): HeaderOf<T>[] {
  return Object.keys(def.columns);
}

/** Header name → field kind, in writing order. */
export function kindsOf<T extends TableDef>(def: T): KindsOf<T> {
  return Object.fromEntries(Object.entries(def.columns).map(([name, c]) => [name, c.kind])) as KindsOf<T>;
}

/** The columns a file of this table must have. */
export function requiredOf<T extends TableDef>(def: T): Set<HeaderOf<T>> {
  return new Set(headerOf(def).filter((name) => def.columns[name]?.required === true));
}

/** One stored column: its name (the input header name), stored kind and encoding. */
export interface StoredColumn {
  name: string;
  kind: StoredKind;
  /** Written with DELTA_BINARY_PACKED (no dictionary). */
  delta: boolean;
}

/** The stored columns of a table, in store order (`store.at`). Throws on gaps or repeats: a bad declaration. */
export function storedColumnsOf(def: TableDef): StoredColumn[] {
  const stored = Object.entries(def.columns)
    .filter((e): e is [string, ColumnDef & { store: StoreDef }] => e[1].store !== undefined)
    .sort(([, a], [, b]) => a.store.at - b.store.at);
  stored.forEach(([name, c], i) => {
    if (c.store.at !== i)
      throw new Error(`table ${def.kind}: column ${name} is stored at ${c.store.at}, expected ${i}`);
  });
  return stored.map(([name, c]) => ({ name, kind: c.store.kind, delta: c.store.delta === true }));
}

/**
 * The columns that order a partition's rows tied on (time, sequence), in this order: the exact
 * timestamp (`timeColumn`: local times repeat in the hour daylight saving ends), then every other
 * stored column but the sequence, in store order (for orders: `order_id`, `price`, `side`, …). A
 * partition's rows are sorted by (time, sequence, then these values), so that their order, and
 * every result, depends on the rows alone and never on the files they came from (names, folders,
 * row order, byte ranges).
 */
export function tieColumnsOf(def: TableDef): string[] {
  const others = storedColumnsOf(def)
    .map((c) => c.name)
    .filter((name) => name !== def.sequenceColumn && name !== def.timeColumn);
  return [def.timeColumn, ...others];
}

/**
 * Compares two rows of a partition tied on (time, sequence) by `values` (the {@link tieColumnsOf}
 * values of row `a`, then of row `b`, column by column; bigint or number, an absent one as 0):
 * negative, 0 or positive. Rows equal in every column are the same row for the analysis.
 */
export function compareTied(
  columns: number,
  value: (column: number, row: 0 | 1) => bigint | number | undefined,
): number {
  for (let c = 0; c < columns; c++) {
    const x = value(c, 0) ?? 0;
    const y = value(c, 1) ?? 0;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** One partition column: the stored column `name` held as `field` in a typed `array`. */
export interface PartitionColumn {
  name: string;
  field: string;
  array: PartitionArrayName;
}

/** The partition columns of a table, in store order. Throws when one is not stored: a bad declaration. */
export function partitionColumnsOf(def: TableDef): PartitionColumn[] {
  const stored = storedColumnsOf(def).map((s) => s.name);
  const cols = Object.entries(def.columns).flatMap(([name, c]) => {
    if (c.partition === undefined) return [];
    if (c.store === undefined) throw new Error(`table ${def.kind}: partition column ${name} is not stored`);
    return [{ name, field: c.field, array: c.partition }];
  });
  return cols.sort((a, b) => stored.indexOf(a.name) - stored.indexOf(b.name));
}

/**
 * An integer column in its narrow form: an `Int32Array` copy when every value fits in 32 bits,
 * otherwise `a` itself (what the store's reader gives an {@link IntColumn}).
 */
export function narrowed(a: Float64Array): IntColumn {
  return fitsInt32(a) ? Int32Array.from(a) : a;
}

/** True when every value of `a` (integers) fits in an `Int32Array`: the narrow {@link IntColumn}. */
export function fitsInt32(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if ((v | 0) !== v) return false;
  }
  return true;
}

/**
 * New zeroed partition columns of `n` rows: `length`, `tNs` (ns since Sydney local midnight,
 * Float64Array) and every {@link PartitionColumnsOf} column.
 */
export function allocPartitionColumns<T extends TableDef>(
  def: T,
  n: number,
): PartitionColumnsOf<T> & { length: number; tNs: Float64Array } {
  const out: Record<string, unknown> = { length: n, tNs: new Float64Array(n) };
  for (const c of partitionColumnsOf(def)) out[c.field] = new PARTITION_ARRAYS[c.array](n);
  return out as PartitionColumnsOf<T> & { length: number; tNs: Float64Array };
}
