/**
 * Test helpers: generate a small data set once per test file into a temp dir and read it back with
 * csv-parse (plain or gzip). Values stay strings, so ids and timestamps keep every digit.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { generate, SIMULATION_RULES_ONLY, type GenOptions, type GenSummary } from "../../src/gen/index.js";

/** One CSV row keyed by header name (values exactly as written). */
export type Row = Record<string, string>;

/** A parsed CSV file: header names in file order and the rows. */
export interface Table {
  header: string[];
  rows: Row[];
}

/** Reads a `.csv` or `.csv.gz` file as text. */
export function readText(path: string): string {
  const bytes = readFileSync(path);
  return path.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
}

/** Parses a CSV file (header row first). */
export function readTable(path: string): Table {
  const records = parse(readText(path), { relax_column_count: false });
  const header = records[0] ?? [];
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
  return { header, rows };
}

/** A generated data set, parsed. */
export interface Dataset {
  dir: string;
  summary: GenSummary;
  /** Orders per file, keyed by date. */
  ordersByDate: Map<string, Table>;
  tradesByDate: Map<string, Table>;
  orders: Row[];
  trades: Row[];
  nbbo: Table;
}

/** The small standard options of these tests: ~6,000 order rows, 3 securities, 4 dates over DST. */
export const SMALL: Omit<GenOptions, "outDir"> = { orders: 6000, securities: 3, dates: 4, seed: 7 };

/**
 * SMALL with every market rule off: a market that follows only the simulation's midpoint rule, for
 * the tests of its shapes (order lives, codes, trade pairs, quotes, midpoint matching) that the
 * extra rules break on purpose (market-rules.test.ts covers those).
 */
export const SMALL_SIMULATION_ONLY: Omit<GenOptions, "outDir"> = { ...SMALL, rules: SIMULATION_RULES_ONLY };

/** Makes a fresh temp dir; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sweeplab-gen-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Generates with `opts` into `dir` and parses every orders, trades and nbbo file. */
export async function generateAndRead(opts: Omit<GenOptions, "outDir">, dir: string): Promise<Dataset> {
  const summary = await generate({ ...opts, outDir: dir });
  const ext = opts.gzip === true ? ".csv.gz" : ".csv";
  const ordersByDate = new Map<string, Table>();
  const tradesByDate = new Map<string, Table>();
  for (const d of summary.dates) {
    ordersByDate.set(d, readTable(join(dir, "orders", `orders-${d}${ext}`)));
    tradesByDate.set(d, readTable(join(dir, "trades", `trades-${d}${ext}`)));
  }
  return {
    dir,
    summary,
    ordersByDate,
    tradesByDate,
    orders: [...ordersByDate.values()].flatMap((t) => t.rows),
    trades: [...tradesByDate.values()].flatMap((t) => t.rows),
    nbbo: readTable(join(dir, `nbbo${ext}`)),
  };
}

/** Groups rows by a key, keeping file order inside each group. */
export function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list === undefined) m.set(k, [x]);
    else list.push(x);
  }
  return m;
}

/** The value of a column as a bigint (exact), failing loudly on a missing column. */
export function big(r: Row, col: string): bigint {
  const v = r[col];
  if (v === undefined) throw new Error(`missing column ${col}`);
  return BigInt(v);
}

/** The value of a column as a number (only for values < 2^53: prices, quantities, codes). */
export function num(r: Row, col: string): number {
  const v = r[col];
  if (v === undefined) throw new Error(`missing column ${col}`);
  return Number(v);
}

/** Centre Point exchangeordertype bits. */
export const CP_MASK = 64 | 256 | 2048 | 4096;
