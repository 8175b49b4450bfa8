import { copyFileSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scanPart } from "../../src/io/scan.js";
import { piecesOnDisk, readSliceRecord, readStoreManifest } from "../../src/io/store/index.js";
import { acquireRunLock } from "../../src/pool/lock.js";
import { sealStore } from "../../src/pool/partition-seal.js";
import { partitionSlice } from "../../src/pool/partition-slice.js";
import { runPipeline } from "../../src/pool/run.js";
import { sliceContext } from "../../src/pool/slice-context.js";
import { SlicesIncompleteError, StoreNotSealedError } from "../../src/pool/slice-errors.js";
import { StoreBusyError } from "../../src/pool/store-busy.js";
import { tmp } from "../helpers.js";
import { configFor, jobOutputs, MIN_RANGE, putRowLikeAt, rejectLines, shardData, storeContent } from "./shard-data.js";

// Issue 16.1: N partition slices (`partition --shard i/N`) then the seal equal one whole partition,
// in content: rows per (table, security, date) in read order, per-file reports, rejects; and the
// jobs run on either store write the same outputs.

const hook = { minRangeBytes: MIN_RANGE };

/** Runs slices 0…count−1 one after another into `out`, then seals; returns the seal's outcome. */
async function sliced(data: string, out: string, count: number, workers = 2): ReturnType<typeof sealStore> {
  const config = configFor(data, out, { workers });
  for (let i = 0; i < count; i++) {
    const s = await partitionSlice(config, { index: i, count }, hook);
    expect(s.failures, `slice ${i}/${count}`).toEqual([]);
    expect(s.skipped).toBeUndefined();
  }
  return sealStore(config, count, hook);
}

