import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline, type PipelineOptions } from "../../src/pipeline/run.js";
import { formatSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, firstRowDayEarlier, smallData, snapshot } from "./helpers.js";

/*
 * Inputs changed between two runs in one output folder: only the files added or changed are read
 * again (partition-reuse.ts), and the folder — store pieces, manifest, rejects files, job outputs,
 * tables — is byte for byte what a fresh run over the same inputs leaves.
 */

let data = "";
// Byte ranges of 64 KiB: every orders file is cut in two (piece tags `<file>-00` and `<file>-01`).
const opts: PipelineOptions = { minRangeBytes: 64 * 1024 };

beforeAll(async () => {
  data = await smallData(23);
}, 120_000);

/** A copy of the data, and a first run over it. */
async function started(): Promise<{ d: string; out: string }> {
  const d = tmp("sweeplab-reuse-data-");
  cpSync(data, d, { recursive: true, preserveTimestamps: true });
  const out = tmp("sweeplab-reuse-out-");
  await runPipeline(configFor(d, out), opts);
  return { d, out };
}

async function fresh(d: string): Promise<Map<string, Buffer>> {
  const out = tmp("sweeplab-reuse-fresh-");
  const s = await runPipeline(configFor(d, out), opts);
  expect(s.partition.kept).toBeUndefined();
  return snapshot(out);
}

const files = (d: string, table: string): string[] =>
  readdirSync(join(d, table))
    .sort()
    .map((f) => join(d, table, f));

/** The data files of `d`: orders and trades by day, and one nbbo.csv. */
const dataFiles = (d: string): number => files(d, "orders").length + files(d, "trades").length + 1;

const rowsOf = (file: string): number => readFileSync(file, "utf8").trimEnd().split("\n").length - 1;

