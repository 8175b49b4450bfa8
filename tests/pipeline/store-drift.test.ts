import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * A store whose manifest matches the inputs is trusted only while its pieces are the ones the
 * manifest lists: a piece deleted (or added) by hand would silently leave rows out of (or double
 * them in) its jobs, which would then be recomputed and called current.
 */
let data = "";
let reference = new Map<string, Buffer>();

beforeAll(async () => {
  data = await smallData(21);
  const out = tmp("sweeplab-drift-ref-");
  await runPipeline(configFor(data, out));
  reference = snapshot(out);
}, 120_000);

function pieces(out: string): string[] {
  return readdirSync(join(out, "store"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".parquet"))
    .sort();
}

describe("a store whose pieces drifted from its manifest", () => {
  it("is partitioned again when a piece was deleted, with a warning, and the outputs are as before", async () => {
    const out = tmp("sweeplab-drift-");
    await runPipeline(configFor(data, out));
    const gone = pieces(out).find((p) => p.startsWith("trades/"))!;
    rmSync(join(out, "store", gone));
    const s = await runPipeline(configFor(data, out));
    expect(s.partition.skipped).toBe(false);
    expect(s.warnings?.join("\n")).toContain(`1 missing: ${gone}`);
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  });

  it("is partitioned again when a piece the manifest does not list is there (its rows would count twice)", async () => {
    const out = tmp("sweeplab-drift-");
    await runPipeline(configFor(data, out));
    const one = pieces(out).find((p) => p.startsWith("orders/"))!;
    const stray = one.replace(/part-(\d+)-(\d+)-(\d+)\.parquet$/, "part-$1-$2-99.parquet");
    copyFileSync(join(out, "store", one), join(out, "store", stray));
    const s = await runPipeline(configFor(data, out));
    expect(s.partition.skipped).toBe(false);
    expect(s.warnings?.join("\n")).toContain(`1 not listed: ${stray}`);
    expect(diffSnapshots(snapshot(out), reference)).toEqual([]);
  });

  it("is trusted as before when nothing drifted", async () => {
    const out = tmp("sweeplab-drift-");
    await runPipeline(configFor(data, out));
    const s = await runPipeline(configFor(data, out));
    expect(s.partition.skipped).toBe(true);
    expect(s.jobs?.skipped).toBe(s.jobs?.total);
  });
});
