import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { aggregateRun } from "../../src/pipeline/aggregate/aggregate-step.js";
import { sealJobJson, UNSEALED_JSON_SHA256 } from "../../src/io/outputs/job-record.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { aggregate } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";
import { configFor, smallData, snapshot } from "./helpers.js";

/*
 * Aggregation of a config merges each current job's sums from the job.json its check read
 * (CheckedJobs): the same tables as before, and a job.json that is current (sealed, today's
 * fingerprints) but that the sums reader refuses still fails it with that reader's error.
 */

let data = "";
beforeAll(async () => {
  data = await smallData(17);
}, 60_000);

/** A finished run's folder and its first job's job.json. */
async function finishedRun(): Promise<{ out: string; jobJson: string }> {
  const out = tmp("sweeplab-checked-");
  await runPipeline(configFor(data, out));
  const sec = readdirSync(join(out, "by_security")).sort()[0]!;
  const date = readdirSync(join(out, "by_security", sec)).sort()[0]!;
  return { out, jobJson: join(out, "by_security", sec, date, "job.json") };
}

/** job.json edited by `edit` and sealed again, so its check finds it current. */
function resealed(path: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(path, "utf8")).replace(
    /"jsonSha256": "[0-9a-f]{64}"/,
    `"jsonSha256": "${UNSEALED_JSON_SHA256}"`,
  );
  writeFileSync(path, sealJobJson(text).text);
}

const tables = (out: string): Map<string, Buffer> =>
  new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));

describe("aggregation merges the job.json its check read", () => {
  it("sweeplab aggregate writes the run's own tables", async () => {
    const { out } = await finishedRun();
    const before = tables(out);
    await aggregateRun(configFor(data, out));
    expect(tables(out)).toEqual(before);
  }, 120_000);

  it("a current job.json with a malformed data-quality block: bad_value naming it, from aggregate and the notebook", async () => {
    const { out, jobJson } = await finishedRun();
    resealed(jobJson, (t) => t.replace('"duplicates": "drop"', '"duplicates": "maybe"'));
    const bad = { code: "bad_value", message: expect.stringContaining(jobJson) as unknown };
    await expect(aggregateRun(configFor(data, out))).rejects.toMatchObject(bad);
    await expect(aggregate(configFor(data, out))).rejects.toMatchObject(bad);
  }, 120_000);

  it("a current job.json naming another date: wrong_job, never counted under its folder's", async () => {
    const { out, jobJson } = await finishedRun();
    const date = jobJson.split("/").at(-2)!;
    resealed(jobJson, (t) => t.replace(`"date": "${date}"`, '"date": "1999-01-01"'));
    const wrong = { code: "wrong_job", message: expect.stringContaining(jobJson) as unknown };
    await expect(aggregateRun(configFor(data, out))).rejects.toMatchObject(wrong);
    await expect(aggregate(configFor(data, out))).rejects.toMatchObject(wrong);
  }, 120_000);
});
