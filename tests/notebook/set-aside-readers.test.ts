// The notebook's readers of an earlier run after a later run of another selection set its other
// jobs aside (by_security/ holds the last run's jobs only; the others are moved to set_aside/):
// given the earlier run (its RunResult or RunConfig), every reader reads those jobs from
// set_aside/ while their job.json is the one the run recorded, and gives what a fresh run of the
// same config gives; the readers move nothing. Before: `jobs_changed` / `missing_table`,
// "set aside since the run, in set_aside/ … (a run of this config takes it back)".
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import {
  aggregate,
  compare,
  details,
  run,
  RunSourceError,
  sweepRows,
  type AggregateFrames,
  type RunResult,
} from "../../src/notebook/index.js";
import { forEachJobOutput } from "../../src/io/outputs/job-outputs-read.js";
import { assertReadUnchanged, runJobsOf } from "../../src/notebook/source.js";
import { tmp } from "../helpers.js";
import { configInput, smallData } from "../pipeline/helpers.js";

let data = "";

const config = (out: string, over: Partial<RunConfigInput> = {}): RunConfigInput => configInput(data, out, over);
const runOf = async (c: RunConfigInput): Promise<RunResult> => await run(c, {}, { progress: false });
const ONE: Partial<RunConfigInput> = { securities: ["110621"] };
const OTHER: Partial<RunConfigInput> = { analysis: { impactTicks: 3 } };

