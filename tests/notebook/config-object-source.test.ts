// The readers given a run's config as an analyst types it (a plain object, as given to `run`: only
// the fields that differ from the defaults) read that run as they do given its RunResult — never the
// jobs of another run of the folder, nor refuse them with a false "the store does not hold the
// config's inputs" because the object leaves `unknownCodes` and the other defaults out.
import { describe, expect, it, beforeAll } from "vitest";
import { join } from "node:path";
import {
  aggregate,
  compare,
  details,
  records,
  run,
  scan,
  securityNames,
  sweepRows,
  type RunResult,
} from "../../src/notebook/index.js";
import { SAMPLE_CONFIG_PATH } from "../../src/config/index.js";
import type { RunConfigInput } from "../../src/config/index.js";
import { tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

let data = "";
const runOf = async (c: RunConfigInput): Promise<RunResult> =>
  await run(c, { workers: 2, retries: 0 }, { progress: false });
const sweepsOf = (t: Awaited<ReturnType<typeof aggregate>>): number =>
  records(t.by_security).reduce((a, r) => a + Number(r.sweeps), 0);

beforeAll(async () => {
  data = await smallData(6);
}, 120_000);

describe("readers given a plain config object (as typed at the REPL)", () => {
  it("with an analysis setting: the run's tables, as given its result", async () => {
    const out = tmp("sweeplab-cfgobj-");
    const cfg = {
      inputs: [data],
      reference: { instruments: join(data, "ob.csv") },
      outputDir: out,
      analysis: { impactTicks: 3 },
    };
    const result = await runOf(cfg);
    const byResult = await aggregate(result);
    // Before: RunSourceError jobs_changed, "the store does not hold the config's inputs as they are now".
    const byConfig = await aggregate(cfg);
    expect(byConfig.by_security.values).toEqual(byResult.by_security.values);
    expect((await sweepRows(cfg)).length).toBe(sweepsOf(byResult));
    expect((await compare(cfg)).shape[0]).toBe(sweepsOf(byResult));
    // Written in place, as in a notebook cell (before: a type error, "'inputs' does not exist in type …").
    const inPlace = await aggregate({
      inputs: [data],
      reference: cfg.reference,
      outputDir: out,
      analysis: { impactTicks: 3 },
    });
    expect(inPlace.by_security.values).toEqual(byResult.by_security.values);
    expect(
      (
        await details(
          { inputs: [data], reference: cfg.reference, outputDir: out, analysis: { impactTicks: 3 } },
          "classified",
        )
      ).shape[0],
    ).toBe(sweepsOf(byResult));
  });

  it("without analysis: not the tables of a later run of other settings into the folder", async () => {
    const out = tmp("sweeplab-cfgobj-");
    const cfg = { inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out };
    await runOf(cfg);
    // A later run of another session rewrites every job: the folder holds its jobs only.
    const later = await runOf({ ...cfg, analysis: { session: { start: "12:00", end: "16:00" } } });
    expect(sweepsOf(await aggregate(out))).toBe(sweepsOf(await aggregate(later)));
    // Before: the later run's tables, as if they were this config's (it was read as a bare folder).
    await expect(aggregate(cfg)).rejects.toMatchObject({ code: "jobs_changed" });
    await expect(sweepRows(cfg)).rejects.toMatchObject({ code: "jobs_changed" });
  });
});

describe("a config whose reference files are among its inputs (named in no reference entry)", () => {
  it("names the participants and securities as the run's result does", async () => {
    const cfg = { inputs: [data], outputDir: tmp("sweeplab-cfgobj-") };
    const result = await runOf(cfg);
    const names = (t: Awaited<ReturnType<typeof aggregate>>): string[] =>
      records(t.by_participant).map((r) => `${String(r.participant_id)} ${String(r.participant_name)}`);
    const byResult = names(await aggregate(result));
    expect(byResult[0]).toBe("1001 BrokerA");
    // Before: every participant_name empty, and an empty Map of names.
    expect(names(await aggregate(cfg))).toEqual(byResult);
    expect([...(await securityNames(cfg))]).toEqual([...(await securityNames(result))]);
    expect((await securityNames(cfg)).size).toBe(2);
    // A scan's result (its `inputs` an object, no config) names no instruments file, as before.
    const scanned = await scan(data);
    expect((await securityNames(scanned as unknown as Parameters<typeof securityNames>[0])).size).toBe(0);
  });
});

describe("a config file's path given where the output folder belongs", () => {
  it("says it is a file and what to give, not 'holds no sweeplab run: run it first'", async () => {
    const message =
      `${SAMPLE_CONFIG_PATH} is a file, not a run's output folder: give the folder (the config's outputDir), ` +
      "the run's result, or its config (await loadConfigFile(path))";
    for (const read of [aggregate, sweepRows, compare, (s: string) => details(s, "orders")])
      await expect(read(SAMPLE_CONFIG_PATH)).rejects.toMatchObject({ code: "no_run", message });
  });
});
