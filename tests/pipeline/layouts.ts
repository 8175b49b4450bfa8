import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { snapshot } from "./helpers.js";

/**
 * Helpers of tests/pipeline/layout-invariance.test.ts: one data set written out in the layouts a
 * stranger's extracts come in (other files, names, folders, row orders), and the comparison of two
 * runs' outputs.
 */

/** The data tables of a generated market. */
export type TableName = "orders" | "trades" | "nbbo";

/** One CSV file: its header line and its rows (lines without the newline). */
export interface CsvText {
  header: string;
  rows: string[];
}

/** A data set: each table's files, in the generator's layout order. */
export type DataSet = Record<TableName, CsvText[]>;

/** The security column of each table (REFERENCE "Inputs": the table is found by header). */
const SECURITY_COLUMN: Record<TableName, string> = {
  orders: "security_code",
  trades: "securitycode",
  nbbo: "orderbookid",
};

/** The time and sequence columns of each table (model/tables/: `timeColumn`, `sequenceColumn`). */
const TIME_COLUMNS: Record<TableName, [string, string]> = {
  orders: ["timestamp", "sequence"],
  trades: ["tradetime", "sequence"],
  nbbo: ["timestamp", "sequence"],
};

/** A seeded random stream in [0, 1) (a 32-bit LCG: enough to shuffle and split rows). */
export function randomStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 4_294_967_296;
  };
}

/** `a` shuffled in place by `rnd` (Fisher–Yates), returned. */
export function shuffled<T>(a: T[], rnd: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

function readCsv(path: string): CsvText {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return { header: lines[0] as string, rows: lines.slice(1) };
}

/** The data files of a folder written by `generate` (orders/, trades/, nbbo.csv), in name order. */
export function readGenerated(dir: string): DataSet {
  const folder = (t: string): CsvText[] =>
    readdirSync(join(dir, t))
      .sort()
      .map((f) => readCsv(join(dir, t, f)));
  return { orders: folder("orders"), trades: folder("trades"), nbbo: [readCsv(join(dir, "nbbo.csv"))] };
}

/** Writes one CSV file (creating its folder), gzipped when the name ends in `.gz`; returns the path. */
export function writeCsv(path: string, header: string, rows: readonly string[]): string {
  mkdirSync(dirname(path), { recursive: true });
  const text = Buffer.from([header, ...rows].join("\n") + "\n", "utf8");
  writeFileSync(path, path.endsWith(".gz") ? gzipSync(text) : text);
  return path;
}

/** Every row of a table, its files one after the other. */
export function allRows(data: DataSet, t: TableName): string[] {
  return data[t].flatMap((f) => f.rows);
}

/** The rows of table `t` grouped by security code, in first-met order. */
export function bySecurity(data: DataSet, t: TableName): Map<string, string[]> {
  const at = (data[t][0] as CsvText).header.split(",").indexOf(SECURITY_COLUMN[t]);
  const out = new Map<string, string[]>();
  for (const row of allRows(data, t)) {
    const sec = row.split(",")[at] as string;
    out.set(sec, [...(out.get(sec) ?? []), row]);
  }
  return out;
}

/**
 * The data set with every timestamp cut to whole milliseconds and every sequence number 0: many
 * rows of a partition then tie on (timestamp, sequence), as in an extract whose clock is coarse and
 * which carries no sequence, so that only the toolkit's tie rule orders them.
 */
export function coarsened(data: DataSet): DataSet {
  const out = {} as DataSet;
  for (const t of ["orders", "trades", "nbbo"] as const) {
    out[t] = data[t].map(({ header, rows }) => {
      const [ti, si] = TIME_COLUMNS[t].map((c) => header.split(",").indexOf(c)) as [number, number];
      return {
        header,
        rows: rows.map((r) => {
          const v = r.split(",");
          v[ti] = `${(v[ti] as string).slice(0, -6)}000000`;
          v[si] = "0";
          return v.join(",");
        }),
      };
    });
  }
  return out;
}

/** The generator's own layout of `data` under `dir` (one file per date; the nbbo in one file). */
export function writeAsGenerated(data: DataSet, dir: string): void {
  for (const t of ["orders", "trades", "nbbo"] as const)
    data[t].forEach((f, i) => writeCsv(join(dir, t, `${t}-${i}.csv`), f.header, f.rows));
}

/**
 * An output folder's results: every file but the store, the rejects and the run's logs, with each
 * job.json's `record.stamp.input` and `record.jsonSha256` left out (the fingerprint of the
 * partition's piece files, whose names and boundaries follow the layout by design: REFERENCE "The
 * job record and reruns"). Relative path → text or bytes.
 */
export function results(out: string): Map<string, string | Buffer> {
  const files = snapshot(out, /^(store|rejects)\/|^(run_summary|run_manifest|_file_digests|\.sweeplab-output)\.json$/);
  const res = new Map<string, string | Buffer>();
  for (const [k, v] of files) {
    if (!k.endsWith("job.json")) res.set(k, v);
    else {
      const j = JSON.parse(v.toString("utf8")) as { record: { stamp: { input?: string }; jsonSha256?: string } };
      delete j.record.stamp.input;
      delete j.record.jsonSha256;
      res.set(k, JSON.stringify(j, null, 1));
    }
  }
  return res;
}

/** The paths whose results differ between two output folders (missing on one side, or other bytes). */
export function differences(a: Map<string, string | Buffer>, b: Map<string, string | Buffer>): string[] {
  const same = (x: string | Buffer, y: string | Buffer): boolean =>
    typeof x === "string" || typeof y === "string" ? x.toString() === y.toString() : x.equals(y);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => {
      const x = a.get(k);
      const y = b.get(k);
      return x === undefined || y === undefined || !same(x, y);
    })
    .sort();
}
