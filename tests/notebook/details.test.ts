// details(source, table, filter): a job's detail tables (orders, classified, simulation) as
// DataFrames, from Parquet or CSV.gz, every value exactly the file's (checked against DuckDB
// reading the same files), only the jobs the filter keeps, and typed errors for a bad table name
// and for jobs without the table.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { DETAIL_TABLES, type DetailColumn, type DetailTableName } from "../../src/core/detail-tables/index.js";
import type { DataFrame } from "../../src/frames/index.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { readDetailTable } from "../../src/io/outputs/detail-table-read.js";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import { JobOutputsError } from "../../src/io/outputs/job-outputs-read.js";
import { writeManifest } from "../../src/pipeline/index.js";
import { details, DetailsError, RunSourceError } from "../../src/notebook/index.js";
import { writeSampleJobs, type SampleJobs } from "../frames/fixtures.js";
import { tmp } from "../helpers.js";

const TABLES = Object.keys(DETAIL_TABLES) as DetailTableName[];
let parquet: SampleJobs;
let csv: SampleJobs;
let query: (sql: string) => Promise<unknown[][]>;

beforeAll(async () => {
  parquet = await writeSampleJobs(tmp("sweeplab-details-pq-"));
  csv = await writeSampleJobs(tmp("sweeplab-details-csv-"), { detailFormat: "csv.gz" });
  const c = await (await DuckDBInstance.create(":memory:")).connect();
  query = async (sql) => (await c.runAndReadAll(sql)).getRows();
}, 120_000);