/** The `SEC_x/date` job folders under `<out>/<root>`. */
function folders(out: string, root: string): string[] {
  const dir = join(out, root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((sec) => readdirSync(join(dir, sec)).map((d) => `${sec}/${d}`))
    .sort();
}

/** Every table of an aggregation as its values, by name. */
const valuesOf = (f: AggregateFrames): Record<string, unknown> =>
  Object.fromEntries(Object.entries(f).map(([name, frame]) => [name, frame.values]));

let fresh: RunResult;

beforeAll(async () => {
  data = await smallData(5);
  fresh = await runOf(config(tmp("sweeplab-aside-fresh-")));
}, 120_000);

describe("readers of a run whose jobs a later run of another selection set aside", () => {
  it("aggregate, sweepRows, compare and details read them from set_aside/, as a fresh run's; nothing moves", async () => {
    const out = tmp("sweeplab-aside-");
    const all = await runOf(config(out));
    const one = await runOf(config(out, ONE));
    expect(one.summary.jobs).toMatchObject({ total: 3, skipped: 3 });
    const aside = ["SEC_110622/2024-10-02", "SEC_110622/2024-10-03", "SEC_110622/2024-10-04"];
    expect(folders(out, "set_aside")).toEqual(aside);
    const want = valuesOf(await aggregate(fresh));
    expect(valuesOf(await aggregate(all))).toEqual(want);
    expect(valuesOf(await aggregate(all.config))).toEqual(want);
    const rows = await sweepRows(all);
    expect(rows).toEqual(await sweepRows(fresh));
    expect(new Set(rows.map((r) => r.securityCode))).toEqual(new Set(["110621", "110622"]));
    expect(await sweepRows(all.config, { securities: ["110622"] })).toEqual(
      await sweepRows(fresh, { securities: ["110622"] }),
    );
    expect((await compare(all)).values).toEqual((await compare(fresh)).values);
    for (const table of ["orders", "simulation"] as const)
      expect((await details(all, table)).values).toEqual((await details(fresh, table)).values);
    // The readers moved nothing: the folder is still the later run's; given it, its own jobs.
    expect(folders(out, "set_aside")).toEqual(aside);
    expect(folders(out, "by_security")).toEqual([
      "SEC_110621/2024-10-02",
      "SEC_110621/2024-10-03",
      "SEC_110621/2024-10-04",
    ]);
    expect(new Set((await sweepRows(one)).map((r) => r.securityCode))).toEqual(new Set(["110621"]));
    expect((await aggregate(out)).by_security.column("security_code").values).toEqual(["110621"]);
  });

  it("a set-aside job.json edited since, or of other settings: jobs_changed naming where it is", async () => {
    const out = tmp("sweeplab-aside-changed-");
    const all = await runOf(config(out));
    await runOf(config(out, ONE));
    const file = join(out, "set_aside", "SEC_110622", "2024-10-02", "job.json");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/"rows": ?(\d)/, (_, d: string) => `"rows": 9${d}`),
    );
    for (const read of [() => aggregate(all), () => sweepRows(all)]) {
      const e = await read().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e).toMatchObject({ code: "jobs_changed" });
      expect((e as Error).message).toMatch(
        /1 job of this run changed since it ran .*110622\|2024-10-02 \(in set_aside\/ \(set aside by a run of another selection\), and there /,
      );
    }
    // The run's other jobs still read.
    expect(await sweepRows(all, { dates: ["2024-10-03"] })).toEqual(await sweepRows(fresh, { dates: ["2024-10-03"] }));

    // Other settings over the whole matrix, then a selection of them: the set-aside jobs are theirs.
    const out2 = tmp("sweeplab-aside-other-");
    const first = await runOf(config(out2));
    await runOf(config(out2, OTHER));
    await runOf(config(out2, { ...OTHER, ...ONE }));
    expect(folders(out2, "set_aside")).toHaveLength(3);
    const e = await aggregate(first).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "jobs_changed" });
    expect((e as Error).message).toMatch(
      /110622\|2024-10-02 \(in set_aside\/ \(set aside by a run of another selection\), and there recorded with another analysis fingerprint/,
    );
  });

  it("a job read from set_aside/ and taken back meanwhile (one rename, same job.json) is unchanged for a read that succeeded", async () => {
    const out = tmp("sweeplab-aside-moved-");
    const all = await runOf(config(out));
    await runOf(config(out, ONE));
    const own = await runJobsOf(all, { securities: ["110622"] });
    expect(own?.dirs.get("110622|2024-10-03")).toBe(join(out, "set_aside", "SEC_110622", "2024-10-03"));
    renameSync(join(out, "set_aside", "SEC_110622"), join(out, "by_security", "SEC_110622"));
    expect(() => assertReadUnchanged(out, own!, true)).not.toThrow();
    // A read that failed (a file gone with the move): said as changed while read.
    expect(() => assertReadUnchanged(out, own!)).toThrow(/rewritten or removed while it was read/);
    // A job folder chosen, then moved before it was read, is an error of the read, never left out.
    const at = [{ securityCode: "110622", date: "2024-10-03", dir: own!.dirs.get("110622|2024-10-03") ?? "" }];
    const visitor = { job: () => undefined, sweep: () => undefined };
    await expect(forEachJobOutput(out, visitor, { at })).rejects.toMatchObject({ code: "unreadable" });
  });

  it("the folder given, a filter for set-aside jobs says where they are, not 'not in the data'", async () => {
    const out = tmp("sweeplab-sa-");
    await runOf(config(out));
    await runOf(config(out, ONE));
    const e = (await aggregate(out, { securities: ["110622"], dates: ["2024-10-03"] }).catch(
      (x: unknown) => x,
    )) as Error;
    expect(e).toBeInstanceOf(RunSourceError);
    // Before: "security 110622 is not in the data: present are 110621".
    expect(e.message).toBe(
      `${out}: security 110622 has no job in by_security/ (the last run's): present are 110621 (1 job of those asked ` +
        "for is in set_aside/, set aside by a later run of another selection: 110622|2024-10-03; give the run that " +
        "computed it (its result or config) to read it)",
    );
    // Not set aside anywhere: still not in the data.
    await expect(details(out, "orders", { securities: ["999999"] })).rejects.toThrow(
      `${out}: security 999999 is not in the data: present are 110621`,
    );
  });
});
