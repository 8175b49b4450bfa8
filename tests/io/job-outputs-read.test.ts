import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { join } from "node:path";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { JobCells as FrameCells, SweepRow as FrameRow } from "../../src/frames/index.js";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import {
  forEachJobOutput,
  JobOutputsError,
  readJobOutputs,
  type JobCells,
  type JobOutputsErrorCode,
  type SweepRow,
} from "../../src/io/outputs/job-outputs-read.js";
import { writeSampleJobs, type SampleJobs } from "../frames/fixtures.js";
import { tmp } from "../helpers.js";

let sample: SampleJobs;
beforeAll(async () => {
  // The CSV layout: most tests here damage simulation.csv.gz (the Parquet reader: detail-parquet.test.ts).
  sample = await writeSampleJobs(undefined, { detailFormat: "csv.gz" });
});

/** A copy of one sample job (110621, 2024-10-02) in a fresh output folder; returns the folder and the job's folder. */
function oneJobCopy(): { out: string; dir: string } {
  const out = tmp("sweeplab-read-");
  const dir = jobDir(out, "110621", "2024-10-02");
  cpSync(jobDir(sample.dir, "110621", "2024-10-02"), dir, { recursive: true });
  return { out, dir };
}

async function readError(out: string): Promise<JobOutputsError> {
  const e: unknown = await readJobOutputs(out).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(JobOutputsError);
  return e as JobOutputsError;
}

describe("readJobOutputs", () => {
  it("round-trips what writeJobOutputs wrote: cells and every sweep field, ids exact", async () => {
    const read = await readJobOutputs(sample.dir);
    expect(read.cells.map((c) => `${c.securityCode} ${c.date} ${c.decimals}`)).toEqual(
      sample.results.map((r) => `${r.securityCode} ${r.date} ${r.decimals}`),
    );
    expect(read.cells.length).toBe(12);
    expect(read.cells.map((c) => c.cells)).toEqual(sample.results.map((r) => r.cells));
    const expected: SweepRow[] = [];
    for (const r of sample.results) {
      const s = r.sweeps;
      for (let i = 0; i < s.length; i++) {
        const num = (v: number | undefined): number | undefined => (v === undefined || Number.isNaN(v) ? undefined : v);
        expected.push({
          securityCode: r.securityCode,
          date: r.date,
          decimals: r.decimals as SweepRow["decimals"],
          orderId: s.orderId[i]!,
          participantId: s.participantId[i]!,
          side: s.side[i] as 1 | 2,
          group: s.group[i] as 1 | 2 | 3,
          sizeBand: (["Small", "Medium", "Large"] as const)[s.band[i]!]!,
          qty: s.qty[i]!,
          placedNs: s.placedNs[i]!,
          realFilled: s.realFilled[i]!,
          realValueTicks: s.realValueTicks[i]!,
          realTrades: s.realTrades[i]!,
          simFilled: s.simFilled[i]!,
          simValueHalfTicks: s.simValueHalfTicks[i]!,
          simFills: s.simFills[i]!,
          comparedQty: s.comparedQty[i]!,
          savingsMicroAud: s.savingsMicroAud[i]!,
          savingsBps: num(s.savingsBps[i]),
          meanMidHalfTicks: num(s.meanMidHalfTicks[i]),
          costMidpointMicroAud: s.costMidpointMicroAud[i]!,
          costHalfSpreadMicroAud: s.costHalfSpreadMicroAud[i]!,
          costImpactMicroAud: s.costImpactMicroAud[i]!,
        });
      }
    }
    expect(read.sweeps.length).toBe(expected.length);
    expect(read.sweeps).toEqual(expected);
    // Ids above 2^53 survive as exact bigints.
    expect(read.sweeps.some((r) => r.orderId > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(read.sweeps.map((r) => r.orderId)).toEqual(sample.results.flatMap((r) => [...r.sweeps.orderId]));
  });

  it("reads rows that the frames layer accepts as they are", () => {
    expectTypeOf<SweepRow>().toExtend<FrameRow>();
    expectTypeOf<JobCells>().toExtend<FrameCells>();
    expectTypeOf<FrameCells>().toExtend<JobCells>();
    expectTypeOf<keyof SweepRow>().toEqualTypeOf<keyof FrameRow>();
  });

  it("ignores a folder without job.json and folders that are not SEC_<code>", async () => {
    const { out, dir } = oneJobCopy();
    const incomplete = jobDir(out, "110621", "2024-10-03");
    cpSync(dir, incomplete, { recursive: true });
    rmSync(join(incomplete, "job.json"));
    mkdirSync(join(out, "by_security", "notes"), { recursive: true });
    const read = await readJobOutputs(out);
    expect(read.cells.map((c) => c.date)).toEqual(["2024-10-02"]);
    expect(new Set(read.sweeps.map((r) => r.date))).toEqual(new Set(["2024-10-02"]));
  });

  it("finds no jobs in an output folder without by_security/, and reports a missing folder", async () => {
    const out = tmp("sweeplab-read-");
    expect(await readJobOutputs(out)).toEqual({ cells: [], sweeps: [] });
    const e = await readError(join(out, "nowhere"));
    expect([e.code, e.file]).toEqual(["unreadable", join(out, "nowhere")]);
  });

  it("reports a malformed metrics.csv with file, line and column", async () => {
    const { out, dir } = oneJobCopy();
    const file = join(dir, "metrics.csv");
    const lines = readFileSync(file, "utf8").split("\n");
    // Line 4 = the third cell (group 1, Large); field 7 is `qty`.
    lines[3] = lines[3]!
      .split(",")
      .map((f, i) => (i === 6 ? "12x" : f))
      .join(",");
    writeFileSync(file, lines.join("\n"));
    const e = await readError(out);
    expect([e.code, e.file, e.line, e.columnName]).toEqual(["bad_value", file, 4, "qty"]);
    expect(e.message).toContain(`${file}:4: column qty:`);
    expect(e.message).toContain('"12x"');
  });

  const broken: [string, (text: string) => string, JobOutputsErrorCode, number][] = [
    ["a row with a missing field", (t) => t.replace(/\n(110621[^\n]*),[^,\n]*\n/, "\n$1\n"), "csv_syntax", 0],
    ["a missing column", (t) => t.replace("savingsMicroAud", "savings"), "missing_column", 1],
    ["a lost cell", (t) => t.split("\n").slice(0, -2).join("\n") + "\n", "bad_cells", 0],
    ["cells out of order", (t) => t.replace(",1,Small,", ",1,Medium,"), "bad_cells", 2],
    ["an empty file", () => "", "empty_file", 0],
  ];
  it.each(broken)("reports %s in metrics.csv", async (_what, edit, code, line) => {
    const { out, dir } = oneJobCopy();
    const file = join(dir, "metrics.csv");
    writeFileSync(file, edit(readFileSync(file, "utf8")));
    const e = await readError(out);
    expect([e.code, e.file]).toEqual([code, file]);
    if (line > 0) expect(e.line).toBe(line);
    if (code === "csv_syntax") expect(e.line).toBeGreaterThan(1);
  });

  it("a simulation.csv.gz that is not gzip is always truncated_gzip naming the file, never zlib's bare error", async () => {
    // gunzip's error reaches the reading loop first now and then (7 reads in 500 before the fix):
    // repeat so that the race shows.
    const { out, dir } = oneJobCopy();
    const file = join(dir, "simulation.csv.gz");
    writeFileSync(file, "not gzip");
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const e = await readError(out);
      seen.add(`${e.code} ${e.file}`);
    }
    expect([...seen]).toEqual([`truncated_gzip ${file}`]);
  });

  it("reports a truncated simulation.csv.gz and a row of another job", async () => {
    const { out, dir } = oneJobCopy();
    const file = join(dir, "simulation.csv.gz");
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 20));
    expect((await readError(out)).code).toBe("truncated_gzip");

    const moved = oneJobCopy();
    const other = jobDir(moved.out, "110622", "2024-10-02");
    cpSync(moved.dir, other, { recursive: true });
    rmSync(moved.dir, { recursive: true });
    const e = await readError(moved.out);
    expect([e.code, e.file, e.line]).toEqual(["wrong_job", join(other, "metrics.csv"), 2]);
  });
});