/** The job folders of a sample run, in (security, date) order, as `details` reads them. */
const jobsOf = (s: SampleJobs): string[] =>
  s.results
    .map((r) => ({ key: `${r.securityCode}|${r.date}`, dir: jobDir(s.dir, r.securityCode, r.date) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((j) => j.dir);

/** A DuckDB value as the cell `details` gives for a column: ids and ns times as digits, nulls NaN or "". */
function expectedCell(c: DetailColumn, v: unknown): unknown {
  if (v === null) return c.type === "text" || c.type === "date" ? "" : Number.NaN;
  if (typeof v === "bigint") return c.type === "u64" || c.type === "timestamp_ns" ? v.toString() : Number(v);
  if (c.type === "date") return (v as { toString(): string }).toString(); // DuckDB's DATE prints as YYYY-MM-DD
  return v;
}

/** A CSV field (DuckDB all_varchar) as the cell `details` gives: texts as they are, numbers parsed, empty NaN. */
function expectedText(c: DetailColumn, v: unknown): unknown {
  const text = v === null ? "" : (v as string); // all_varchar: text or null
  if (c.type === "int64" || c.type === "int32" || c.type === "float64") return text === "" ? Number.NaN : Number(text);
  return text;
}

/** Every row of `table` in a sample run's files, read by DuckDB job by job (file order within each). */
async function duckRows(s: SampleJobs, table: DetailTableName, format: "parquet" | "csv.gz"): Promise<unknown[][]> {
  const cols = DETAIL_TABLES[table] as readonly DetailColumn[];
  const rows: unknown[][] = [];
  for (const dir of jobsOf(s)) {
    const file = join(dir, `${table}.${format}`);
    const from =
      format === "parquet"
        ? `read_parquet('${file}', file_row_number = true)`
        : `read_csv('${file}', all_varchar = true, header = true)`;
    const order = format === "parquet" ? " ORDER BY file_row_number" : "";
    const names = cols.map((c) => `"${c.name}"`).join(", ");
    for (const r of await query(`SELECT ${names} FROM ${from}${order}`))
      rows.push(r.map((v, k) => (format === "parquet" ? expectedCell : expectedText)(cols[k]!, v)));
  }
  return rows;
}

const valuesOf = (f: DataFrame): unknown[][] => (f.shape[0] === 0 ? [] : (f.values as unknown[][]));

describe("details: the rows of the files, exactly", () => {
  it.each(TABLES)("%s from Parquet: every column and row as DuckDB reads the files", async (table) => {
    const frame = await details(parquet.dir, table);
    expect(frame.columns).toEqual(DETAIL_TABLES[table].map((c) => c.name));
    const expected = await duckRows(parquet, table, "parquet");
    expect(expected.length).toBeGreaterThan(100);
    expect(valuesOf(frame)).toEqual(expected);
  });

  it.each(TABLES)(
    "%s from CSV.gz: every field as DuckDB reads it, and the same frame as from Parquet",
    async (table) => {
      const frame = await details(csv.dir, table);
      expect(valuesOf(frame)).toEqual(await duckRows(csv, table, "csv.gz"));
      const fromParquet = await details(parquet.dir, table);
      expect(frame.columns).toEqual(fromParquet.columns);
      expect(frame.dtypes).toEqual(fromParquet.dtypes);
      expect(valuesOf(frame)).toEqual(valuesOf(fromParquet));
    },
  );

  it("ids above 2^53 and ns timestamps are their digits (text), never a JS number", async () => {
    const orders = await details(parquet.dir, "orders");
    const ids = orders.column("order_id").values as unknown[];
    const times = orders.column("timestamp").values as unknown[];
    expect(ids.every((v) => typeof v === "string" && /^\d+$/.test(v))).toBe(true);
    expect(ids.some((v) => BigInt(v as string) > 2n ** 53n)).toBe(true);
    expect(times.every((v) => typeof v === "string" && /^\d{19}$/.test(v))).toBe(true);
    const [first] = await query(
      `SELECT order_id::VARCHAR, timestamp::VARCHAR FROM read_parquet('${jobsOf(parquet)[0]}/orders.parquet', file_row_number = true) ORDER BY file_row_number LIMIT 1`,
    );
    expect([ids[0], times[0]]).toEqual(first);
    expect(orders.dtypes.slice(0, 3)).toEqual(["string", "string", "string"]);
  });

  it("reads a file another tool rewrote (DuckDB's Parquet: the parquet-wasm path) to the same frame", async () => {
    const copy = tmp("sweeplab-details-rewritten-");
    cpSync(parquet.dir, copy, { recursive: true });
    for (const table of TABLES) {
      for (const dir of jobsOf({ ...parquet, dir: copy })) {
        const file = join(dir, `${table}.parquet`);
        await query(`COPY (SELECT * FROM read_parquet('${file}')) TO '${file}.tmp' (FORMAT parquet)`);
        cpSync(`${file}.tmp`, file);
        rmSync(`${file}.tmp`);
        // Not of our own simple form: read through parquet-wasm, not from its bytes.
        expect(
          readDetailPlain(
            readFileSync(file),
            DETAIL_TABLES[table].map((c) => c.name),
          ),
        ).toBeUndefined();
      }
      expect(valuesOf(await details(copy, table))).toEqual(valuesOf(await details(parquet.dir, table)));
    }
  });

  // pandas, polars and DuckDB write a time as a Parquet TIMESTAMP, often in µs or ms: its digits are
  // of that unit, and read as ns they were 1000 or 10^6 times too small, with no error.
  it.each([
    ["TIMESTAMP_NS", "make_timestamp_ns(timestamp)", 0],
    ["TIMESTAMP (µs)", "make_timestamp(timestamp // 1000)", 3],
    ["TIMESTAMP_MS", "epoch_ms(timestamp // 1000000)::TIMESTAMP_MS", 6],
  ])("orders whose timestamp another tool rewrote as %s give ns since the epoch", async (_, cast, lost) => {
    const copy = tmp("sweeplab-details-ts-");
    cpSync(parquet.dir, copy, { recursive: true });
    for (const dir of jobsOf({ ...parquet, dir: copy })) {
      const file = join(dir, "orders.parquet");
      await query(
        `COPY (SELECT * EXCLUDE (file_row_number) REPLACE (${cast} AS timestamp) FROM read_parquet('${file}', file_row_number = true) ` +
          `ORDER BY file_row_number) TO '${file}.tmp' (FORMAT parquet)`,
      );
      cpSync(`${file}.tmp`, file);
      rmSync(`${file}.tmp`);
    }
    const [file] = jobsOf({ ...parquet, dir: copy });
    const [[type]] = (await query(`SELECT typeof(timestamp) FROM read_parquet('${file}/orders.parquet') LIMIT 1`)) as [
      [string],
    ];
    expect(type).toMatch(/^TIMESTAMP/);
    const original = valuesOf(await details(parquet.dir, "orders"));
    const truncated = original.map((r) => {
      const ns = r[1] as string;
      return [r[0], `${ns.slice(0, ns.length - lost)}${"0".repeat(lost)}`, ...r.slice(2)];
    });
    expect(valuesOf(await details(copy, "orders"))).toEqual(truncated);
    // A one-row file is of the simple form read from its bytes (no dictionary): the same time.
    const one = join(copy, "one.parquet");
    await query(
      `COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet('${file}/orders.parquet', file_row_number = true) ` +
        `ORDER BY file_row_number LIMIT 1) TO '${one}' (FORMAT parquet)`,
    );
    expect(readDetailPlain(readFileSync(one), ["order_id", "price"])).toBeDefined();
    const [row] = await readDetailTable(one, DETAIL_TABLES.orders);
    expect(row?.[1]).toBe(truncated[0]?.[1]);
  });
});

describe("details: the filter", () => {
  it("keeps only the chosen jobs, and reads only those (damaged files elsewhere do not matter)", async () => {
    const all = await details(parquet.dir, "orders");
    const copy = tmp("sweeplab-details-filter-");
    cpSync(parquet.dir, copy, { recursive: true });
    for (const dir of jobsOf({ ...parquet, dir: copy }))
      if (!dir.endsWith(join("SEC_110621", "2024-10-02"))) writeFileSync(join(dir, "orders.parquet"), "not parquet");
    const kept = await details(copy, "orders", { securities: ["110621"], dates: ["2024-10-02"] });
    const rows = valuesOf(all).filter((r) => r[2] === "110621" && r[18] === "2024-10-02");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(valuesOf(all).length);
    expect(valuesOf(kept)).toEqual(rows);
    await expect(details(copy, "orders")).rejects.toMatchObject({ code: "bad_parquet" });
  });

  it("a filter matching no job is RunSourceError empty_selection; a folder without a run no_run", async () => {
    const e = await details(parquet.dir, "classified", { securities: ["999999"] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e).toMatchObject({ code: "empty_selection" });
    const empty = tmp("sweeplab-details-empty-");
    await expect(details(empty, "orders")).rejects.toMatchObject({ code: "no_run" });
  });
});

describe("details: typed errors", () => {
  it("more rows than maxRows stop with too_many_rows saying what to do; maxRows at the count gives them all", async () => {
    const all = await details(parquet.dir, "orders");
    const n = all.shape[0] as number;
    expect(n).toBeGreaterThan(10);
    const e = (await details(parquet.dir, "orders", {}, { maxRows: n - 1 }).catch((x: unknown) => x)) as DetailsError;
    expect(e).toBeInstanceOf(DetailsError);
    expect(e.code).toBe("too_many_rows");
    expect(e.message).toBe(
      `details: the ${jobsOf(parquet).length} jobs chosen hold over ${(n - 1).toLocaleString("en-US")} orders rows ` +
        "(more than a notebook's memory holds well as one frame): choose fewer with the filter ({ securities, dates }), " +
        `or raise the limit ({ maxRows: n }); for the whole table, DuckDB: read_parquet('${resolve(parquet.dir)}/by_security/*/*/orders.parquet')`,
    );
    expect(e.stack).toBe(`DetailsError: ${e.message}`);
    expect((await details(parquet.dir, "orders", {}, { maxRows: n })).shape[0]).toBe(n);
    // csv.gz jobs: the DuckDB query reads their CSV.gz files (there is no orders.parquet to read)
    const c = (await details(csv.dir, "orders", {}, { maxRows: n - 1 }).catch((x: unknown) => x)) as DetailsError;
    expect(c.code).toBe("too_many_rows");
    expect(c.message).toMatch(
      new RegExp(
        `for the whole table, DuckDB: read_csv\\('${resolve(csv.dir)}/by_security/\\*/\\*/orders\\.csv\\.gz'\\)$`,
      ),
    );
  });

  it("a misspelt option or a maxRows that is no count is bad_argument (before: ignored, the default limit used)", async () => {
    const untyped = (o: unknown): { maxRows?: number } => o as { maxRows?: number };
    await expect(details(parquet.dir, "orders", {}, untyped({ maxrows: 5 }))).rejects.toMatchObject({
      name: "FrameError",
      code: "bad_argument",
      message: 'details: "maxrows" is no option (maxRows)',
    });
    await expect(details(parquet.dir, "orders", {}, untyped({ maxRows: "5" }))).rejects.toThrow(
      'details: maxRows must be an integer ≥ 1 (or Infinity: no limit), got "5"',
    );
    // NaN was said as "got null" (JSON).
    await expect(details(parquet.dir, "orders", {}, { maxRows: Number.NaN })).rejects.toThrow(
      "details: maxRows must be an integer ≥ 1 (or Infinity: no limit), got NaN",
    );
  });

  it("maxRows: Infinity is no limit, as before maxRows was checked (it was refused since, 'got null')", async () => {
    const all = await details(parquet.dir, "orders");
    expect((await details(parquet.dir, "orders", {}, { maxRows: Infinity })).shape).toEqual(all.shape);
  });

  it("a table name that does not exist names the tables there are (brief: one line, no stack)", async () => {
    const e = (await details(parquet.dir, "trades" as DetailTableName).catch((x: unknown) => x)) as DetailsError;
    expect(e).toBeInstanceOf(DetailsError);
    expect(e.code).toBe("unknown_table");
    expect(e.message).toBe(
      'details: "trades" is not a detail table; a job writes orders, classified, simulation (e.g. details(result, "orders"))',
    );
    expect(e.stack).toBe(`DetailsError: ${e.message}`);
  });

  it("a damaged file is a JobOutputsError naming file, line and column", async () => {
    const copy = tmp("sweeplab-details-damaged-");
    cpSync(csv.dir, copy, { recursive: true });
    const file = join(jobsOf({ ...csv, dir: copy })[0]!, "orders.csv.gz");
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const q = lines[0]!.split(",").indexOf("quantity");
    const fields = lines[2]!.split(",");
    fields[q] = "12a";
    lines[2] = fields.join(",");
    writeFileSync(file, gzipSync(lines.join("\n")));
    const e = (await details(copy, "orders").catch((x: unknown) => x)) as JobOutputsError;
    expect(e).toBeInstanceOf(JobOutputsError);
    expect(e).toMatchObject({ code: "bad_value", file, line: 3, columnName: "quantity" });
    expect(e.message).toBe(
      `${file}:3: column quantity: expected a whole number, got "12a" (re-run this job to rewrite its outputs)`,
    );
    writeFileSync(file, gzipSync(lines.join("\n")).subarray(0, 200));
    await expect(details(copy, "orders")).rejects.toMatchObject({ code: "truncated_gzip", file });
  });

  it("jobs without the table — file gone, failed in the manifest, unfinished — are listed, never skipped", async () => {
    const copy = tmp("sweeplab-details-missing-");
    cpSync(parquet.dir, copy, { recursive: true });
    const [gone, failed, unfinished, rerun] = jobsOf({ ...parquet, dir: copy });
    rmSync(join(gone!, "simulation.parquet"));
    rmSync(failed!, { recursive: true });
    rmSync(join(unfinished!, "job.json"));
    const key = (dir: string): [string, string] => {
      const [date = "", sec = ""] = dir.split("/").reverse();
      return [sec.slice(4), date];
    };
    const [fs, fd] = key(failed!);
    const [rs, rd] = key(rerun!);
    const threw = {
      status: "failed",
      inputFingerprint: "i",
      configFingerprint: "c",
      error: { code: "job_threw", message: "boom\nat somewhere" },
    } as const;
    await writeManifest(copy, { version: 1, jobs: { [`${fs}|${fd}`]: threw, [`${rs}|${rd}`]: threw } });
    // Failed in the run's manifest, done since by a shard (its job.json there): complete, not listed.
    const done = { status: "done", inputFingerprint: "i", configFingerprint: "c" } as const;
    await writeManifest(copy, { version: 1, jobs: { [`${rs}|${rd}`]: done } }, { index: 0, count: 2 });
    const e = (await details(copy, "simulation").catch((x: unknown) => x)) as DetailsError;
    expect(e).toBeInstanceOf(DetailsError);
    expect(e.code).toBe("missing_table");
    const [gs, gd] = key(gone!);
    const [us, ud] = key(unfinished!);
    expect(e.jobs).toEqual([
      { securityCode: gs, date: gd, reason: "no simulation.parquet or simulation.csv.gz beside its job.json" },
      { securityCode: fs, date: fd, reason: "failed: job_threw boom" },
      { securityCode: us, date: ud, reason: "not finished: no job.json" },
    ]);
    expect(e.message).toBe(
      `${resolve(copy)}: 3 jobs have no simulation table: ${gs}|${gd} (no simulation.parquet or simulation.csv.gz ` +
        `beside its job.json), ${fs}|${fd} (failed: job_threw boom), ${us}|${ud} (not finished: no job.json); ` +
        "rerun them (run(config, {}, { retryFailed: true })) or leave them out with the filter ({ securities, dates })",
    );
    // Left out by the filter, the other jobs read as before.
    const others = readdirSync(join(copy, "by_security")).filter(
      (s) => s !== `SEC_${gs}` && s !== `SEC_${fs}` && s !== `SEC_${us}`,
    );
    if (others.length > 0) {
      const codes = others.map((s) => s.slice(4));
      const frame = await details(copy, "simulation", { securities: codes });
      expect(valuesOf(frame)).toEqual(valuesOf(await details(parquet.dir, "simulation", { securities: codes })));
    }
  });
});
