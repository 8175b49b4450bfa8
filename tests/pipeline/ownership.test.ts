import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;
const OURS = ".sweeplab-tmp-"; // the toolkit's temp prefix (TEMP_PREFIX), spelt out: it is part of the contract

let data = "";

beforeAll(async () => {
  data = await smallData(21);
}, 120_000);

/** Writes `text` at `rel` under `dir`, creating folders. */
function put(dir: string, rel: string, text = "keep me\n"): void {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

describe("output folder ownership", () => {
  it("refuses an existing folder with files it did not write, naming it and some entries, and touches nothing", async () => {
    const out = tmp("sweeplab-foreign-");
    put(out, "store/thesis.parquet");
    put(out, "rejects/my-rejects.csv");
    put(out, ".tmp-draft.txt");
    put(out, "notes/.tmp-x");
    put(out, "report.docx");
    const before = snapshot(out, /^$/);
    const err = await runPipeline(configFor(data, out)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "output_not_ours" });
    const message = (err as Error).message;
    expect(message).toContain(out);
    expect(message).toContain(".tmp-draft.txt, notes/, rejects/");
    expect(message).toContain("(5 entries)");
    expect(message).toContain("choose a new or empty output folder");
    expect(message).not.toContain("\n");
    expect(diffSnapshots(before, snapshot(out, /^$/))).toEqual([]);
    expect(existsSync(join(out, ".sweeplab-output.json"))).toBe(false);
    expect(existsSync(join(out, ".sweeplab.lock"))).toBe(false);
  });

  it("marks a new folder and an empty one (tool and version, nothing else), and reruns into a marked one", async () => {
    const fresh = join(tmp("sweeplab-new-"), "a", "b");
    const empty = tmp("sweeplab-empty-");
    for (const out of [fresh, empty]) {
      const s = await runPipeline(configFor(data, out), { partitionOnly: true });
      expect(s.partition.skipped).toBe(false);
      expect(readFileSync(join(out, ".sweeplab-output.json"), "utf8")).toBe(
        `{"tool":"sweeplab","version":"${VERSION}"}\n`,
      );
      const again = await runPipeline(configFor(data, out), { partitionOnly: true });
      expect(again.partition.skipped).toBe(true);
    }
  });

  it("removes only its own temp files, only under its own folders, and keeps a scan's rejects on a rebuild", async () => {
    const out = tmp("sweeplab-temps-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    const job = "by_security/SEC_X/2024-01-02";
    const ours = [
      `${OURS}run_summary.json.abc`,
      `store/orders/${OURS}part.parquet.abc`,
      `${job}/${OURS}job.json.abc`,
      `aggregated/${OURS}by_date.csv.abc`,
      `rejects/${OURS}scan-rejects-abc/0.csv`,
    ];
    const foreign = [".tmp-mine.txt", "store/orders/.tmp-mine", `${job}/.tmp-mine`, `notes/${OURS}mine.txt`];
    for (const f of [...ours, ...foreign]) put(out, f);
    const again = await runPipeline(configFor(data, out), { partitionOnly: true });
    expect(again.partition.skipped).toBe(true);
    for (const f of ours) expect(existsSync(join(out, f)), f).toBe(false);
    expect(existsSync(join(out, `rejects/${OURS}scan-rejects-abc`))).toBe(false);
    for (const f of foreign) expect(readFileSync(join(out, f), "utf8"), f).toBe("keep me\n");
    // A rebuild of the store replaces the store and the partition's rejects, not a scan's beside them.
    put(out, "rejects/scan-rejects.csv", "header\n");
    put(out, "rejects/partition-0099-00.csv", "an earlier partition's rejects\n");
    rmSync(join(out, "store", "_store.json")); // without its manifest the store is not current
    const rebuilt = await runPipeline(configFor(data, out), { partitionOnly: true });
    expect(rebuilt.partition.skipped).toBe(false);
    expect(existsSync(join(out, "rejects/partition-0099-00.csv"))).toBe(false);
    expect(readFileSync(join(out, "rejects/scan-rejects.csv"), "utf8")).toBe("header\n");
  });
});
