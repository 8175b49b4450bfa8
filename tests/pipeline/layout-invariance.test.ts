import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { generate } from "../../src/gen/index.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { readPartition } from "../../src/io/store/read-partition.js";
import { runPipeline } from "../../src/pipeline/run.js";
import type { PipelineOptions } from "../../src/pipeline/run-options.js";
import { tmp } from "../helpers.js";
import { snapshot } from "./helpers.js";
import {
  allRows,
  bySecurity,
  coarsened,
  type DataSet,
  differences,
  randomStream,
  readGenerated,
  results,
  shuffled,
  writeAsGenerated,
  writeCsv,
} from "./layouts.js";

// The same data, laid out differently, gives the same results: a stranger's extracts are not laid
// out like the generator's. Each layout of one generated market (3 securities × 2 dates) is run and
// its aggregated tables, per-job detail tables and job.json (but the fingerprint of its store
// pieces, which follows the layout by design) must equal the run over the generator's own layout
// byte for byte. README "Using real exchange extracts", REFERENCE "The analysis" (row order).

const TABLES = ["orders", "trades", "nbbo"] as const;

/** A layout: writes `data` under `dir` and returns the run's inputs (files, folders or globs). */
type Layout = (data: DataSet, dir: string) => string[];

/**
 * Splits each table's rows at random (one seed, so always the same split) into 5 files; file `i`
 * is named by `name(i)`, so that two namings read the same files in another order.
 */
function splitInFive(data: DataSet, dir: string, name: (i: number) => number): string[] {
  const rnd = randomStream(11);
  for (const t of TABLES) {
    const parts: string[][] = [[], [], [], [], []];
    for (const row of allRows(data, t)) parts[Math.floor(rnd() * 5)]!.push(row);
    parts.forEach((rows, i) => writeCsv(join(dir, `part${name(i)}`, `${t}-${name(i)}.csv`), data[t][0]!.header, rows));
  }
  return [dir];
}

const LAYOUTS: Record<string, Layout> = {
  "all dates of a table in one file": (data, dir) => {
    for (const t of TABLES) writeCsv(join(dir, `${t}.csv`), data[t][0]!.header, allRows(data, t));
    return [dir];
  },
  "one file per security": (data, dir) => {
    for (const t of TABLES)
      for (const [sec, rows] of bySecurity(data, t))
        writeCsv(join(dir, sec, `${t}-${sec}.csv`), data[t][0]!.header, rows);
    return [dir];
  },
  "the rows split at random into 5 files per table": (data, dir) => splitInFive(data, dir, (i) => i),
  "the same 5 files under each other's names": (data, dir) => splitInFive(data, dir, (i) => 4 - i),
  "the rows of each file shuffled (events out of time order, NBBO unsorted)": (data, dir) => {
    const rnd = randomStream(12);
    for (const t of TABLES)
      data[t].forEach((f, i) => writeCsv(join(dir, `${t}-${i}.csv`), f.header, shuffled([...f.rows], rnd)));
    return [dir];
  },
  "each table in one shuffled file, trades first by name and on the command line": (data, dir) => {
    const rnd = randomStream(13);
    return (["trades", "nbbo", "orders"] as const).map((t, i) =>
      writeCsv(join(dir, `${i}-${t}.csv`), data[t][0]!.header, shuffled(allRows(data, t), rnd)),
    );
  },
  "other names, other folders, gzip, listed in reverse order": (data, dir) => {
    const names = { orders: "z/drr_ORD", trades: "a/b/deals", nbbo: "m/quotes" };
    const files = TABLES.flatMap((t) =>
      data[t].map((f, i) => writeCsv(join(dir, `${names[t]}-${9 - i}.csv${i === 0 ? ".gz" : ""}`), f.header, f.rows)),
    );
    return files.reverse();
  },
  "columns in reverse order, header names upper case, header-only files beside": (data, dir) => {
    const reverse = (line: string): string => line.split(",").reverse().join(",");
    for (const t of TABLES) {
      const header = data[t][0]!.header;
      data[t].forEach((f, i) =>
        writeCsv(join(dir, `${t}-${i}.csv`), reverse(header).toUpperCase(), f.rows.map(reverse)),
      );
      writeCsv(join(dir, `${t}-empty.csv`), header, []);
    }
    return [dir];
  },
  "a glob instead of folders": (data, dir) => {
    writeAsGenerated(data, dir);
    return [`${dir}/**/*.csv`];
  },
};

/** Runs the pipeline over `inputs` (reference files of `gen`) and returns its output folder. */
async function runOn(
  gen: string,
  inputs: string[],
  over: Record<string, unknown> = {},
  options: PipelineOptions = {},
): Promise<string> {
  const out = tmp("sweeplab-layout-out-");
  const reference = {
    instruments: join(gen, "ob.csv"),
    participants: join(gen, "par.csv"),
    sessions: join(gen, "session.csv"),
  };
  const config = resolveConfig(
    { inputs, reference, outputDir: out, workers: 2, jobTimeoutMs: 30_000, retries: 0 },
    over,
  );
  await runPipeline(config, options);
  return out;
}

