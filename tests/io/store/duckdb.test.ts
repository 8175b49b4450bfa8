import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPartitions } from "../../../src/io/store/load-partitions.js";
import type { Partition } from "../../../src/model/partition.js";
import { tmp } from "../../helpers.js";
import { HUGE_ID, makeDataSet, partitionAll } from "./fixture.js";

let store: string;
let partitions: Partition[];
let db: DuckDBInstance;

beforeAll(async () => {
  const data = await makeDataSet();
  store = join(tmp(), "store");
  await partitionAll([data], store);
  partitions = (await loadPartitions([data])).partitions;
  db = await DuckDBInstance.create(":memory:");
});

afterAll(() => db.closeSync());

async function query(sql: string): Promise<unknown[][]> {
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRows();
  } finally {
    con.closeSync();
  }
}

describe("the store read by DuckDB (hive partitioning)", () => {
  it("sees every column chunk of every piece as SNAPPY-compressed PLAIN pages", async () => {
    const rows = await query(`
      SELECT DISTINCT compression, encodings
      FROM parquet_metadata('${store}/*/*/*/*.parquet')`);
    expect(rows).toEqual([["SNAPPY", "PLAIN, RLE"]]);
  });

  it("gives per partition exactly the order counts, Σ quantity and max(order_id) of the loaded partitions", async () => {
    const rows = await query(`
      SELECT CAST(security AS VARCHAR), CAST(date AS VARCHAR), count(*), sum(quantity), max(order_id)
      FROM read_parquet('${store}/orders/*/*/*.parquet', hive_partitioning = true)
      GROUP BY ALL ORDER BY ALL`);
    const want = partitions.map((p) => [
      p.securityCode,
      p.date,
      BigInt(p.orders.length),
      [...p.orders.qty].reduce((s, q) => s + BigInt(q), 0n),
      p.orders.orderId.reduce((m, id) => (id > m ? id : m), 0n),
    ]);
    expect(rows).toEqual(want);
    expect(rows.map((r) => r[4])).toContain(HUGE_ID);
  });

  it("reads exact timestamps, trade legs and quotes with their native types", async () => {
    const [ts] = await query(`
      SELECT min(timestamp), max(timestamp), typeof(max(order_id)), typeof(max(side))
      FROM read_parquet('${store}/orders/*/*/*.parquet')`);
    const all = partitions.flatMap((p) => [...p.orders.tsNs]);
    expect(ts).toEqual([
      all.reduce((m, t) => (t < m ? t : m)),
      all.reduce((m, t) => (t > m ? t : m)),
      "UBIGINT",
      "UTINYINT",
    ]);
    const [legs] = await query(`
      SELECT count(*), sum(tradeprice * quantity), count(DISTINCT matchgroupid)
      FROM read_parquet('${store}/trades/*/*/*.parquet', hive_partitioning = true)`);
    const value = partitions.reduce(
      (s, p) => s + [...p.trades.priceTicks].reduce((a, px, i) => a + BigInt(px) * BigInt(p.trades.qty[i]!), 0n),
      0n,
    );
    const groups = new Set(partitions.flatMap((p) => [...p.trades.matchGroupId])).size;
    expect(legs).toEqual([BigInt(partitions.reduce((n, p) => n + p.trades.length, 0)), value, BigInt(groups)]);
    const [quotes] = await query(`SELECT count(*) FROM read_parquet('${store}/nbbo/*/*/*.parquet')`);
    expect(quotes).toEqual([BigInt(partitions.reduce((n, p) => n + (p.quotes?.length ?? 0), 0))]);
  });
});
