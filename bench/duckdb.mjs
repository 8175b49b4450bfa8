// One DuckDB measurement in its own process, so its peak RSS is its own (DuckDB's threads live in
// this process). Prints one JSON line: { what, threads, seconds, rows, peakRssMb, version, ... }.
// Usage: node bench/duckdb.mjs <query|copy> <threads> <data dir> <out dir>
//   query: (a) SELECT security_code, date, count(*), sum(price*quantity) FROM read_csv(<order files>)
//          GROUP BY ALL — the order files only, compared with `sweeplab scan` over the same files.
//   copy:  (b) COPY (SELECT * FROM read_csv(...)) TO <out>/<table> (FORMAT parquet,
//          PARTITION_BY (<security>, <date>)) for orders, trades and NBBO — the same files that
//          sweeplab's partition phase reads; rows and seconds are summed over the three tables.
// Every read_csv names its options (header, delimiter, quote) and the types of the ids, timestamps
// and partition keys, so nothing depends on DuckDB's sniffer guessing them from a sample.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/**
 * Per table: the files, the partition keys (the columns the data already has: orders carry the
 * Sydney trading date in `date`; trades in `tradedate`; NBBO rows carry `tradedate` as the
 * nanosecond timestamp of Sydney midnight, one value per trading date, so partitioning on it gives
 * the same (security, date) partitions without a time-zone conversion) and explicit column types.
 */
export const TABLES = {
  orders: {
    glob: "orders/*.csv*",
    keys: ["security_code", "date"],
    types: {
      order_id: "UBIGINT",
      timestamp: "UBIGINT",
      security_code: "VARCHAR",
      price: "BIGINT",
      quantity: "BIGINT",
      leavesquantity: "BIGINT",
      sequence: "UBIGINT",
      crossingkey: "UBIGINT",
      date: "DATE",
    },
  },
  trades: {
    glob: "trades/*.csv*",
    keys: ["securitycode", "tradedate"],
    types: {
      sequence: "UBIGINT",
      tradedate: "DATE",
      tradetime: "UBIGINT",
      securitycode: "VARCHAR",
      orderid: "UBIGINT",
      matchgroupid: "UBIGINT",
      tradeprice: "BIGINT",
      quantity: "BIGINT",
    },
  },
  nbbo: {
    glob: "nbbo*.csv*",
    keys: ["orderbookid", "tradedate"],
    types: {
      sequence: "UBIGINT",
      tradedate: "UBIGINT",
      bidprice: "BIGINT",
      creationtime: "UBIGINT",
      offerprice: "BIGINT",
      orderbookid: "VARCHAR",
      timestamp: "UBIGINT",
      runid: "UBIGINT",
    },
  },
};

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

/** The read_csv call for one table of a data folder, with every option spelt out. */
export function readCsv(dataDir, table) {
  const t = TABLES[table];
  const types = Object.entries(t.types)
    .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`)
    .join(", ");
  return `read_csv(${sqlString(join(dataDir, t.glob))}, header = true, delim = ',', quote = '"', escape = '"', types = {${types}})`;
}

async function main() {
  const [what, threadsArg, dataDir, outDir] = process.argv.slice(2);
  const threads = Number(threadsArg);
  if (!["query", "copy"].includes(what) || !(threads >= 1) || !dataDir || !outDir)
    throw new Error("usage: node bench/duckdb.mjs <query|copy> <threads> <data dir> <out dir>");
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run(`SET threads = ${threads}`);
  const version = (await c.runAndReadAll("SELECT version()")).getRows()[0][0];
  let rows = 0;
  let groups = 0;
  const t0 = performance.now();
  if (what === "query") {
    const r = await c.runAndReadAll(
      `SELECT security_code, date, count(*) AS n, sum(price * quantity) AS value FROM ${readCsv(dataDir, "orders")} GROUP BY ALL`,
    );
    const result = r.getRows();
    groups = result.length;
    for (const row of result) rows += Number(row[2]);
  } else {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const table of Object.keys(TABLES)) {
      const r = await c.runAndReadAll(
        `COPY (SELECT * FROM ${readCsv(dataDir, table)}) TO ${sqlString(join(outDir, table))} (FORMAT parquet, PARTITION_BY (${TABLES[table].keys.join(", ")}))`,
      );
      rows += Number(r.getRows()[0][0]);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  c.closeSync();
  process.stdout.write(
    JSON.stringify({
      what,
      threads,
      seconds,
      rows,
      groups,
      version,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + "\n",
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
