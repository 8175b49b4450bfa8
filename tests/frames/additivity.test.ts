import { beforeAll, describe, expect, it } from "vitest";
import { addSums, emptySums, rollup } from "../../src/core/sums.js";
import {
  aggregateAll,
  formatMicroAud,
  jobSumsFromSweeps,
  parseAud,
  tableToCsv,
  TABLE_NAMES,
  type JobSumsInput,
  type Table,
} from "../../src/frames/index.js";
import { readJobOutputs, type JobOutputs } from "../../src/io/outputs/job-outputs-read.js";
import { readSums, writeSampleJobs, type SampleJobs } from "./fixtures.js";

/*
 * ARCHITECTURE.md §2, last paragraph: every per-job figure that is combined is additive, ratios are
 * derived at the end, so aggregating N jobs equals analysing their union — exactly, every figure.
 */

let sample: SampleJobs;
let read: JobOutputs;
let sums: JobSumsInput[];
beforeAll(async () => {
  sample = await writeSampleJobs();
  read = await readJobOutputs(sample.dir);
  sums = await readSums(sample.dir);
});

const jobOf = (x: { securityCode: string; date: string }): string => `${x.securityCode}|${x.date}`;

/** The additive columns (sums exactly, AUD as bigint micro-AUD) of every row, by table and key. */
function additive(tables: readonly Table[]): Map<string, Map<string, bigint[]>> {
  const out = new Map<string, Map<string, bigint[]>>();
  for (const t of tables) {
    const rows = new Map<string, bigint[]>();
    for (const row of t.rows) {
      const key = row.filter((_v, i) => t.kinds[i] === "key").join("|");
      const values = row.flatMap((v, i) =>
        t.kinds[i] === "sum" ? [BigInt(v)] : t.kinds[i] === "aud" ? [parseAud(String(v))] : [],
      );
      rows.set(key, values);
    }
    out.set(t.name, rows);
  }
  return out;
}

/** a + b, row by row (rows present in either), column by column. */
function addTables(a: Map<string, Map<string, bigint[]>>, b: Map<string, Map<string, bigint[]>>): typeof a {
  const out = new Map<string, Map<string, bigint[]>>();
  for (const [name, rowsA] of a) {
    const rowsB = b.get(name) ?? new Map<string, bigint[]>();
    const rows = new Map<string, bigint[]>();
    for (const key of new Set([...rowsA.keys(), ...rowsB.keys()])) {
      const x = rowsA.get(key);
      const y = rowsB.get(key);
      rows.set(
        key,
        (x ?? y ?? []).map((_v, i) => (x?.[i] ?? 0n) + (y?.[i] ?? 0n)),
      );
    }
    out.set(name, rows);
  }
  return out;
}

/** Drops rows whose additive columns are all zero (a half may lack a row the whole has, or list it empty). */
function nonZero(m: Map<string, Map<string, bigint[]>>): typeof m {
  return new Map(
    [...m].map(([name, rows]) => [name, new Map([...rows].filter(([, v]) => v.some((x) => x !== 0n)))] as const),
  );
}

