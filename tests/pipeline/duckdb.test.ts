import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

let out = "";
let summary: RunSummary;
let query: (sql: string) => Promise<unknown[][]>;

beforeAll(async () => {
  const data = await smallData(5);
  out = tmp("sweeplab-duck-");
  summary = await runPipeline(configFor(data, out));
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  query = async (sql) => (await c.runAndReadAll(sql)).getRows();
}, 120_000);

const accepted = (table: string): number =>
  summary.partition.files.filter((f) => f.table === table).reduce((s, f) => s + f.accepted, 0);

describe("DuckDB reads what sweeplab wrote", () => {
  it("the Parquet store holds every accepted row, per table", async () => {
    for (const t of ["orders", "trades", "nbbo"]) {
      const [[n]] = (await query(
        `SELECT count(*) FROM read_parquet('${out}/store/${t}/*/*/*.parquet', hive_partitioning = true)`,
      )) as [[bigint]];
      expect(Number(n), t).toBe(accepted(t));
    }
    // One partition per (security, date) with the Hive keys DuckDB sees.
    const parts = await query(
      `SELECT count(DISTINCT (security, date)) FROM read_parquet('${out}/store/orders/*/*/*.parquet', hive_partitioning = true)`,
    );
    expect(Number(parts[0]![0])).toBe(summary.jobs!.total);
  });

  it("per-job orders.parquet hold the store's Centre Point rows", async () => {
    const [[cp]] = (await query(
      `SELECT count(*) FROM read_parquet('${out}/store/orders/*/*/*.parquet') WHERE (exchangeordertype & 6464) <> 0`,
    )) as [[bigint]];
    const [[csv]] = (await query(`SELECT count(*) FROM read_parquet('${out}/by_security/*/*/orders.parquet')`)) as [
      [bigint],
    ];
    expect(csv).toBe(cp);
  });

  it("per-job simulation and metrics files give the totals of the aggregated summary", async () => {
    const [[n, realFilled, simFilled, savings]] = (await query(
      `SELECT count(*), sum(real_filled), sum(sim_filled), sum(savings_micro_aud) FROM read_parquet('${out}/by_security/*/*/simulation.parquet')`,
    )) as [[bigint, bigint, bigint, bigint]];
    const [[sweeps, realFilled2]] = (await query(
      `SELECT sum(sweeps), sum(realFilled) FROM read_csv('${out}/by_security/*/*/metrics.csv', header = true)`,
    )) as [[bigint, bigint]];
    const global = parse<Record<string, string>>(readFileSync(join(out, "aggregated", "global_summary.csv"), "utf8"), {
      columns: true,
    });
    const all = global.find((r) => r.fill_group === "All" && r.size_band === "All")!;
    expect(Number(n)).toBe(Number(all.sweeps));
    expect(Number(sweeps)).toBe(Number(all.sweeps));
    expect(Number(realFilled)).toBe(Number(all.real_filled));
    expect(Number(realFilled2)).toBe(Number(all.real_filled));
    expect(Number(simFilled)).toBe(Number(all.sim_filled));
    // savings_aud is printed from integer micro-AUD with 6 decimals: compare exactly as text.
    const micro = BigInt(savings);
    const sign = micro < 0n ? "-" : "";
    const abs = micro < 0n ? -micro : micro;
    expect(all.savings_aud).toBe(`${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`);
  });
});