/** Rewrites the text inside one job's simulation.csv.gz. */
function editSimulation(dir: string, edit: (text: string) => string): string {
  const file = join(dir, "simulation.csv.gz");
  writeFileSync(file, gzipSync(edit(gunzipSync(readFileSync(file)).toString("utf8"))));
  return file;
}

/** The lines of one job's simulation.csv.gz (header first, no final empty line). */
function simulationLines(dir: string): string[] {
  return gunzipSync(readFileSync(join(dir, "simulation.csv.gz")))
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "");
}

describe("forEachJobOutput (streamed)", () => {
  /** Everything the visitor saw: the jobs in the order handed over, and each job's rows in order. */
  async function visit(out: string, concurrency: number, only?: (s: string, d: string) => boolean) {
    const jobs: string[] = [];
    const rows = new Map<string, SweepRow[]>();
    const n = await forEachJobOutput(
      out,
      {
        job: (c) => {
          jobs.push(`${c.securityCode} ${c.date}`);
          rows.set(`${c.securityCode} ${c.date}`, []);
        },
        sweep: (r) => {
          const mine = rows.get(`${r.securityCode} ${r.date}`);
          expect(mine).toBeDefined(); // a job's cells come before its rows
          mine!.push(r);
        },
      },
      { concurrency, ...(only === undefined ? {} : { only }) },
    );
    expect(n).toBe(jobs.length);
    return { jobs, rows };
  }

  it("hands over the same rows, per job in file order, however many jobs are read at a time", async () => {
    const whole = await readJobOutputs(sample.dir);
    const keyOf = (x: { securityCode: string; date: string }): string => `${x.securityCode} ${x.date}`;
    for (const concurrency of [1, 2, 5, 12, 64]) {
      const { jobs, rows } = await visit(sample.dir, concurrency);
      expect([...jobs].sort()).toEqual(whole.cells.map(keyOf).sort());
      if (concurrency === 1) expect(jobs).toEqual(whole.cells.map(keyOf));
      for (const c of whole.cells)
        expect(rows.get(keyOf(c))).toEqual(whole.sweeps.filter((r) => keyOf(r) === keyOf(c)));
    }
  });

  it("reads only the jobs `only` keeps, and never opens the others", async () => {
    const out = tmp("sweeplab-read-");
    cpSync(sample.dir, out, { recursive: true });
    // A broken job that is not asked for is not read.
    writeFileSync(join(jobDir(out, "110621", "2024-10-03"), "simulation.csv.gz"), "not gzip");
    const { jobs, rows } = await visit(out, 3, (s, d) => s === "110621" && d !== "2024-10-03");
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.startsWith("110621 ") && j !== "110621 2024-10-03")).toBe(true);
    expect([...rows.values()].flat().length).toBeGreaterThan(0);
  });

  it("rejects a concurrency that is not a positive integer", async () => {
    const v = { job: () => undefined, sweep: () => undefined };
    await expect(forEachJobOutput(sample.dir, v, { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(forEachJobOutput(sample.dir, v, { concurrency: 1.5 })).rejects.toThrow(RangeError);
  });

  it("reads quoted fields, exponents, CRLF line ends and a missing final newline as the schema does", async () => {
    const { out, dir } = oneJobCopy();
    const before = await readJobOutputs(out);
    const lines = simulationLines(dir);
    const header = lines[0]!.split(",");
    const bps = header.indexOf("savings_bps");
    const qty = header.indexOf("qty");
    const withBps = lines.findIndex((l, i) => i > 0 && l.split(",")[bps] !== "");
    expect(withBps).toBeGreaterThan(0);
    const edited = lines.map((l, i) => {
      if (i === 0) return `"${header[0]}",${header.slice(1).join(",")}`; // a quoted header name
      const f = l.split(",");
      if (i === 1) f[qty] = `"${f[qty]}"`; // a quoted number
      if (i === withBps) f[bps] = Number(f[bps]).toExponential(); // 1.5e-3 is what the schema accepts too
      return f.join(",");
    });
    editSimulation(dir, () => edited.join("\r\n"));
    const after = await readJobOutputs(out);
    expect(after).toEqual(before);
  });

  const brokenRows: [string, (lines: string[]) => void, JobOutputsErrorCode, number, string][] = [
    ["a bad number", (l) => (l[3] = l[3]!.replace(/,(\d+),(\d+:)/, ",-$1,$2")), "bad_value", 4, "placed_ns"],
    ["a missing field", (l) => (l[2] = l[2]!.slice(0, l[2]!.lastIndexOf(","))), "csv_syntax", 3, ""],
    ["an empty line", (l) => l.splice(2, 0, ""), "csv_syntax", 3, ""],
    ["an unclosed quote", (l) => (l[5] = l[5]!.replace(",", ',"')), "csv_syntax", 6, ""],
    ["a row of another job", (l) => (l[4] = l[4]!.replace("2024-10-02", "2024-10-03")), "wrong_job", 5, ""],
    [
      "an unknown size band",
      (l) => (l[2] = l[2]!.replace(/,(Small|Medium|Large),/, ",Huge,")),
      "bad_value",
      3,
      "size_band",
    ],
  ];
  it.each(brokenRows)(
    "reports %s in simulation.csv.gz with its line and column",
    async (_what, edit, code, line, column) => {
      const { out, dir } = oneJobCopy();
      const lines = simulationLines(dir);
      expect(lines.length).toBeGreaterThan(6);
      edit(lines);
      const file = editSimulation(dir, () => lines.join("\n") + "\n");
      const e = await readError(out);
      expect([e.code, e.file, e.line, e.columnName]).toEqual([code, file, line, column]);
    },
  );

  it("reports a missing simulation.csv.gz, and a line too long to be a row", async () => {
    const { out, dir } = oneJobCopy();
    rmSync(join(dir, "simulation.csv.gz"));
    expect((await readError(out)).code).toBe("unreadable");
    const long = oneJobCopy();
    const file = editSimulation(long.dir, (t) => t + "x".repeat(3 * 1024 * 1024));
    const e = await readError(long.out);
    expect([e.code, e.file]).toEqual(["csv_syntax", file]);
  });

  it("reports the first bad job in (security, date) order, whatever the concurrency", async () => {
    const out = tmp("sweeplab-read-");
    cpSync(sample.dir, out, { recursive: true });
    const read = await readJobOutputs(out);
    const [first, , third] = read.cells;
    for (const c of [third!, first!]) writeFileSync(join(jobDir(out, c.securityCode, c.date), "metrics.csv"), "");
    for (const concurrency of [1, 2, 12]) {
      const e: unknown = await forEachJobOutput(
        out,
        { job: () => undefined, sweep: () => undefined },
        { concurrency },
      ).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(JobOutputsError);
      expect((e as JobOutputsError).file).toBe(join(jobDir(out, first!.securityCode, first!.date), "metrics.csv"));
    }
  });
});
