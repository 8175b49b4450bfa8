import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as FsPromises from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { settleJobFolders, shareOf } from "../../src/pipeline/jobs/job-folders-settle.js";
import { tmp } from "../helpers.js";

// settleJobFolders: what a run leaves in by_security/ (REFERENCE "Job outputs", "Whose jobs
// by_security/ holds"); the CLI sequences are tests/cli/job-set.test.ts.

// A hook run before each rename of the settling (a test interleaves a second shard there).
const hooks = vi.hoisted(() => ({ beforeRename: undefined as ((to: string) => Promise<void>) | undefined }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    rename: async (from: string, to: string): Promise<void> => {
      await hooks.beforeRename?.(to);
      return fs.rename(from, to);
    },
  };
});

const key = (securityCode: string, date: string): { securityCode: string; date: string } => ({ securityCode, date });

function job(root: string, sec: string, date: string, complete = true): void {
  const dir = join(root, `SEC_${sec}`, date);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "simulation.parquet"), `${sec} ${date}`);
  if (complete) writeFileSync(join(dir, "job.json"), "{}");
}

function tree(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.split("/").length === 3)
    .sort();
}

describe("settleJobFolders", () => {
  it("two job shards at once settle every folder once: the matrix's stay, others set aside or removed, junk untouched", async () => {
    const out = tmp("sweeplab-settle-");
    const jobs = join(out, "by_security");
    const dates = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04"];
    for (const sec of ["1", "2", "3"]) for (const d of dates) job(jobs, sec, d);
    job(jobs, "3", "2024-10-05", false); // incomplete: removed
    job(jobs, "4", "2024-10-01"); // its data gone from the store: removed
    job(join(out, "set_aside"), "1", "2024-10-02"); // set aside before, of the matrix: comes back
    job(join(out, "set_aside"), "9", "2024-10-02"); // set aside before, data gone: removed
    mkdirSync(join(jobs, "SEC_1", "notes"));
    writeFileSync(join(jobs, "SEC_1", "notes", "x.txt"), "mine");
    const inStore = new Set([..."123"].flatMap((s) => dates.map((d) => `${s}|${d}`)).concat("3|2024-10-05"));
    const matrix = [key("1", "2024-10-01"), key("1", "2024-10-02"), key("2", "2024-10-01")];
    // Shard i runs the matrix's jobs j with j mod 2 = i, as shardJobs cuts it.
    const outcomes = await Promise.all(
      [0, 1].map((index) =>
        settleJobFolders(out, {
          matrix,
          mine: matrix.filter((_, j) => j % 2 === index),
          inStore,
          shard: { index, count: 2 },
        }),
      ),
    );
    expect(tree(jobs)).toEqual([
      "SEC_1/2024-10-01/job.json",
      "SEC_1/2024-10-01/simulation.parquet",
      "SEC_1/2024-10-02/job.json",
      "SEC_1/2024-10-02/simulation.parquet",
      "SEC_1/notes/x.txt",
      "SEC_2/2024-10-01/job.json",
      "SEC_2/2024-10-01/simulation.parquet",
    ]);
    // 12 complete of the store: 3 the matrix's, 9 set aside; 1|2024-10-02 was complete in by_security/ (newer): its old copy removed.
    expect(tree(join(out, "set_aside")).filter((f) => f.endsWith("job.json"))).toHaveLength(9);
    // Shards remove no parent folder (another shard may have just made it): SEC_4 and set_aside/SEC_9 stay, empty.
    expect(readdirSync(join(jobs, "SEC_4"))).toEqual([]);
    expect(readdirSync(join(out, "set_aside", "SEC_9"))).toEqual([]);
    const sum = (f: "setAside" | "restored" | "removed"): number => outcomes.reduce((a, o) => a + o[f], 0);
    expect([sum("setAside"), sum("restored"), sum("removed")]).toEqual([9, 0, 4]);
    // Each folder outside the matrix was settled by the shard the hash of its key names.
    const aside = [..."123"]
      .flatMap((sec) => dates.map((d) => `${sec}|${d}`))
      .filter((k) => !["1|2024-10-01", "1|2024-10-02", "2|2024-10-01"].includes(k));
    expect(outcomes.map((o) => o.setAside)).toEqual([0, 1].map((i) => aside.filter((k) => shareOf(k, 2) === i).length));
  });

  it("a job shard removes no shared parent; the next whole run removes the empty ones", async () => {
    const out = tmp("sweeplab-settle-parents-");
    const jobs = join(out, "by_security");
    // Shard 0 of 2 settles the folders outside the matrix whose key hashes to 0.
    const dates = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05"];
    const a = dates.find((d) => shareOf(`5|${d}`, 2) === 0) ?? "";
    const b = dates.find((d) => shareOf(`6|${d}`, 2) === 0) ?? "";
    job(jobs, "5", a); // complete, in the store: set aside
    job(join(out, "set_aside"), "6", b); // set aside before, data gone: removed
    const inStore = new Set([`5|${a}`]);
    const matrix = [key("1", "2024-10-01")];
    const o = await settleJobFolders(out, { matrix, mine: [], inStore, shard: { index: 0, count: 2 } });
    expect(o).toEqual({ setAside: 1, restored: 0, removed: 1 });
    expect(tree(join(out, "set_aside"))).toEqual([`SEC_5/${a}/job.json`, `SEC_5/${a}/simulation.parquet`]);
    // by_security/SEC_5/ and set_aside/SEC_6/ are left, empty (before: removed under a shard beside it
    // that had just made one to move a job into, or whose job worker was writing there: ENOENT).
    expect(readdirSync(join(jobs, "SEC_5"))).toEqual([]);
    expect(readdirSync(join(out, "set_aside", "SEC_6"))).toEqual([]);
    // The whole run after the shards: every empty SEC_* folder removed, set_aside/ too once empty.
    const whole = await settleJobFolders(out, { matrix: [key("5", a)], mine: [key("5", a)], inStore });
    expect(whole).toEqual({ setAside: 0, restored: 1, removed: 0 });
    expect(readdirSync(jobs)).toEqual(["SEC_5"]);
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  });

  it("a shard removing a job beside the folder another shard just made for a move: that move succeeds (no ENOENT)", async () => {
    const out = tmp("sweeplab-settle-race-");
    const dates = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06"];
    const a = dates.find((d) => shareOf(`5|${d}`, 2) === 0) ?? ""; // shard 0 sets it aside
    const b = dates.find((d) => shareOf(`5|${d}`, 2) === 1) ?? ""; // shard 1 removes it (data gone)
    job(join(out, "by_security"), "5", a);
    job(join(out, "set_aside"), "5", b);
    const run = (index: number): ReturnType<typeof settleJobFolders> =>
      settleJobFolders(out, { matrix: [], mine: [], inStore: new Set([`5|${a}`]), shard: { index, count: 2 } });
    // Shard 1 runs whole between shard 0's mkdir of set_aside/SEC_5/ and its rename into it.
    let other: Awaited<ReturnType<typeof settleJobFolders>> | undefined;
    hooks.beforeRename = async () => {
      hooks.beforeRename = undefined;
      other = await run(1);
    };
    try {
      // Before (a shard's removeUp removed set_aside/SEC_5/, empty for a moment): ENOENT, unless retried.
      expect(await run(0)).toEqual({ setAside: 1, restored: 0, removed: 0 });
    } finally {
      hooks.beforeRename = undefined;
    }
    expect(other).toEqual({ setAside: 0, restored: 0, removed: 1 });
    expect(tree(join(out, "set_aside"))).toEqual([`SEC_5/${a}/job.json`, `SEC_5/${a}/simulation.parquet`]);
    expect(readdirSync(join(out, "by_security", "SEC_5"))).toEqual([]);
  });

  it("a whole run takes its set-aside jobs back", async () => {
    const out = tmp("sweeplab-settle-back-");
    job(join(out, "set_aside"), "1", "2024-10-02");
    job(join(out, "by_security"), "1", "2024-10-02", false); // a cleared folder: replaced by the set-aside job
    const matrix = [key("1", "2024-10-02")];
    const o = await settleJobFolders(out, { matrix, mine: matrix, inStore: new Set(["1|2024-10-02"]) });
    expect(o).toEqual({ setAside: 0, restored: 1, removed: 0 });
    expect(existsSync(join(out, "by_security", "SEC_1", "2024-10-02", "job.json"))).toBe(true);
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  });
});
