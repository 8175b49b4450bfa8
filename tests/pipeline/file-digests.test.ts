import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { readJobFileDigests } from "../../src/io/outputs/file-digests.js";
import { verifyFiles, type JobOutputRecord } from "../../src/io/outputs/job-record.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * `_file_digests.json`: a rerun proves a current job's detail files intact by one stat each (size,
 * inode, file times as written) instead of reading and hashing them; a file changed since is still
 * caught, and the digests of a subset run's or a shard's jobs are kept.
 */

let data = "";

beforeAll(async () => {
  data = await smallData(11);
}, 60_000);

interface Digests {
  version: number;
  files: Record<string, { bytes: number; sha256: string }>;
}

const digestsOf = (out: string, name = "_file_digests.json"): Digests =>
  JSON.parse(readFileSync(join(out, name), "utf8")) as Digests;

/** Every job folder's recorded files (from job.json), as `by_security/SEC_x/date/name` → sha256. */
function recordedFiles(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const sec of readdirSync(join(out, "by_security")))
    for (const date of readdirSync(join(out, "by_security", sec))) {
      const dir = `by_security/${sec}/${date}`;
      const job = JSON.parse(readFileSync(join(out, dir, "job.json"), "utf8")) as { record: JobOutputRecord };
      for (const f of job.record.files) files.set(`${dir}/${f.name}`, f.sha256);
    }
  return files;
}

const sha256s = (d: Digests): Map<string, string> => new Map(Object.entries(d.files).map(([k, v]) => [k, v.sha256]));

/** The keys of the jobs a run computed (not skipped), sorted. */
const computed = (s: RunSummary): string[] =>
  [...new Set([...s.jobs!.slowest, ...s.jobs!.fastest].map((t) => t.key))].sort();

describe("the job files' digests", () => {
  it("a run records every detail file of every job; a rerun keeps them and recomputes nothing", async () => {
    const out = tmp("sweeplab-fd-");
    await runPipeline(configFor(data, out));
    const first = digestsOf(out);
    expect(sha256s(first)).toEqual(recordedFiles(out));
    expect(Object.keys(first.files)).toHaveLength(6 * 4); // 6 jobs × 3 detail tables + metrics.csv
    const snap = snapshot(out);
    const s = await runPipeline(configFor(data, out));
    expect(s.jobs).toMatchObject({ done: 0, skipped: 6 });
    expect(digestsOf(out)).toEqual(first);
    expect(diffSnapshots(snapshot(out), snap)).toEqual([]);
  }, 120_000);

  it("a file known by its digest is not read; without the digest it is", async () => {
    const out = tmp("sweeplab-fd-unit-");
    await runPipeline(configFor(data, out));
    const [key, d] = Object.entries(digestsOf(out).files).find(([k]) => k.endsWith("/metrics.csv"))!;
    const dir = join(out, key, "..");
    const job = JSON.parse(readFileSync(join(dir, "job.json"), "utf8")) as { record: JobOutputRecord };
    // A record claiming another sha256 for metrics.csv, and a digest claiming the same with the
    // file's true size, inode and times: trusted without reading (a read would find it false).
    const wrong = "f".repeat(64);
    const record = {
      ...job.record,
      files: job.record.files.filter((f) => f.name === "metrics.csv").map((f) => ({ ...f, sha256: wrong })),
    };
    const digests = await readJobFileDigests(out);
    const known = new Map(digests.known);
    known.set(key, { ...d, sha256: wrong } as never);
    const { JobFileDigests } = await import("../../src/io/outputs/file-digests.js");
    expect(await verifyFiles(dir, record, new JobFileDigests(out, known))).toBeUndefined();
    expect(await verifyFiles(dir, record)).toEqual({
      kind: "damaged",
      reason: "metrics.csv does not match its recorded sha256",
    });
  }, 120_000);

  it("a detail file rewritten in place, same size, its modification time put back: recomputed", async () => {
    const out = tmp("sweeplab-fd-inplace-");
    await runPipeline(configFor(data, out));
    const snap = snapshot(out);
    const key = Object.keys(digestsOf(out).files).find((k) => k.endsWith("/simulation.parquet"))!;
    const path = join(out, key);
    const ref = `${path}.times`; // the file's times to the nanosecond, for touch -r
    execFileSync("cp", ["--preserve=timestamps", path, ref]);
    const before = statSync(path, { bigint: true });
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(path, bytes); // same inode, same size
    execFileSync("touch", ["-r", ref, path]);
    rmSync(ref);
    const after = statSync(path, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    const s = await runPipeline(configFor(data, out));
    const [sec, date] = key.split("/").slice(1);
    expect(computed(s)).toEqual([`${sec!.slice(4)}|${date}`]);
    expect(diffSnapshots(snapshot(out), snap)).toEqual([]);
    expect(sha256s(digestsOf(out))).toEqual(recordedFiles(out));
  }, 120_000);

  it("a subset run keeps the other jobs' digests; shards write their own, merged by the next whole run", async () => {
    const out = tmp("sweeplab-fd-shards-");
    await runPipeline(configFor(data, out), { partitionOnly: true });
    await runPipeline(configFor(data, out), { shard: { index: 0, count: 2 } });
    await runPipeline(configFor(data, out), { shard: { index: 1, count: 2 } });
    expect(existsSync(join(out, "_file_digests.json"))).toBe(false);
    const a = digestsOf(out, "_file_digests.shard-0-of-2.json");
    const b = digestsOf(out, "_file_digests.shard-1-of-2.json");
    expect(Object.keys(a.files)).toHaveLength(12);
    expect(new Map([...sha256s(a), ...sha256s(b)])).toEqual(recordedFiles(out));
    const sec = readdirSync(join(out, "by_security"))[0]!.slice(4);
    const subset = await runPipeline(configFor(data, out, { securities: [sec] }));
    expect(subset.jobs).toMatchObject({ done: 0, skipped: 3 });
    expect(readdirSync(out).filter((n) => n.startsWith("_file_digests"))).toEqual(["_file_digests.json"]);
    expect(sha256s(digestsOf(out))).toEqual(recordedFiles(out));
  }, 120_000);
});