describe("aggregation of the 12 sample_data jobs", () => {
  it("reads 12 complete jobs whose recorded sums are the jobs' own sums", () => {
    expect(read.cells.length).toBe(12);
    expect(read.cells.map((c) => c.cells)).toEqual(sample.results.map((r) => r.cells));
    expect(sums.map((j) => j.sums)).toEqual(sample.results.map((r) => r.sums));
    expect(read.sweeps.length).toBe(sample.results.reduce((n, r) => n + r.sweeps.length, 0));
  });

  it("equals, every figure of every table, the aggregation of per-job sums recomputed from the union of the sweep rows", () => {
    const fromOutputs = aggregateAll(sums);
    const recomputed = jobSumsFromSweeps(read.sweeps, sums);
    expect(recomputed).toEqual(sums);
    const fromUnion = aggregateAll(recomputed);
    expect(fromUnion.map((t) => t.name)).toEqual([...TABLE_NAMES]);
    expect(fromUnion).toEqual(fromOutputs);
    expect(fromUnion.map(tableToCsv)).toEqual(fromOutputs.map(tableToCsv));
    for (const t of fromOutputs) expect(t.rows.length).toBeGreaterThan(0);
  });

  it("does not depend on the order of jobs", () => {
    const reversed = aggregateAll([...sums].reverse());
    expect(reversed.map(tableToCsv)).toEqual(aggregateAll(sums).map(tableToCsv));
  });

  it.each([
    ["alternate jobs", (i: number): boolean => i % 2 === 0],
    ["first and last six jobs", (i: number): boolean => i < 6],
  ])("split into two halves (%s): the halves' additive columns sum to the whole's", (_how, inFirst) => {
    const first = new Set(sums.filter((_c, i) => inFirst(i)).map(jobOf));
    const part = (keep: boolean): JobSumsInput[] => sums.filter((c) => first.has(jobOf(c)) === keep);
    const whole = additive(aggregateAll(sums));
    const halves = addTables(additive(aggregateAll(part(true))), additive(aggregateAll(part(false))));
    expect(nonZero(halves)).toEqual(nonZero(whole));
    expect(whole.get("global_summary")?.size).toBe(16);
  });

  it("agrees across tables: every breakdown sums to the global total, which is the jobs' own rollup", () => {
    const tables = aggregateAll(sums);
    const global = tables.find((t) => t.name === "global_summary")!;
    const all = global.rows.find((r) => r[0] === "All" && r[1] === "All")!;
    const col = (t: Table, name: string): number => t.columns.indexOf(name);
    const overall = emptySums();
    for (const r of sample.results) addSums(overall, rollup(r.cells).overall);
    expect(all[col(global, "sweeps")]).toBe(overall.sweeps);
    expect(all[col(global, "qty")]).toBe(overall.qty);
    expect(all[col(global, "real_filled")]).toBe(overall.realFilled);
    expect(all[col(global, "savings_aud")]).toBe(formatMicroAud(BigInt(overall.savingsMicroAud)));
    for (const name of ["by_security", "by_date", "by_participant", "time_series_analysis", "time_of_day"]) {
      const t = tables.find((x) => x.name === name)!;
      for (const c of ["sweeps", "qty", "real_filled", "sim_filled", "savings_aud", "compared_value_aud"]) {
        const i = col(t, c);
        const total = t.rows.reduce((s, r) => s + (t.kinds[i] === "aud" ? parseAud(String(r[i])) : BigInt(r[i]!)), 0n);
        const expected =
          global.kinds[col(global, c)] === "aud" ? parseAud(String(all[col(global, c)])) : BigInt(all[col(global, c)]!);
        expect([name, c, total]).toEqual([name, c, expected]);
      }
    }
  });

  it.each([
    ["10:07", "15:53", 7],
    ["09:00", "17:00", 60],
    ["10:00", "16:00", 1],
  ] as const)(
    "time_of_day for window %s–%s in %i-minute buckets, from the recorded per-minute sums, counts each sweep row in its bucket",
    (start, end, minutes) => {
      const t = aggregateAll(sums, { session: { start, end }, bucketMinutes: minutes }).find(
        (x) => x.name === "time_of_day",
      )!;
      const [sh, sm] = start.split(":").map(Number);
      const [eh, em] = end.split(":").map(Number);
      const from = sh! * 60 + sm!;
      const to = eh! * 60 + em!;
      const label = (minute: number): string => {
        const hhmm = (m: number): string =>
          `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        if (minute < from) return `before ${hhmm(from)}`;
        if (minute >= to) return `${hhmm(to)} and after`;
        const b = from + Math.floor((minute - from) / minutes) * minutes;
        return `${hhmm(b)}-${hhmm(Math.min(b + minutes, to))}`;
      };
      const expected = new Map<string, [number, number]>();
      for (const r of read.sweeps) {
        const k = label(Math.floor(r.placedNs / 60e9));
        const [n, q] = expected.get(k) ?? [0, 0];
        expected.set(k, [n + 1, q + r.qty]);
      }
      const sweepsCol = t.columns.indexOf("sweeps");
      const qtyCol = t.columns.indexOf("qty");
      const got = new Map(
        t.rows.filter((r) => r[sweepsCol] !== 0).map((r) => [String(r[0]), [r[sweepsCol], r[qtyCol]]]),
      );
      expect(got).toEqual(expected);
      expect(t.rows.length).toBeGreaterThanOrEqual(Math.ceil((to - from) / minutes));
    },
  );
});