let gen = "";
let data: DataSet;

beforeAll(async () => {
  gen = tmp("sweeplab-layout-gen-");
  await generate({ orders: 6_000, securities: 3, dates: 2, seed: 5, outDir: gen });
  data = readGenerated(gen);
}, 60_000);

describe("the same data in another layout gives the same results", () => {
  let base = new Map<string, string | Buffer>();
  beforeAll(async () => {
    base = results(await runOn(gen, [join(gen, "orders"), join(gen, "trades"), join(gen, "nbbo.csv")]));
    // The comparison has something to compare: 6 jobs, their detail tables and the aggregated tables.
    expect([...base.keys()].filter((k) => k.endsWith("simulation.parquet"))).toHaveLength(6);
    expect([...base.keys()].filter((k) => k.startsWith("aggregated/"))).toHaveLength(8);
  }, 60_000);

  it.each(Object.keys(LAYOUTS))("%s", async (name) => {
    const dir = tmp("sweeplab-layout-");
    const out = await runOn(gen, LAYOUTS[name]!(data, dir));
    expect(differences(base, results(out))).toEqual([]);
  });

  it("reference files with their rows shuffled, under other names", async () => {
    const dir = tmp("sweeplab-layout-ref-");
    const rnd = randomStream(14);
    const reference: Record<string, string> = {};
    for (const [key, file] of [
      ["instruments", "ob.csv"],
      ["participants", "par.csv"],
      ["sessions", "session.csv"],
    ] as const) {
      const lines = readFileSync(join(gen, file), "utf8").trimEnd().split("\n");
      reference[key] = writeCsv(join(dir, `ref-${key}.csv`), lines[0]!, shuffled(lines.slice(1), rnd));
    }
    const out = await runOn(gen, [join(gen, "orders"), join(gen, "trades"), join(gen, "nbbo.csv")], { reference });
    expect(differences(base, results(out))).toEqual([]);
  });

  it.each([
    ["1 worker, 1 KB read chunks", { workers: 1, chunkSize: "1KB" }, {}],
    [
      "3 workers, each file cut into byte ranges, 64 KB chunks",
      { workers: 3, chunkSize: "64KB" },
      { minRangeBytes: 1 },
    ],
  ] as const)("%s", async (_, over, options) => {
    const out = await runOn(gen, [join(gen, "orders"), join(gen, "trades"), join(gen, "nbbo.csv")], over, options);
    expect(differences(base, results(out))).toEqual([]);
    // With the range hook every plain input is read in 3 byte ranges (tags iiii-00 … iiii-02).
    const ranges = new Set(
      [...snapshot(join(out, "store")).keys()]
        .filter((k) => k.endsWith(".parquet"))
        .map((k) => /part-\d{4}-(\d{2})-/.exec(k)?.[1]),
    );
    expect([...ranges].sort()).toEqual("minRangeBytes" in options ? ["00", "01", "02"] : ["00"]);
  });
});

describe("rows tied on (timestamp, sequence) are ordered by their values, not by their place in the files", () => {
  let tied: DataSet;
  let baseDir = "";
  let baseOut = "";
  let base = new Map<string, string | Buffer>();
  beforeAll(async () => {
    tied = coarsened(data);
    baseDir = tmp("sweeplab-layout-tied-");
    writeAsGenerated(tied, baseDir);
    baseOut = await runOn(gen, [baseDir]);
    base = results(baseOut);
  }, 60_000);

  it.each([
    "the rows of each file shuffled (events out of time order, NBBO unsorted)",
    "the rows split at random into 5 files per table",
    "the same 5 files under each other's names",
    "other names, other folders, gzip, listed in reverse order",
  ])("%s", async (name) => {
    const dir = tmp("sweeplab-layout-");
    const out = await runOn(gen, LAYOUTS[name]!(tied, dir));
    expect(differences(base, results(out))).toEqual([]);
  });

  it("loadPartitions orders the tied rows as a job reading the store does, whatever the files' row order", async () => {
    const dir = tmp("sweeplab-layout-");
    LAYOUTS["the rows of each file shuffled (events out of time order, NBBO unsorted)"]!(tied, dir);
    const loaded = (await loadPartitions([dir], { instrumentsPath: join(gen, "ob.csv") })).partitions;
    const asBase = (await loadPartitions([baseDir], { instrumentsPath: join(gen, "ob.csv") })).partitions;
    expect(loaded).toHaveLength(6);
    expect(loaded).toEqual(asBase);
    for (const p of loaded) {
      // Ties exist: some rows share a (time, sequence) with the row before.
      const t = p.orders.tNs;
      expect(t.some((x, i) => i > 0 && x === t[i - 1])).toBe(true);
      const stored = await readPartition(join(baseOut, "store"), p.securityCode, p.date, p.decimals);
      expect(stored).toEqual(p);
    }
  });
});
