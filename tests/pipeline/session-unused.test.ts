import { rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionUnusedWarning } from "../../src/pipeline/reasons.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { sessionKey } from "../../src/model/session-window.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

// A stranger runs with `--session 10:00..13:00` over data whose session.csv (found among the inputs)
// gives every job its own window: the flag changed nothing, every job was computed again, and the
// tables came out the same, without a word. The run must say that the window it was given applies
// to no job, and why.

const JOBS = [
  { securityCode: "110621", date: "2024-10-02" },
  { securityCode: "110621", date: "2024-10-03" },
];
const window = { startNs: 1, endNs: 2 };

describe("sessionUnusedWarning", () => {
  it("names the window, the sessions file and what to do, when the file gives every job its window", () => {
    const sessions = new Map(JOBS.map((k) => [sessionKey(k.securityCode, k.date), window]));
    expect(sessionUnusedWarning({ start: "10:00", end: "13:00" }, sessions, JOBS, "/d/session.csv")).toBe(
      "analysis.session 10:00..13:00 (--session) applies to none of the 2 jobs: the sessions file /d/session.csv " +
        "gives each its own continuous-session window (job.json session); to use 10:00..13:00, leave the sessions " +
        "file out (reference.sessions, or session.csv among the inputs)",
    );
  });

  it("says nothing for the default window, when some job uses the config's window, or without jobs", () => {
    const all = new Map(JOBS.map((k) => [sessionKey(k.securityCode, k.date), window]));
    const one = new Map([[sessionKey("110621", "2024-10-02"), window]]);
    expect(sessionUnusedWarning({ start: "10:00", end: "16:00" }, all, JOBS, "s.csv")).toBeUndefined();
    expect(sessionUnusedWarning({ start: "10:00", end: "13:00" }, one, JOBS, "s.csv")).toBeUndefined();
    expect(sessionUnusedWarning({ start: "10:00", end: "13:00" }, all, [], "s.csv")).toBeUndefined();
  });
});

describe("a run given a session window its sessions file overrides", () => {
  let data = "";
  beforeAll(async () => {
    data = await smallData(7);
  }, 120_000);

  it("warns once, in the summary too; without the sessions file the window applies and nothing is said", async () => {
    const heard: string[] = [];
    const out = tmp("sweeplab-session-unused-");
    const s = await runPipeline(configFor(data, out, { analysis: { session: { start: "10:00", end: "13:00" } } }), {
      onWarning: (w) => heard.push(w),
    });
    const said = heard.filter((w) => w.startsWith("analysis.session 10:00..13:00"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`applies to none of the 6 jobs: the sessions file ${join(data, "session.csv")}`);
    expect(s.warnings).toContain(said[0]);

    rmSync(join(data, "session.csv"));
    const heard2: string[] = [];
    await runPipeline(
      configFor(data, tmp("sweeplab-session-used-"), { analysis: { session: { start: "10:00", end: "13:00" } } }),
      {
        onWarning: (w) => heard2.push(w),
      },
    );
    expect(heard2.filter((w) => w.startsWith("analysis.session"))).toEqual([]);
  });
});
