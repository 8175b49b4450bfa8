import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../src/pipeline/manifest.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { formatSummary } from "../../src/pipeline/summary.js";
import { CENTRE_POINT_MASK } from "../../src/model/codes.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

// A job whose data fails one of the toolkit's typed checks (here value_too_large: a Centre Point
// order's participant id outside the 32 bits the outputs hold) fails the same way on every attempt.
// It was retried and then recorded as job_threw, losing the code REFERENCE.md's table explains.

let data = "";
let key = "";
let orderId = "";

beforeAll(async () => {
  data = await smallData(5);
  // One Centre Point order row of one (security, date) gets participantid 3000000000.
  const file = join(data, "orders", "orders-2024-10-03.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  const head = lines[0]!.split(",");
  const col = (name: string): number => head.indexOf(name);
  const at = lines.findIndex(
    (l, i) => i > 0 && l !== "" && (Number(l.split(",")[col("exchangeordertype")]) & CENTRE_POINT_MASK) !== 0,
  );
  const row = lines[at]!.split(",");
  row[col("participantid")] = "3000000000";
  lines[at] = row.join(",");
  writeFileSync(file, lines.join("\n"));
  key = `${row[col("security_code")]}|2024-10-03`;
  orderId = row[col("order_id")]!;
}, 120_000);

describe("a job's typed data error", () => {
  it("is reported with its own code and message, once: no retry (retries: 1)", async () => {
    const out = tmp("sweeplab-data-error-");
    const s = await runPipeline(configFor(data, out, { retries: 1 }));
    expect(s.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    expect(s.jobs!.failures).toHaveLength(1);
    const f = s.jobs!.failures[0]!;
    expect(f).toMatchObject({ key, attempts: 1, error: { code: "value_too_large" } });
    const [sec, date] = key.split("|");
    expect(f.error.message).toBe(
      `${sec} ${date}: order ${orderId} has participantid 3000000000, outside the 32-bit participant ids the outputs hold (−2147483648 to 2147483647): fix that column of the orders file`,
    );
    // A typed error is its message alone: no stack in the summary or the manifest.
    expect(f.error.stack).toBeUndefined();
    expect(formatSummary(s)).toContain(`  FAILED ${key} after 1 attempt(s): [value_too_large] ${f.error.message}\n`);
    const m = await readManifest(out);
    expect(m.jobs[key]).toMatchObject({ status: "failed", attempts: 1, error: { code: "value_too_large" } });
    expect(m.jobs[key]!.error!.message).toBe(f.error.message);
    // The failure is remembered: a plain rerun keeps it (the manifest's code is read back), and
    // --retry-failed runs it again, once, with the same code.
    const again = await runPipeline(configFor(data, out, { retries: 1 }));
    expect(again.jobs).toMatchObject({ done: 0, skipped: 6, failed: 1 });
    expect(again.jobs!.failures[0]).toMatchObject({ key, error: { code: "value_too_large" } });
    const retried = await runPipeline(configFor(data, out, { retries: 1 }), { retryFailed: true });
    expect(retried.jobs!.failures).toEqual([
      { key, attempts: 1, error: { code: "value_too_large", message: f.error.message } },
    ]);
  });
});