describe("a rerun after inputs were added, removed or changed reads only those", () => {
  it("a file added that sorts first (every other file's index moves up): only it is read; the folder equals a fresh run's", async () => {
    const { d, out } = await started();
    const before = dataFiles(d);
    const added = join(d, "orders", "0-added-day.csv");
    writeFileSync(added, firstRowDayEarlier(files(d, "orders")[0]!));
    const s = await runPipeline(configFor(d, out), opts);
    expect(s.partition.skipped).toBe(false);
    expect(s.partition.kept?.files).toBe(before);
    expect(s.partition.rowsRead - (s.partition.kept?.rows ?? 0)).toBe(1);
    expect(s.jobs).toMatchObject({ done: 1, failed: 0 });
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("a file removed from the middle (later indices move down), one changed and one added in the same step", async () => {
    const { d, out } = await started();
    const [o0, o1, o2] = files(d, "orders");
    rmSync(o1!);
    appendFileSync(o2!, readFileSync(o2!, "utf8").trimEnd().split("\n").at(-1)!.replace(/^\d+/, "1") + "\n");
    writeFileSync(join(d, "trades", "zz-more.csv"), readFileSync(files(d, "trades")[0]!, "utf8").split("\n")[0] + "\n");
    const s = await runPipeline(configFor(d, out), opts);
    // Read: the changed orders file and the added trades file; every other file kept.
    expect(s.partition.kept?.files).toBe(dataFiles(d) - 2);
    expect(s.partition.rowsRead - (s.partition.kept?.rows ?? 0)).toBe(rowsOf(o2!));
    expect(existsSync(o0!)).toBe(true);
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("rejects files of kept files follow their index; those of removed files go", async () => {
    const { d, out } = await started();
    const [o0, o1] = files(d, "orders");
    // Rows every reader rejects, in two files.
    for (const f of [o0!, o1!]) appendFileSync(f, "not,a,row\n");
    await runPipeline(configFor(d, out), opts);
    const rejects = (): string[] => readdirSync(join(out, "rejects")).sort();
    expect(rejects().filter((n) => n.startsWith("partition-")).length).toBeGreaterThanOrEqual(2);
    // A file sorting first moves both up; then the first bad file goes.
    writeFileSync(join(d, "orders", "0-added-day.csv"), firstRowDayEarlier(o1!));
    await runPipeline(configFor(d, out), opts);
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
    rmSync(o0!);
    const s = await runPipeline(configFor(d, out), opts);
    expect(s.partition.kept).toBeDefined();
    // Nothing read: the line gives no rate.
    expect(
      formatSummary(s)
        .split("\n")
        .find((l) => l.startsWith("partition:")),
    ).toMatch(
      /^partition: [\d,]+ rows = [\d,]+ accepted \+ \d+ rejected, \d+ pieces, [\d.]+ s — all of \d+ unchanged file\(s\) kept from the store, none read again$/,
    );
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("the kept pieces keep their digests (times after the rename): the next check reads none of them", async () => {
    const { d, out } = await started();
    writeFileSync(join(d, "orders", "0-added-day.csv"), firstRowDayEarlier(files(d, "orders")[0]!));
    await runPipeline(configFor(d, out), opts);
    const store = join(out, "store");
    const manifest = JSON.parse(readFileSync(join(store, "_store.json"), "utf8")) as { pieces: { path: string }[] };
    const digests = JSON.parse(readFileSync(join(store, "_piece_digests.json"), "utf8")) as {
      pieces: Record<string, { ino: string; ctimeNs: string; mtimeNs: string; bytes: number }>;
    };
    expect(Object.keys(digests.pieces).sort()).toEqual(manifest.pieces.map((p) => p.path).sort());
    for (const p of manifest.pieces) {
      const st = statSync(join(store, p.path), { bigint: true });
      const dg = digests.pieces[p.path]!;
      expect([String(st.ino), String(st.mtimeNs), String(st.ctimeNs), Number(st.size)]).toEqual([
        dg.ino,
        dg.mtimeNs,
        dg.ctimeNs,
        dg.bytes,
      ]);
    }
  });

  it("stopped after the kept files were moved: the next run partitions everything again and equals a fresh run", async () => {
    const { d, out } = await started();
    writeFileSync(join(d, "orders", "0-added-day.csv"), firstRowDayEarlier(files(d, "orders")[0]!));
    const stop = new AbortController();
    const s = await runPipeline(configFor(d, out), {
      ...opts,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.phase === "partition") stop.abort();
      },
    });
    expect(s.interrupted).toBe(true);
    expect(existsSync(join(out, "store", "_store.json"))).toBe(false);
    const again = await runPipeline(configFor(d, out), opts);
    expect(again.partition.kept).toBeUndefined();
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("an input named by a relative path that reads as a number ('5'): each kept file keeps its own pieces", async () => {
    // The manifest's inputs are a JSON object: a key that reads as a number is listed first, whatever
    // the input order ('/…/a.csv' sorts before '5'), so its position there is not the file's number.
    const d = tmp("sweeplab-reuse-int-");
    const a = join(d, "orders-a.csv");
    cpSync(files(data, "orders")[0]!, a);
    const cwd = tmp("sweeplab-reuse-cwd-");
    cpSync(files(data, "orders")[1]!, join(cwd, "5"));
    const was = process.cwd();
    process.chdir(cwd);
    try {
      const config = (out: string) => configFor(d, out, { inputs: [a, "5"], reference: { instruments: null } });
      const out = tmp("sweeplab-reuse-int-out-");
      await runPipeline(config(out), opts);
      appendFileSync(a, readFileSync(a, "utf8").trimEnd().split("\n").at(-1)!.replace(/^\d+/, "1") + "\n");
      const s = await runPipeline(config(out), opts);
      expect(s.partition.kept?.files).toBe(1); // 5, read before as input 1, as now
      const again = tmp("sweeplab-reuse-int-fresh-");
      await runPipeline(config(again), opts);
      expect(diffSnapshots(snapshot(out), snapshot(again))).toEqual([]);
    } finally {
      process.chdir(was);
    }
  });

  it("the inputs folder moved (every path changed): partitioned again whole", async () => {
    const { d, out } = await started();
    const moved = `${d}-moved`;
    renameSync(d, moved);
    const s = await runPipeline(configFor(moved, out), opts);
    expect(s.partition.kept).toBeUndefined();
    expect(diffSnapshots(snapshot(out), await fresh(moved))).toEqual([]);
  });
});
