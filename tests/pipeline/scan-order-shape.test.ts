import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { formatScan } from "../../src/io/scan/scan-format.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { scanParallel } from "../../src/pipeline/scan/scan.js";
import { FORMATS, ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";
import { smallData } from "./helpers.js";

// `sweeplab scan` says, per partition, what a run will make of its order rows: "events" or
// "final_state" (book replay and simulation skipped). It must be the run's own decision (core
// orderShape), not a look-alike: for each partition the scan's word equals job.json's orderShape.

const REAL = join(FORMATS, "real");
const FINAL = ["orders-final-2024-09-04-85603.csv", "orders-final-2024-09-04-110621.csv"];

/** (security|date → shape) from a scan over `dir`, on `workers` threads. */
async function scanShapes(dir: string, workers = 1): Promise<Map<string, string>> {
  const r = await scanParallel([dir], { workers, rejectsPath: join(tmp(), "rejects.csv") });
  return new Map(r.partitions.filter((p) => p.orderRows > 0).map((p) => [`${p.securityCode}|${p.date}`, p.orderShape]));
}

/** (security|date → job.json orderShape) from a run over `dir`, the session the whole day. */
async function runShapes(dir: string): Promise<Map<string, string>> {
  const out = join(tmp("sweeplab-shape-run-"), "out");
  const config = resolveConfig(
    { inputs: [dir], outputDir: out, workers: 1, analysis: { session: { start: "00:00", end: "23:59:59" } } },
    {},
  );
  const s = await runPipeline(config, { allowPartial: true });
  expect(s.jobs?.failed, JSON.stringify(s.jobs?.failures)).toBe(0);
  const shapes = new Map<string, string>();
  for (const key of Object.keys(JSON.parse(readFileSync(join(out, "run_manifest.json"), "utf8")).jobs as object)) {
    const [code, date] = key.split("|") as [string, string];
    const job = JSON.parse(readFileSync(join(out, "by_security", `SEC_${code}`, date, "job.json"), "utf8")) as {
      orderShape: string;
    };
    shapes.set(key, job.orderShape);
  }
  return shapes;
}

function realFinalState(): string {
  const dir = tmp("sweeplab-shape-final-");
  for (const f of FINAL) copyFileSync(join(REAL, f), join(dir, f));
  return dir;
}

describe("the scan's word for a partition's order rows is the run's", () => {
  it("the real final-state extracts: final_state in both, and the note says what the run skips", async () => {
    const dir = realFinalState();
    const scanned = await scanShapes(dir);
    expect(scanned).toEqual(
      new Map([
        ["110621|2024-09-04", "final_state"],
        ["85603|2024-09-04", "final_state"],
      ]),
    );
    expect(await runShapes(dir)).toEqual(scanned);
    const text = formatScan(await scanParallel([dir], { rejectsPath: join(tmp(), "r.csv") }));
    expect(text).toContain(
      "note: 85603 2024-09-04: final-state order rows (every order on one row, 0 of 128 rows placements): " +
        "a run computes real fills, groups and size bands only (no book replay or simulation)\n",
    );
  }, 60_000);

  it("a final-state extract sent twice (exact repeated rows, which the run drops): final_state in both", async () => {
    const dir = tmp("sweeplab-shape-twice-");
    const text = readFileSync(join(REAL, FINAL[1] as string), "utf8");
    const [head, ...rows] = text.trimEnd().split("\n");
    writeFileSync(join(dir, "orders-a.csv"), `${head}\n${rows.join("\n")}\n${rows.slice(0, 5).join("\n")}\n`);
    const scanned = await scanShapes(dir);
    expect(scanned.get("110621|2024-09-04")).toBe("final_state");
    expect(await runShapes(dir)).toEqual(scanned);
  }, 60_000);

  it("event rows with one row per sweep order (all placements): events in both, and no final-state note", async () => {
    // Four sweep orders, each placed (changereason 6) and never touched: one row each, as a
    // final-state file would have, but every row a placement, so the run replays them as events.
    const dir = tmp("sweeplab-shape-placed-");
    const rows = [0, 1, 2, 3].map((i) =>
      stubOrder({
        order_id: String(7898856358160837782n + BigInt(i)),
        timestamp: String(1725448941024284297n + BigInt(i) * 1_000_000n),
        changereason: 6,
        sequence: 100 + i,
      }),
    );
    writeFixture(dir, "orders.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    const scanned = await scanShapes(dir);
    expect(scanned).toEqual(new Map([["85603|2024-09-04", "events"]]));
    expect(await runShapes(dir)).toEqual(scanned);
    const text = formatScan(await scanParallel([dir], { rejectsPath: join(tmp(), "r.csv") }));
    expect(text).not.toContain("final-state");
  }, 60_000);

  it("generated event data: events in every partition, in both, on one thread and on three", async () => {
    const dir = await smallData(5);
    const scanned = await scanShapes(dir);
    expect(scanned.size).toBe(6);
    expect([...scanned.values()].every((s) => s === "events")).toBe(true);
    expect(await scanShapes(dir, 3)).toEqual(scanned);
    expect(await runShapes(dir)).toEqual(scanned);
  }, 120_000);
});
