import {
  appendFileSync,
  cpSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { acquireRunLock } from "../../src/pipeline/lock.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, firstRowDayEarlier, smallData, snapshot } from "./helpers.js";

/*
 * A user changes things between two runs in one output folder; the rerun that exits 0 must leave
 * what one fresh run with the same settings leaves (run_*.json aside), byte for byte. The cases
 * the randomised sequences (tests/pipeline/sequences.ts, scripts/rerun-sequences) found wrong.
 */

let data = "";
let base = "";

beforeAll(async () => {
  data = await smallData(11);
  base = tmp("sweeplab-rc-base-");
  await runPipeline(configFor(data, base));
}, 120_000);

/** A copy of the data set and of the finished base run over it (its config pointing at the copy). */
function cloneBoth(): { data: string; out: string } {
  const d = tmp("sweeplab-rc-data-");
  cpSync(data, d, { recursive: true, preserveTimestamps: true });
  const out = tmp("sweeplab-rc-out-");
  // The base run names `data` in its store manifest: rerun it on the copy first (nothing changed yet).
  cpSync(base, out, { recursive: true });
  return { data: d, out };
}

/** A fresh run of `config`'s settings over `d` in an empty folder. */
async function fresh(d: string): Promise<Map<string, Buffer>> {
  const out = tmp("sweeplab-rc-fresh-");
  await runPipeline(configFor(d, out));
  return snapshot(out);
}

/** An orders file of `d` (the first by name), larger than the 2 × 64 KiB a quick fingerprint reads. */
function ordersFile(d: string): string {
  const dir = join(d, "orders");
  const f = join(dir, readdirSync(dir).sort()[0]!);
  expect(statSync(f).size).toBeGreaterThan(256 * 1024);
  return f;
}

describe("a rerun after the user changed something", () => {
  it("an input changed in its middle, size and mtime restored (touch -r): partitioned again, outputs equal a fresh run", async () => {
    const { data: d, out } = cloneBoth();
    await runPipeline(configFor(d, out));
    const f = ordersFile(d);
    const { atime, mtime, size } = statSync(f);
    const lines = readFileSync(f, "utf8").split("\n");
    const head = lines[0]!.split(",");
    const q = head.indexOf("quantity");
    const t = head.indexOf("exchangeordertype");
    // A Centre Point order's quantity in the middle of the file, one digit changed: same size.
    let i = Math.floor(lines.length / 2);
    for (; ; i++) {
      const c = lines[i]!.split(",");
      if ((Number(c[t]) & 6464) !== 0 && /^[1-8]\d+$/.test(c[q]!)) {
        c[q] = String(Number(c[q]![0]) + 1) + c[q]!.slice(1);
        lines[i] = c.join(",");
        break;
      }
    }
    writeFileSync(f, lines.join("\n"));
    utimesSync(f, atime, mtime);
    expect(statSync(f).size).toBe(size);
    const s = await runPipeline(configFor(d, out));
    expect(s.partition.skipped).toBe(false);
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("a store another sweeplab wrote (its manifest names another store layout, or none): partitioned again, outputs equal a fresh run", async () => {
    for (const layout of [undefined, "0".repeat(64)]) {
      const out = tmp("sweeplab-rc-layout-");
      cpSync(base, out, { recursive: true });
      const path = join(out, "store", "_store.json");
      const m = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
      expect(m.layout).toMatch(/^[0-9a-f]{64}$/);
      if (layout === undefined) delete m.layout;
      else m.layout = layout;
      writeFileSync(path, JSON.stringify(m, null, 2) + "\n");
      const s = await runPipeline(configFor(data, out));
      expect(s.partition.skipped).toBe(false);
      expect(s.jobs).toMatchObject({ failed: 0 });
      expect(diffSnapshots(snapshot(out), snapshot(base))).toEqual([]);
    }
  });

  it("a store piece damaged by hand: the run stops saying to delete the store; done, the next run equals a fresh one", async () => {
    const out = tmp("sweeplab-rc-piece-");
    cpSync(base, out, { recursive: true });
    const store = join(out, "store");
    const piece = readdirSync(store, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".parquet"))!;
    truncateSync(join(store, piece), 100);
    const stop = runPipeline(configFor(data, out));
    await expect(stop).rejects.toMatchObject({ code: "corrupt_piece" });
    const message = await stop.catch((e: Error) => e.message);
    // `sweeplab partition` would skip the unchanged inputs: the way out is to delete the store.
    expect(message).toContain(`delete ${store} and run again`);
    rmSync(store, { recursive: true });
    await runPipeline(configFor(data, out));
    expect(diffSnapshots(snapshot(out), snapshot(base))).toEqual([]);
  });

  it("a day of extracts added as a file that sorts first (every later file's pieces renamed): only its job runs, outputs equal a fresh run", async () => {
    const { data: d, out } = cloneBoth();
    expect((await runPipeline(configFor(d, out))).jobs).toMatchObject({ done: 0, skipped: 6 });
    // One order of the first file, a day earlier: a new (security, date) partition.
    writeFileSync(join(d, "orders", "0-added-day.csv"), firstRowDayEarlier(ordersFile(d)));
    const s = await runPipeline(configFor(d, out));
    expect(s.partition.skipped).toBe(false);
    // Before, the piece names (file numbers) were part of every job's input fingerprint: 7 done.
    expect(s.jobs).toMatchObject({ total: 7, done: 1, skipped: 6, failed: 0 });
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("aggregate after the inputs changed (a row appended, a file added): refused, tables kept; a run then equals a fresh one", async () => {
    const { data: d, out } = cloneBoth();
    await runPipeline(configFor(d, out));
    const tables = snapshot(join(out, "aggregated"));
    const f = ordersFile(d);
    for (const change of [
      () => appendFileSync(f, readFileSync(f, "utf8").trimEnd().split("\n").at(-1) + "\n"),
      () => cpSync(join(d, "trades"), join(d, "more-trades"), { recursive: true }),
    ]) {
      change();
      await expect(aggregateRun(configFor(d, out))).rejects.toMatchObject({ code: "aggregate_stale_store" });
      await expect(aggregateRun(configFor(d, out), { allowPartial: true })).rejects.toMatchObject({
        code: "aggregate_stale_store",
      });
      expect(diffSnapshots(snapshot(join(out, "aggregated")), tables)).toEqual([]);
    }
    await runPipeline(configFor(d, out));
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
    // The store now current: aggregate writes the run's tables again.
    await aggregateRun(configFor(d, out));
    expect(diffSnapshots(snapshot(out), await fresh(d))).toEqual([]);
  });

  it("(already right) a subset after a whole run, then an input removed: the tables hold only the run's jobs, as a fresh run's", async () => {
    const { data: d, out } = cloneBoth();
    const subset = { securities: ["110621"], dates: { from: "2024-10-03" } };
    await runPipeline(configFor(d, out, subset));
    const aggregated = (dir: string): Map<string, Buffer> => snapshot(join(dir, "aggregated"));
    const freshSubset = tmp("sweeplab-rc-subset-");
    await runPipeline(configFor(d, freshSubset, subset));
    expect(diffSnapshots(aggregated(out), aggregated(freshSubset))).toEqual([]);
    rmSync(ordersFile(d));
    const s = await runPipeline(configFor(d, out));
    expect(s.partition.skipped).toBe(false);
    const whole = tmp("sweeplab-rc-whole-");
    await runPipeline(configFor(d, whole));
    expect(diffSnapshots(aggregated(out), aggregated(whole))).toEqual([]);
  });

  it("aggregate while a run holds the folder: refused (run_locked), so it never merges jobs the run is rewriting", async () => {
    const out = tmp("sweeplab-rc-lock-");
    cpSync(base, out, { recursive: true });
    const lock = await acquireRunLock(out);
    try {
      await expect(aggregateRun(configFor(data, out))).rejects.toMatchObject({ code: "run_locked" });
    } finally {
      await lock.release();
    }
    // Released: aggregate takes the lock, writes the tables, and leaves no lock behind.
    await aggregateRun(configFor(data, out));
    expect(diffSnapshots(snapshot(out), snapshot(base))).toEqual([]);
  });

  it("a job.json whose sums were edited by hand: aggregate refuses it, a rerun recomputes it, outputs equal a fresh run", async () => {
    const out = tmp("sweeplab-rc-edit-");
    cpSync(base, out, { recursive: true });
    const sec = readdirSync(join(out, "by_security")).sort()[0]!;
    const date = readdirSync(join(out, "by_security", sec)).sort()[0]!;
    const file = join(out, "by_security", sec, date, "job.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as { record: { sums: { cells: string[] } } };
    const cell = json.record.sums.cells[0]!.split(",");
    cell[0] = String(Number(cell[0]) + 1);
    json.record.sums.cells[0] = cell.join(",");
    writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
    await expect(aggregateRun(configFor(data, out))).rejects.toMatchObject({ code: "aggregate_incomplete" });
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 1, failed: 0 });
    expect(diffSnapshots(snapshot(out), snapshot(base))).toEqual([]);
  });
});
