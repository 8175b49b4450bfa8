// The notebook's readers of a run's detail files, after a sequence of runs with other settings into
// one output folder: given the run (its RunResult or RunConfig), `details` and `sweepRows` read
// that run's jobs only — as they read a fresh run of the same settings — never a job folder
// another run left (another subset, other analysis settings, data no longer in the inputs), and a
// job of the run that a later run rewrote is refused, not read as the run's.
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfigInput } from "../../src/config/index.js";
import { aggregate, details, run, RunSourceError, sweepRows, type RunResult } from "../../src/notebook/index.js";
import { faults, tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

let data = "";

const config = (d: string, out: string, over: Partial<RunConfigInput> = {}): RunConfigInput => ({
  inputs: [d],
  reference: { instruments: join(d, "ob.csv") },
  outputDir: out,
  workers: 2,
  retries: 0,
  ...over,
});
const B: Partial<RunConfigInput> = { analysis: { impactTicks: 3 }, dates: ["2024-10-03"] };
const runOf = async (c: RunConfigInput): Promise<RunResult> => await run(c, {}, { progress: false });
/** The (security, date) of each row of a frame, as `SEC|date` counts. */
const jobsOfRows = (rows: readonly { securityCode: string; date: string }[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) out[`${r.securityCode}|${r.date}`] = (out[`${r.securityCode}|${r.date}`] ?? 0) + 1;
  return out;
};

beforeAll(async () => {
  data = await smallData(5);
}, 120_000);

describe("details and sweepRows of a run, after other runs into its folder", () => {
  it("a subset with other settings after a whole run: its result reads its own jobs, as a fresh run's", async () => {
    const out = tmp("sweeplab-rr-out-");
    await runOf(config(data, out));
    const rerun = await runOf(config(data, out, B));
    const fresh = await runOf(config(data, tmp("sweeplab-rr-fresh-"), B));
    for (const table of ["simulation", "orders"] as const) {
      const a = await details(rerun, table);
      const b = await details(fresh, table);
      expect(a.shape).toEqual(b.shape);
      expect(a.values).toEqual(b.values);
    }
    const rows = await sweepRows(rerun);
    expect(jobsOfRows(rows)).toEqual(jobsOfRows(await sweepRows(fresh)));
    expect(Object.keys(jobsOfRows(rows)).every((k) => k.endsWith("|2024-10-03"))).toBe(true);
    // Its config (a RunConfig) is the same source as its result; the folder itself holds the rerun's
    // jobs only (the whole run's other dates are set aside), so it reads as the fresh run's too.
    expect((await details(rerun.config, "simulation")).shape).toEqual((await details(fresh, "simulation")).shape);
    expect((await details(out, "simulation")).values).toEqual((await details(fresh, "simulation")).values);
  });

  it("the data of a date removed from the inputs: its old job folders are not the run's", async () => {
    const d = tmp("sweeplab-rr-data-");
    cpSync(data, d, { recursive: true });
    const out = tmp("sweeplab-rr-gone-");
    await runOf(config(d, out));
    for (const t of ["orders", "trades"]) rmSync(join(d, t, `${t}-2024-10-04.csv`));
    rmSync(join(d, "nbbo.csv"));
    const rerun = await runOf(config(d, out));
    const fresh = await runOf(config(d, tmp("sweeplab-rr-gone-fresh-")));
    expect((await details(rerun, "classified")).values).toEqual((await details(fresh, "classified")).values);
    expect(jobsOfRows(await sweepRows(rerun))).toEqual(jobsOfRows(await sweepRows(fresh)));
  });

  it("a run whose jobs a later run of other settings rewrote or set aside: the rewritten refused (naming them), the set-aside read from set_aside/", async () => {
    const out = tmp("sweeplab-rr-later-");
    const first = await runOf(config(data, out));
    await runOf(config(data, out, B));
    const err = await details(first, "simulation").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "missing_table" });
    expect((err as Error).message).toMatch(
      /2 jobs have no simulation table: 110621\|2024-10-03 \(not this run's outputs any more: recorded with another analysis fingerprint.*110622\|2024-10-03 \(/,
    );
    await expect(sweepRows(first)).rejects.toMatchObject({ code: "jobs_changed" });
    // The dates the later run left out are set aside (set_aside/), intact: read from there, as a fresh run's.
    // Before: jobs_changed, "set aside since the run, in set_aside/".
    const fresh = await runOf(config(data, tmp("sweeplab-rr-later-fresh-")));
    const dates = { dates: ["2024-10-02", "2024-10-04"] };
    const aside = await details(first, "simulation", dates);
    expect(aside.shape[0]).toBeGreaterThan(0);
    expect(aside.values).toEqual((await details(fresh, "simulation", dates)).values);
    expect(existsSync(join(out, "set_aside", "SEC_110621", "2024-10-02", "job.json"))).toBe(true);
    // The first run's config again: the set-aside jobs come back current, and read.
    const again = await runOf(config(data, out));
    expect(again.summary.jobs).toMatchObject({ done: 2, skipped: 4 });
    expect((await details(again, "simulation", dates)).values).toEqual(aside.values);
  });

  it("aggregate of a run whose jobs a later run of other settings rewrote: refused (jobs_changed naming them), never the tables of the rest", async () => {
    const out = tmp("sweeplab-rr-agg-");
    const first = await runOf(config(data, out));
    const before = await aggregate(first);
    const beforeDay = await aggregate(first, { dates: ["2024-10-02"] });
    await runOf(config(data, out, B));
    const err = await aggregate(first).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunSourceError);
    expect((err as RunSourceError).code).toBe("jobs_changed");
    // The rewritten jobs only: the other dates, set aside intact, are not changed.
    expect((err as RunSourceError).message).toMatch(
      /2 jobs of this run .*110621\|2024-10-03 \(recorded with another analysis fingerprint.*110622\|2024-10-03/,
    );
    // Its other dates, set aside by the later run, aggregate from set_aside/ as before it; the folder
    // aggregates the later run's date only.
    const day = await aggregate(first, { dates: ["2024-10-02"] });
    for (const t of ["global_summary", "by_security", "by_participant", "time_of_day", "data_quality"] as const)
      expect(day[t].values).toEqual(beforeDay[t].values);
    expect((await aggregate(out)).by_date.column("date").values).toEqual(["2024-10-03"]);
    // Rerun with the first run's config: its tables are back, figure for figure.
    const again = await runOf(config(data, out));
    expect((await aggregate(again)).global_summary.values).toEqual(before.global_summary.values);
  });

  // When only outputs.detailFormat changed, the reason said "recorded with another analysis
  // fingerprint", sending the analyst looking for an analysis setting that had not changed.
  it("a later run of another detail format only: jobs_changed says the format changed, not the analysis settings", async () => {
    const out = tmp("sweeplab-rr-format-");
    const only = { dates: ["2024-10-03"] };
    const first = await runOf(config(data, out, { ...only, outputs: { detailFormat: "csv.gz" } }));
    await runOf(config(data, out, only));
    const err = await aggregate(first).catch((e: unknown) => e);
    expect((err as RunSourceError).code).toBe("jobs_changed");
    const reason =
      "recorded with detail tables as parquet, the config's outputs.detailFormat is csv.gz (the analysis settings are the same)";
    expect((err as RunSourceError).message).toContain(`110621|2024-10-03 (${reason})`);
    expect((err as RunSourceError).message).not.toContain("another analysis fingerprint");
    // Both changed: the analysis settings, and the format.
    const later = await runOf(config(data, out, { ...only, analysis: { impactTicks: 3 } }));
    expect(later.summary.jobs).toMatchObject({ done: 2 });
    const both = await aggregate(first).catch((e: unknown) => e);
    expect((both as RunSourceError).message).toContain(
      "110621|2024-10-03 (recorded with another analysis fingerprint: other analysis settings, and detail tables as parquet, the config's outputs.detailFormat is csv.gz)",
    );
  });

  it("a later run of other settings rewrote one of the run's jobs and failed the other: jobs_changed, not its failure as the run's", async () => {
    const out = tmp("sweeplab-rr-mixed-");
    const only = { dates: ["2024-10-03"] };
    const first = await runOf(config(data, out, only));
    expect(first.summary.jobs).toMatchObject({ done: 2, failed: 0 });
    const later = await run(config(data, out, B), {}, { progress: false, ...faults({ "110621|2024-10-03": "throw" }) });
    expect(later.summary.jobs).toMatchObject({ done: 1, failed: 1 });
    for (const read of [() => aggregate(first), () => sweepRows(first)]) {
      const err = await read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RunSourceError);
      expect((err as RunSourceError).code).toBe("jobs_changed");
    }
  });

  it("a run with a failed job: sweepRows and aggregate leave it out, as the run's tables do; details lists it (missing_table)", async () => {
    const failed = await run(
      config(data, tmp("sweeplab-rr-failed-")),
      {},
      { progress: false, ...faults({ "110621|2024-10-03": "throw" }) },
    );
    expect(failed.summary.jobs).toMatchObject({ done: 5, failed: 1 });
    const jobs = Object.keys(jobsOfRows(await sweepRows(failed)));
    expect(jobs).not.toContain("110621|2024-10-03");
    expect(jobs.length).toBe(5);
    expect((await aggregate(failed)).by_date.shape[0]).toBe(3);
    await expect(details(failed, "simulation")).rejects.toMatchObject({
      code: "missing_table",
      jobs: [{ securityCode: "110621", date: "2024-10-03" }],
    });
  });

  it("a run whose inputs changed since: its jobs cannot be checked, so jobs_changed saying so; the folder still reads", async () => {
    const d = tmp("sweeplab-rr-edit-data-");
    cpSync(data, d, { recursive: true });
    const out = tmp("sweeplab-rr-edit-");
    const r = await runOf(config(d, out));
    const before = (await details(r, "simulation")).shape[0];
    const f = join(d, "trades", "trades-2024-10-03.csv");
    appendFileSync(f, readFileSync(f, "utf8").trimEnd().split("\n").at(-1) + "\n");
    for (const read of [() => details(r, "simulation"), () => sweepRows(r), () => aggregate(r)])
      await expect(read()).rejects.toMatchObject({
        code: "jobs_changed",
        message: expect.stringMatching(
          /cannot be checked against its config \(.*an input changed.*pass the output folder/,
        ),
      });
    expect((await details(out, "simulation")).shape[0]).toBe(before);
  });
});

