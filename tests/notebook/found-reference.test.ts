import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { aggregate, records, run, securityNames, type RunResult } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";

// A run without a config's `reference` takes the reference files it finds among its inputs
// (README "Inputs": ob.csv, par.csv, session.csv): its own aggregated/by_participant.csv has the
// participants' names. But its result's config did not say so, and aggregate(result) gave every
// participant_name empty, securityNames(result) an empty map: the notebook's tables and charts
// silently differed from the run's. The result's config now names the reference files the run used.

let data = "";
let result: RunResult;
beforeAll(async () => {
  data = tmp("sweeplab-found-ref-");
  await generate({ orders: 600, securities: 2, dates: 1, seed: 3, outDir: data });
  result = await run(
    { inputs: [data] },
    { outputDir: join(tmp("sweeplab-found-ref-out-"), "out"), workers: 1 },
    { progress: false },
  );
}, 120_000);

describe("a run whose reference files were found among its inputs", () => {
  it("its result's config names them", () => {
    expect(result.config.reference).toEqual({
      instruments: join(data, "ob.csv"),
      participants: join(data, "par.csv"),
      sessions: join(data, "session.csv"),
    });
  });

  it("aggregate(result) has the participants' names, as the run's own by_participant.csv", async () => {
    const names = records((await aggregate(result)).by_participant).map((r) => [r.participant_id, r.participant_name]);
    const csv = readFileSync(join(result.outputDir, "aggregated", "by_participant.csv"), "utf8")
      .trim()
      .split("\n");
    expect(names).toEqual(csv.slice(1).map((l) => [Number(l.split(",")[0]), l.split(",")[1]]));
    expect(names.every(([, name]) => typeof name === "string" && name !== "")).toBe(true);
  });

  it("securityNames(result) reads the instruments file it used", async () => {
    const names = await securityNames(result);
    expect([...names.keys()]).toEqual(["110621", "110622"]);
    expect(names.get("110621")).toMatch(/^[A-Z]{3} Synthetic Security 110621$/);
  });

  it("its config runs again as current: every job skipped", async () => {
    const again = await run(result.config, {}, { progress: false });
    expect(again.summary.jobs).toMatchObject({ done: 0, skipped: 2, failed: 0 });
  });
});