describe("partition slices + seal = one whole partition", () => {
  let data = "";
  let cutFile = "";
  let whole = "";
  let wholeContent: Record<string, unknown> = {};

  beforeAll(async () => {
    ({ data, cutFile } = await shardData());
    whole = tmp("sweeplab-shard-whole-");
    const s = await runPipeline(configFor(data, whole), { partitionOnly: true, ...hook });
    expect(s.partition.failures).toEqual([]);
    wholeContent = await storeContent(whole);
  }, 120_000);

  it("the data: gzip and plain inputs, and the 2-slice boundary inside a quoted record", async () => {
    const ctx = await sliceContext(configFor(data, tmp("sweeplab-shard-ctx-")), 2, MIN_RANGE);
    const gz = ctx.plan.units.filter((u) => u.file.endsWith(".gz"));
    expect(gz.length).toBe(3);
    expect(gz.every((u) => u.range === undefined)).toBe(true);
    // Slice 0's last unit of the cut file ends inside the row-like quoted value: read alone, it says so.
    const cut = ctx.plan.units.filter((u) => u.file === cutFile);
    expect(cut.length).toBe(2);
    expect(cut.map((u) => u.slice)).toEqual([0, 1]);
    const range = cut[0]?.range;
    expect(range).toBeDefined();
    expect((await scanPart(cutFile, range === undefined ? {} : { range })).report.cutRecord).toBe(true);
    // Both slices hold about half the bytes.
    const bytes = [0, 1].map((k) => ctx.plan.units.filter((u) => u.slice === k).reduce((a, u) => a + u.bytes, 0));
    const total = (bytes[0] as number) + (bytes[1] as number);
    expect(Math.abs((bytes[0] as number) - total / 2)).toBeLessThan(total * 0.1);
    expect(Object.keys(wholeContent).filter((k) => k.includes("|")).length).toBe(6);
  });

  for (const count of [1, 2, 3, 4])
    it(`${count} slice(s) then the seal: the same store content, rejects and reports`, async () => {
      const out = tmp(`sweeplab-shard-${count}-`);
      const seal = await sliced(data, out, count);
      expect(seal.alreadySealed).toBe(false);
      // The plans of 2 and 4 slices have a boundary at the middle byte, inside the row-like quoted
      // value: that file is partitioned again whole at the seal. The others avoid the typed values.
      expect(seal.redone).toEqual(count % 2 === 0 ? [cutFile] : []);
      expect(await storeContent(out)).toEqual(wholeContent);
      expect(rejectLines(out)).toEqual(rejectLines(whole));
      expect(rejectLines(out).length).toBe(3);
      // The manifest lists exactly the pieces on disk (no stray, no duplicate).
      const manifest = await readStoreManifest(join(out, "store"));
      expect(manifest?.pieces.map((p) => p.path)).toEqual((await piecesOnDisk(join(out, "store"))).map((p) => p.path));
      // Sealing again changes nothing.
      expect((await sealStore(configFor(data, out), count, hook)).alreadySealed).toBe(true);
    }, 120_000);

  it("a quoted record cut by a worker's byte range inside a slice: the unit is read again whole", async () => {
    // One orders file alone, a row-like quoted value at its middle byte, where 2 workers split it.
    const file = join(tmp("sweeplab-shard-unit-data-"), "orders.csv");
    copyFileSync(join(data, "orders", readdirSync(join(data, "orders")).sort()[0] as string), file);
    putRowLikeAt(file, statSync(file).size / 2);
    const only = (out: string, workers: number) => configFor(data, out, { inputs: [file], workers });
    const one = tmp("sweeplab-shard-unit-whole-");
    await runPipeline(only(one, 2), { partitionOnly: true, ...hook });
    const out = tmp("sweeplab-shard-unit-");
    const s = await partitionSlice(only(out, 2), { index: 0, count: 1 }, hook);
    expect(s.failures).toEqual([]);
    // Both worker ranges' pieces were replaced by the whole unit's (tag -00 only).
    const tags = new Set((await piecesOnDisk(join(out, "store"))).map((p) => p.tag));
    expect([...tags]).toEqual(["0000-00-00"]);
    expect((await sealStore(only(out, 2), 1, hook)).redone).toEqual([]);
    expect(await storeContent(out)).toEqual(await storeContent(one));
    expect(rejectLines(out)).toEqual(rejectLines(one));
  }, 120_000);

  it("the jobs on a sealed 2-slice store write what they write on a whole store, byte for byte", async () => {
    const out = tmp("sweeplab-shard-jobs-");
    await sliced(data, out, 2, 1);
    const a = await runPipeline(configFor(data, whole), hook);
    const b = await runPipeline(configFor(data, out), hook);
    expect(b.partition.skipped).toBe(true); // the sealed store is current: no partitioning
    expect(a.jobs?.failed).toBe(0);
    expect(b.jobs?.done).toBe(6);
    const [x, y] = [jobOutputs(whole), jobOutputs(out)];
    expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
    expect(x.size).toBeGreaterThan(20);
    for (const [k, v] of x) expect(y.get(k), k).toBe(v);
  }, 180_000);

  it("the seal refuses while a slice is missing, and runs refuse the unsealed store", async () => {
    const out = tmp("sweeplab-shard-missing-");
    const config = configFor(data, out);
    await partitionSlice(config, { index: 0, count: 3 }, hook);
    await partitionSlice(config, { index: 2, count: 3 }, hook);
    const err = await sealStore(config, 3, { ...hook, flags: " --output o" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlicesIncompleteError);
    expect((err as SlicesIncompleteError).problems.map((p) => [p.index, p.kind])).toEqual([[1, "missing"]]);
    expect((err as Error).message).toContain("run `sweeplab partition --shard 1/3 --output o`");
    expect(existsSync(join(out, "store", "_store.json"))).toBe(false);
    // Sealing with another slice count: every slice of that plan is missing.
    const other = await sealStore(config, 2, hook).catch((e: unknown) => e);
    expect((other as SlicesIncompleteError).problems.map((p) => p.index)).toEqual([0, 1]);
    // A whole run and a job shard never partition under slices: they refuse.
    await expect(runPipeline(config, hook)).rejects.toBeInstanceOf(StoreNotSealedError);
    await expect(runPipeline(config, { ...hook, shard: { index: 0, count: 2 } })).rejects.toMatchObject({
      code: "store_not_sealed",
    });
    // A piece of slice 0 deleted by hand: slice 0 is stale too, and its rerun does not skip.
    const record = await readSliceRecord(join(out, "store"), 0, 3);
    rmSync(join(out, "store", record?.pieces[0]?.path ?? "none"));
    const stale = await sealStore(config, 3, hook).catch((e: unknown) => e);
    expect((stale as SlicesIncompleteError).problems.map((p) => [p.index, p.kind])).toEqual([
      [0, "stale"],
      [1, "missing"],
    ]);
    expect((await partitionSlice(config, { index: 0, count: 3 }, hook)).skipped).toBeUndefined();
    // The missing slice, then the seal: complete and equal.
    await partitionSlice(config, { index: 1, count: 3 }, hook);
    expect((await sealStore(config, 3, hook)).alreadySealed).toBe(false);
    expect(await storeContent(out)).toEqual(wholeContent);
  }, 120_000);

  it("a rerun of a complete slice skips it; an interrupted one replaces what it wrote", async () => {
    const out = tmp("sweeplab-shard-rerun-");
    const two = configFor(data, out, { workers: 2 });
    await partitionSlice(two, { index: 0, count: 2 }, hook);
    expect((await partitionSlice(two, { index: 0, count: 2 }, hook)).skipped).toBe("slice_complete");
    // Interrupted after writing its pieces (no record): the rerun with 1 worker splits its units
    // into fewer byte ranges (other piece tags), and must leave none of the old ones.
    const before = (await piecesOnDisk(join(out, "store"))).map((p) => p.tag);
    expect(before.some((t) => t.endsWith("-01"))).toBe(true);
    rmSync(join(out, "store", "_slices", "slice-0-of-2.json"));
    const again = await partitionSlice(configFor(data, out, { workers: 1 }), { index: 0, count: 2 }, hook);
    expect(again.skipped).toBeUndefined();
    expect((await piecesOnDisk(join(out, "store"))).some((p) => p.tag.endsWith("-01"))).toBe(false);
    await partitionSlice(two, { index: 1, count: 2 }, hook);
    await sealStore(two, 2, hook);
    expect(await storeContent(out)).toEqual(wholeContent);
    expect(readdirSync(join(out, "store", "_slices")).sort()).toEqual(["slice-0-of-2.json", "slice-1-of-2.json"]);
    // After the seal a slice has nothing to do.
    expect((await partitionSlice(two, { index: 1, count: 2 }, hook)).skipped).toBe("store_sealed");
  }, 120_000);
});

describe("partition slices and the locks", () => {
  it("slices coexist; a whole partition, a run or the seal refuses while one is live; a slice refuses under a whole run", async () => {
    const data = (await shardData(6)).data;
    const out = tmp("sweeplab-shard-locks-");
    const config = configFor(data, out);
    // A live slice (this process holds its lock): another slice runs beside it...
    const slice0 = await acquireRunLock(out, { index: 0, count: 2 }, "partition");
    try {
      expect((await partitionSlice(config, { index: 1, count: 2 }, hook)).failures).toEqual([]);
      // ...but nothing that would delete or seal the store under it.
      for (const attempt of [
        () => runPipeline(config, { ...hook, partitionOnly: true }),
        () => runPipeline(config, hook),
        () => sealStore(config, 2, hook),
      ])
        await expect(attempt()).rejects.toBeInstanceOf(StoreBusyError);
    } finally {
      await slice0.release();
    }
    // A whole partition or run holding the folder: a slice refuses to start.
    const main = await acquireRunLock(out);
    try {
      await expect(partitionSlice(config, { index: 0, count: 2 }, hook)).rejects.toMatchObject({ code: "store_busy" });
    } finally {
      await main.release();
    }
    expect(await partitionSlice(config, { index: 0, count: 2 }, hook)).toMatchObject({ failures: [] });
    expect((await sealStore(config, 2, hook)).alreadySealed).toBe(false);
  }, 120_000);
});