// A run's jobs gone since: a later run cleared their folders (planJobs removes a job's folder before
// recomputing it) and was cancelled, killed or failed before writing them again. A run that went
// through its jobs did, skipped or failed every job of its matrix, so one gone that it did not fail
// was removed since: given its result, `aggregate` and `sweepRows` refuse (`jobs_changed`, naming it)
// rather than give the tables of the rest as the run's. A job the run failed itself is still left out.
const jobDir = (out: string, sec: string, date: string): string => join(out, "by_security", `SEC_${sec}`, date);
/** The jobs (`SEC|date`) the rows come from, sorted. */
const jobsOf = (rows: readonly { securityCode: string; date: string }[]): string[] =>
  Object.keys(jobsOfRows(rows)).sort();

/** What a reader's promise rejected with (fails the test when it resolved). */
async function refusal(p: Promise<unknown>): Promise<RunSourceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RunSourceError);
  return e as RunSourceError;
}

describe("readers of a run's result whose jobs a later run removed", () => {
  it("a later run of other settings cleared one of its job folders and was cancelled: jobs_changed naming it", async () => {
    const out = tmp("sweeplab-removed-cancel-");
    const first = await runOf(config(data, out, { dates: ["2024-10-03"] }));
    expect(first.summary.jobs).toMatchObject({ total: 2, done: 2, failed: 0 });
    expect((await aggregate(first)).by_security.shape[0]).toBe(2);
    // The later run (one job, other settings) hangs in its job and is cancelled there: the folder it
    // cleared before recomputing it stays without job.json.
    const later = run(
      config(data, out, { dates: ["2024-10-03"], securities: ["110621"], analysis: { impactTicks: 3 } }),
      {},
      {
        progress: false,
        ...faults({ "110621|2024-10-03": "hang" }),
        onProgress: (p) => {
          if (p.phase === "jobs" && p.running > 0) later.cancel();
        },
      },
    );
    expect((await later).cancelled).toBe(true);
    expect(existsSync(join(jobDir(out, "110621", "2024-10-03"), "job.json"))).toBe(false);
    // The later run set 110622's job aside before its own (not one of its jobs): read from there;
    // the one it removed is named (before: both, 110622's as "set aside since the run").
    for (const read of [() => aggregate(first), () => sweepRows(first)]) {
      const e = await refusal(read());
      expect(e.code).toBe("jobs_changed");
      expect(e.message).toMatch(
        /1 job of this run changed since it ran .*: 110621\|2024-10-03 \(removed since the run/,
      );
    }
    await expect(details(first, "simulation")).rejects.toMatchObject({
      code: "missing_table",
      jobs: [{ securityCode: "110621", date: "2024-10-03" }],
    });
    expect(jobsOf(await sweepRows(first, { securities: ["110622"] }))).toEqual(["110622|2024-10-03"]);
    // The run's config again takes 110622's job back (current) and recomputes 110621's.
    const again = await runOf(config(data, out, { dates: ["2024-10-03"] }));
    expect(again.summary.jobs).toMatchObject({ done: 1, skipped: 1 });
    expect(jobsOf(await sweepRows(first, { securities: ["110622"] }))).toEqual(["110622|2024-10-03"]);
  });

  it("a job folder of a whole run deleted since (as a killed later run leaves it): jobs_changed naming it", async () => {
    const out = tmp("sweeplab-removed-rm-");
    const first = await runOf(config(data, out));
    expect(first.summary.jobs).toMatchObject({ total: 6, done: 6, failed: 0 });
    rmSync(jobDir(out, "110622", "2024-10-02"), { recursive: true });
    for (const read of [() => aggregate(first), () => sweepRows(first)]) {
      const e = await refusal(read());
      expect(e.code).toBe("jobs_changed");
      expect(e.message).toMatch(/1 job of this run .*: 110622\|2024-10-02 \(removed since the run/);
    }
    // Its other jobs, chosen by the filter, still read; the folder itself reads what is there.
    expect(jobsOf(await sweepRows(first, { dates: ["2024-10-03", "2024-10-04"] }))).toHaveLength(4);
    expect((await aggregate(out)).data_quality.shape[0]).toBe(5);
  });

  it("a run that failed a job itself, and its rerun that skips that failure: the others aggregate, no refusal", async () => {
    const out = tmp("sweeplab-removed-failed-");
    const failed = await run(config(data, out), {}, { progress: false, ...faults({ "110621|2024-10-03": "throw" }) });
    expect(failed.summary.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    expect((await aggregate(failed)).data_quality.shape[0]).toBe(5);
    expect(jobsOf(await sweepRows(failed))).not.toContain("110621|2024-10-03");
    expect(jobsOf(await sweepRows(failed))).toHaveLength(5);
    // The rerun does not run the earlier failure again (nothing it depends on changed): it is among
    // the rerun's failures, so not taken for a job removed since.
    const rerun = await runOf(config(data, out));
    expect(rerun.summary.jobs).toMatchObject({ total: 6, done: 0, failed: 1 });
    expect(rerun.summary.jobs?.failures.map((f) => f.key)).toEqual(["110621|2024-10-03"]);
    expect((await aggregate(rerun)).data_quality.shape[0]).toBe(5);
    expect(jobsOf(await sweepRows(rerun))).toHaveLength(5);
  });

  it("a job the run failed that a later run computed (retryFailed): still left out, as the run's tables leave it", async () => {
    const out = tmp("sweeplab-failed-retried-");
    const failed = await run(config(data, out), {}, { progress: false, ...faults({ "110621|2024-10-03": "throw" }) });
    expect(failed.summary.jobs).toMatchObject({ total: 6, done: 5, failed: 1 });
    const own = readFileSync(join(out, "aggregated", "by_date.csv"), "utf8");
    const retried = await run(config(data, out), {}, { progress: false, retryFailed: true });
    expect(retried.summary.jobs).toMatchObject({ total: 6, done: 1, skipped: 5, failed: 0 });
    // Before: the retried job was read as the failed run's (6 jobs, tables other than its own).
    const frames = await aggregate(failed);
    expect(frames.data_quality.shape[0]).toBe(5);
    // Its by_date as the run wrote it: sweeps per date without the failed job's.
    expect(frames.by_date.column("sweeps").values).toEqual(
      own
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => Number(l.split(",")[2])),
    );
    expect(jobsOf(await sweepRows(failed))).not.toContain("110621|2024-10-03");
    expect(jobsOf(await sweepRows(failed))).toHaveLength(5);
    const e = await details(failed, "simulation").catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "missing_table", jobs: [{ securityCode: "110621", date: "2024-10-03" }] });
    expect((e as Error).message).toContain(
      "failed in this run (its tables leave it out); a later run computed it since",
    );
    // The later run's own result reads all six.
    expect(jobsOf(await sweepRows(retried))).toHaveLength(6);
  });
});
