import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { formatSummary, strictViolations } from "../../src/pipeline/summary.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/**
 * The run's `unknownCodes` option (issue 13.1) reaches the partition step's readers (worker threads,
 * built dist/): "keep" keeps a row with a code outside the tables and the run summary counts it (and
 * prints a line), "reject" rejects it; a store written under one policy is not reused under the other.
 */
describe("runPipeline unknownCodes", () => {
  it('keeps and counts by default, rejects under "reject", and re-partitions when the policy changes', async () => {
    const data = tmp("sweeplab-codes-data-");
    writeFixture(
      data,
      "orders.csv",
      [
        ORDERS_HEAD,
        stubOrder({ order_id: 1 }),
        stubOrder({ order_id: 2, changereason: 99 }),
        stubOrder({ order_id: 3, orderstatus: 9 }),
      ].join("\n") + "\n",
    );
    const out = tmp("sweeplab-codes-out-");
    // No instruments file here: the config names none.
    const { reference: _none, ...config } = configFor(data, out);
    const kept = await runPipeline(config, { partitionOnly: true });
    expect(kept.partition).toMatchObject({
      skipped: false,
      rowsRead: 3,
      accepted: 3,
      rejected: 0,
      unknownCodes: { changereason: { "99": 1 }, orderstatus: { "9": 1 } },
    });
    expect(formatSummary(kept)).toContain("  unknown code values (rows kept): changereason 99×1; orderstatus 9×1");
    // The line says where they are and what to do (a stranger cannot find the rows from the counts alone).
    expect(formatSummary(kept)).toContain(
      `  unknown code values (rows kept): changereason 99×1; orderstatus 9×1 — in ${join(data, "orders.csv")} ` +
        "(outside the exchange's code tables, e.g. a later release's: kept and counted; unknownCodes: \"reject\" " +
        "makes each a reject naming its file and line)",
    );
    expect(kept.partition.files[0]?.unknownCodes).toEqual({ changereason: { "99": 1 }, orderstatus: { "9": 1 } });
    // Under strict: true, a run with unknown code values fails (exit 1), its outputs kept.
    expect(strictViolations(kept)).toEqual([
      "code values outside the exchange's tables (rows kept): changereason 99×1; orderstatus 9×1",
    ]);
    const store = JSON.parse(readFileSync(join(out, "store", "_store.json"), "utf8")) as {
      unknownCodes: string;
      files: { unknownCodes?: unknown }[];
    };
    expect(store.unknownCodes).toBe("keep");
    expect(store.files[0]?.unknownCodes).toEqual({ changereason: { "99": 1 }, orderstatus: { "9": 1 } });

    const again = await runPipeline(config, { partitionOnly: true });
    expect(again.partition).toMatchObject({ skipped: true, unknownCodes: { changereason: { "99": 1 } } });

    const rejected = await runPipeline({ ...config, unknownCodes: "reject" }, { partitionOnly: true });
    expect(rejected.partition).toMatchObject({ skipped: false, rowsRead: 3, accepted: 1, rejected: 2 });
    expect(rejected.partition.unknownCodes).toBeUndefined();
    expect(formatSummary(rejected)).not.toContain("unknown code values");
    const rejects = readFileSync(join(out, "rejects", "partition-0000-00.csv"), "utf8");
    expect(rejects).toContain("unknown_code");
  }, 60_000);
});
