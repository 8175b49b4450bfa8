import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { DETAIL_TABLES, SIMULATION_TABLE, type DetailType } from "../../src/core/detail-tables/index.js";
import { jobDir, writeJobOutputs } from "../../src/io/outputs/job-outputs.js";
import { JobOutputsError, readJobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { writeSampleJobs, type SampleJobs } from "../frames/fixtures.js";
import { tmp } from "../helpers.js";

let csv: SampleJobs;
let parquet: SampleJobs;
let parquetAgain: SampleJobs;
let query: (sql: string) => Promise<unknown[][]>;

beforeAll(async () => {
  csv = await writeSampleJobs(undefined, { detailFormat: "csv.gz" });
  parquet = await writeSampleJobs();
  parquetAgain = await writeSampleJobs();
  const c = await (await DuckDBInstance.create(":memory:")).connect();
  query = async (sql) => (await c.runAndReadAll(sql)).getRows();
}, 120_000);

/** The files of every job folder of `dir` whose name passes `keep`, in a fixed order (job folder, name). */
function jobFiles(s: SampleJobs, keep: (name: string) => boolean): [string, Buffer][] {
  return s.results.flatMap((r) => {
    const d = jobDir(s.dir, r.securityCode, r.date);
    return readdirSync(d)
      .filter(keep)
      .sort()
      .map((f): [string, Buffer] => [`${r.securityCode}/${r.date}/${f}`, readFileSync(join(d, f))]);
  });
}

describe("detail tables: outputs.detailFormat", () => {
  it("csv.gz writes the seed's files byte for byte (sha256 of the code before Parquet existed)", () => {
    const h = createHash("sha256");
    for (const r of csv.results)
      for (const f of ["orders.csv.gz", "classified.csv.gz", "simulation.csv.gz", "metrics.csv"])
        h.update(readFileSync(join(jobDir(csv.dir, r.securityCode, r.date), f)));
    // Computed by commit 41da380 (before this option) from the same 12 sample_data jobs.
    expect(h.digest("hex")).toBe("964f8c60e4154e902e06099f3f6ab38192d8acd659f0a76b1b2ff2f48f908da7");
    expect(jobFiles(csv, (f) => f.endsWith(".parquet"))).toEqual([]);
  });

  it("parquet (the default) writes <table>.parquet instead of <table>.csv.gz, the same metrics.csv", () => {
    const names = readdirSync(jobDir(parquet.dir, "110621", "2024-10-02")).sort();
    expect(names).toEqual(["classified.parquet", "job.json", "metrics.csv", "orders.parquet", "simulation.parquet"]);
    expect(jobFiles(parquet, (f) => f === "metrics.csv")).toEqual(jobFiles(csv, (f) => f === "metrics.csv"));
  });

  it("both formats give the same rows through the reader", async () => {
    const a = await readJobOutputs(csv.dir);
    const b = await readJobOutputs(parquet.dir);
    expect(b.sweeps.length).toBeGreaterThan(100);
    expect(b).toStrictEqual(a);
  });

  it("two runs give byte-identical Parquet files", () => {
    const one = jobFiles(parquet, (f) => f.endsWith(".parquet"));
    expect(one.length).toBe(36);
    expect(jobFiles(parquetAgain, (f) => f.endsWith(".parquet"))).toEqual(one);
  });

  it("DuckDB reads every table with the declared types and the CSV's rows and sums", async () => {
    const duck: Record<DetailType, string> = {
      u64: "UBIGINT",
      timestamp_ns: "BIGINT",
      int64: "BIGINT",
      int32: "INTEGER",
      float64: "DOUBLE",
      date: "DATE",
      text: "VARCHAR",
    };
    for (const [table, columns] of Object.entries(DETAIL_TABLES)) {
      const glob = `${parquet.dir}/by_security/*/*/${table}.parquet`;
      const described = await query(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
      expect(
        described.map((r) => `${String(r[0])} ${String(r[1])}`),
        table,
      ).toEqual(columns.map((c) => `${c.name} ${duck[c.type]}`));
      const [[n]] = (await query(`SELECT count(*) FROM read_parquet('${glob}')`)) as [[bigint]];
      const [[m]] = (await query(
        `SELECT count(*) FROM read_csv('${csv.dir}/by_security/*/*/${table}.csv.gz', header = true)`,
      )) as [[bigint]];
      expect(n, table).toBe(m);
    }
    const sums =
      "sum(qty), sum(real_value_ticks), sum(sim_value_half_ticks), sum(savings_micro_aud), sum(cost_impact_micro_aud), max(savings_bps), min(mean_mid_half_ticks), count(savings_bps), min(date)::VARCHAR";
    const p = await query(`SELECT ${sums} FROM read_parquet('${parquet.dir}/by_security/*/*/simulation.parquet')`);
    const c = await query(
      `SELECT ${sums} FROM read_csv('${csv.dir}/by_security/*/*/simulation.csv.gz', header = true)`,
    );
    expect(p).toEqual(c);
  });
});

describe("detail tables: exact values in DuckDB", () => {
  let dir = "";
  const BIG_ID = 18_446_744_073_709_551_557n; // 2^64 − 59: beyond 2^53 and beyond Int64
  const ORDER_ID = 9_007_199_254_740_993n; // 2^53 + 1: the first id a double cannot hold
  const TS = 1_727_827_200_123_456_789n; // 2024-10-02T00:00:00.123456789Z

  beforeAll(async () => {
    const { partitions } = await loadPartitions([join(import.meta.dirname, "..", "..", "sample_data")]);
    const p = partitions.find((x) => x.securityCode === "110621" && x.date === "2024-10-02")!;
    const r = runJob(p, defaultAnalysisConfig());
    const s = r.sweeps;
    s.orderId[0] = BIG_ID;
    s.costImpactMicroAud[0] = -1_234_567_890_123;
    s.savingsBps[0] = Number.NaN;
    s.simulated[1] = 0; // not simulated: its five simulated fields are null
    const k = p.orders.exchangeOrderType.findIndex((t) => (t & CENTRE_POINT_MASK) !== 0);
    p.orders.orderId[k] = ORDER_ID;
    p.orders.tsNs[k] = TS;
    dir = jobDir(tmp("sweeplab-detail-"), r.securityCode, r.date);
    await writeJobOutputs(dir, r, p.orders, CENTRE_POINT_MASK);
  });

  it("ids above 2^53, a ns timestamp, micro-AUD and nulls come back exact", async () => {
    const sim = await query(
      `SELECT order_id::VARCHAR, cost_impact_micro_aud, savings_bps IS NULL, sim_filled IS NULL, sim_fills IS NULL,
              savings_micro_aud IS NULL, date::VARCHAR, security_code
       FROM read_parquet('${dir}/simulation.parquet', file_row_number = true) ORDER BY file_row_number LIMIT 2`,
    );
    expect(sim[0]).toEqual([BIG_ID.toString(), -1_234_567_890_123n, true, false, false, false, "2024-10-02", "110621"]);
    expect(sim[1]!.slice(3, 6)).toEqual([true, true, true]);
    const orders = await query(
      `SELECT order_id::VARCHAR, timestamp, make_timestamp_ns(timestamp)::VARCHAR
       FROM read_parquet('${dir}/orders.parquet') WHERE order_id = ${ORDER_ID}`,
    );
    expect(orders).toEqual([[ORDER_ID.toString(), TS, "2024-10-02 00:00:00.123456789"]]);
  });

  it("our own files are read from their bytes (no parquet-wasm), nulls and exact values included", () => {
    const plain = readDetailPlain(
      readFileSync(join(dir, "simulation.parquet")),
      SIMULATION_TABLE.map((c) => c.name),
    );
    expect(plain).toBeDefined();
    const id = plain!.columns.get("order_id")!;
    const sim = plain!.columns.get("sim_filled")!;
    const band = plain!.columns.get("size_band")!;
    expect([id.kind, BigInt.asUintN(64, id.values[0] as bigint)]).toEqual(["i64", BIG_ID]);
    expect([sim.kind, sim.present?.[0], sim.present?.[1]]).toEqual(["i64", 1, 0]);
    expect(band.kind === "text" && ["Small", "Medium", "Large"].includes(band.values[0]!)).toBe(true);
  });

  it("the reader gives the same exact values, and reads the file DuckDB rewrites from it", async () => {
    const out = join(dir, "..", "..", "..");
    const rows = (await readJobOutputs(out)).sweeps;
    expect(rows[0]).toMatchObject({ orderId: BIG_ID, costImpactMicroAud: -1_234_567_890_123, savingsBps: undefined });
    expect(rows[1]).toMatchObject({ simFilled: undefined, simFills: undefined, savingsMicroAud: undefined });
    const copy = join(dir, "copy.parquet");
    await query(`COPY (SELECT * FROM read_parquet('${dir}/simulation.parquet')) TO '${copy}' (FORMAT parquet)`);
    writeFileSync(join(dir, "simulation.parquet"), readFileSync(copy));
    expect((await readJobOutputs(out)).sweeps).toStrictEqual(rows);
  });
});

describe("detail tables: a damaged simulation.parquet", () => {
  async function readError(mutate: (dir: string) => Promise<void> | void): Promise<JobOutputsError> {
    const s = await writeSampleJobs(tmp("sweeplab-detail-bad-"));
    await mutate(jobDir(s.dir, "110621", "2024-10-02"));
    const e: unknown = await readJobOutputs(s.dir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(JobOutputsError);
    return e as JobOutputsError;
  }

  it("bytes that are not Parquet: bad_parquet naming the file", async () => {
    const e = await readError((d) => writeFileSync(join(d, "simulation.parquet"), "not parquet"));
    expect(e.code).toBe("bad_parquet");
    expect(e.message).toContain(join("SEC_110621", "2024-10-02", "simulation.parquet"));
  });

  it("a column missing or of another type: missing_column naming it", async () => {
    const e = await readError(async (d) => {
      const f = join(d, "simulation.parquet");
      await query(
        `COPY (SELECT * EXCLUDE (qty) REPLACE (side::VARCHAR AS side) FROM read_parquet('${f}')) TO '${f}.x' (FORMAT parquet)`,
      );
      writeFileSync(f, readFileSync(`${f}.x`));
    });
    expect(e.code).toBe("missing_column");
    expect(e.columnName).toBe("side, qty");
  });

  it("a value out of its domain or of another job: bad_value / wrong_job with row and column", async () => {
    const rewrite = (d: string, sql: string) => async () => {
      const f = join(d, "simulation.parquet");
      await query(`COPY (SELECT ${sql} FROM read_parquet('${f}')) TO '${f}.x' (FORMAT parquet)`);
      writeFileSync(f, readFileSync(`${f}.x`));
    };
    const side = await readError((d) =>
      rewrite(
        d,
        "* REPLACE (CASE WHEN order_id = (SELECT order_id FROM read_parquet('" +
          join(d, "simulation.parquet") +
          "') LIMIT 1 OFFSET 2) THEN 7 ELSE side END AS side)",
      )(),
    );
    expect([side.code, side.line, side.columnName]).toEqual(["bad_value", 3, "side"]);
    const job = await readError((d) => rewrite(d, "* REPLACE ('999999' AS security_code)")());
    expect([job.code, job.line]).toEqual(["wrong_job", 1]);
  });
});
