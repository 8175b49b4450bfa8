import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  cpSync,
  existsSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDERS_HEAD, stubOrder, tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";
import { mountReadOnly, mountTmpfs, tempFiles, type TestMount } from "../pipeline/mounts.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

function cli(...args: string[]): { code: number | null; signal: string | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp() });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** A JSON run config over `data` writing to `out`, in a file of its own. */
function configFile(data: string, out: string, over: Record<string, unknown> = {}): string {
  const file = join(tmp("sweeplab-exits-cfg-"), "run.json");
  const config = {
    inputs: [data],
    reference: { instruments: join(data, "ob.csv") },
    outputDir: out,
    workers: 2,
    retries: 0,
  };
  writeFileSync(file, JSON.stringify({ ...config, ...over }));
  return file;
}

const STACK = /^\s+at /m;

let data = "";
beforeAll(async () => {
  data = await smallData(17);
}, 60_000);

describe("one-line stops on a full or read-only disk (built dist/; needs root: real mounts)", () => {
  let full: TestMount | undefined;
  let ro: TestMount | undefined;
  beforeAll(() => {
    full = mountTmpfs("256k");
    ro = mountReadOnly();
  });
  afterAll(() => {
    full?.unmount();
    ro?.unmount();
  });

  it("`partition` exits 1 when a partition task failed (here: the disk filled up), with one STOPPED line", () => {
    const out = join(full!.dir, "out");
    const r = cli("partition", "--config", configFile(data, out));
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/^ {2}FAILED .*: \[output_unwritable\] ENOSPC: no space left on device/m);
    // The first unwritable task stops the phase: the others are cancelled (before they start, or while
    // running when the pool had already started them: which depends on timing), never reported as done.
    const failed = r.out.split("\n").filter((l) => l.startsWith("  FAILED "));
    for (const line of failed) {
      expect(line).toMatch(
        /: (\[output_unwritable\] ENOSPC|\[aborted\] cancelled (before it started|while running): ENOSPC): no space left on device/,
      );
    }
    const stop = r.out.split("\n").filter((l) => l.startsWith("STOPPED"));
    expect(stop).toEqual([
      `STOPPED: the output folder cannot be written (ENOSPC: no space left on device, write) in the partition phase: free space on the disk of ${out} (or choose another output folder: --output / outputDir), then rerun; finished work is kept, no half-written file is left`,
    ]);
    expect(r.err).not.toMatch(STACK);
    expect(tempFiles(out)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual([".sweeplab-output.json", "run_summary.json"]); // no store, no lock, no temp
  });

  it("`run` on a full disk stops after the partition phase: exit 1, no job started", () => {
    const out = join(full!.dir, "out-run");
    const r = cli("run", "--config", configFile(data, out));
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/^STOPPED: the output folder cannot be written \(ENOSPC.* in the partition phase: /m);
    expect(r.out).not.toMatch(/^jobs: /m);
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(join(out, "by_security"))).toBe(false);
    expect(tempFiles(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });

  it("`run` into a read-only folder: one STOPPED line naming the folder, exit 1, no stack trace", () => {
    const out = join(ro!.dir, "inside", "out");
    const r = cli("run", "--config", configFile(data, out));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `sweeplab run: STOPPED: the output folder cannot be written (EROFS: read-only file system, mkdir '${out}') in the setup phase: make ${out} writable (or choose another output folder: --output / outputDir), then rerun; finished work is kept, no half-written file is left\n`,
    );
  });
});

describe("exit codes, typed errors and limits (built dist/)", () => {
  it("a damaged job record makes aggregate refuse in one line naming the job and file, exit 1", () => {
    const out = tmp("sweeplab-exits-agg-");
    const cfg = configFile(data, out);
    expect(cli("run", "--config", cfg).code).toBe(0);
    const sec = readdirSync(join(out, "by_security"))[0]!;
    const date = readdirSync(join(out, "by_security", sec))[0]!;
    // Aggregation merges the sums in each job's record (job.json) and reads no detail file
    // (tests/pipeline/aggregate-sums.test.ts): damage the record itself.
    appendFileSync(join(out, "by_security", sec, date, "job.json"), "oops\n");
    const r = cli("aggregate", "--config", cfg);
    expect(r.code).toBe(1);
    // The job is not current, and the tables are not rebuilt without it (tests/pipeline/aggregate-guard.test.ts
    // covers --allow-partial).
    expect(r.err).toMatch(
      new RegExp(
        `^sweeplab aggregate: \\[aggregate_incomplete\\] .*: 1 of 6 jobs of this config have no current outputs: ${sec.slice(4)}\\|${date} \\(job\\.json is not valid JSON\\).*\\n$`,
      ),
    );
    expect(r.err).not.toMatch(STACK);
  }, 60_000);

  it("strict: true fails the run (exit 1, one FAILED line) on a rejected row, and keeps its outputs", () => {
    const bad = tmp("sweeplab-exits-strict-");
    cpSync(data, bad, { recursive: true });
    const orders = readdirSync(join(bad, "orders"))[0]!;
    appendFileSync(join(bad, "orders", orders), "not,a,valid,row\n");
    const out = tmp("sweeplab-exits-strict-out-");
    const r = cli("run", "--config", configFile(bad, out, { strict: true }));
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain(
      "FAILED (strict: true): 1 rejected row(s) in the inputs (listed in rejects/*.csv); the outputs are kept\n",
    );
    expect(existsSync(join(out, "aggregated", "global_summary.csv"))).toBe(true);
    expect(cli("run", "--config", configFile(bad, tmp("sweeplab-exits-lenient-"))).code).toBe(0);
  }, 60_000);

  it("warns once on stderr when workers exceed the cores", () => {
    const out = tmp("sweeplab-exits-workers-");
    const r = cli("run", "--config", configFile(data, out), "--workers", "64");
    expect(r.code, r.err).toBe(0);
    const warnings = r.err.split("\n").filter((l) => l.includes("workers = 64"));
    expect(warnings).toEqual([
      `sweeplab: warning: workers = 64 is more than the ${availableParallelism()} core(s) of this machine: the extra threads add no speed but each holds a job's data in memory; use workers ≤ ${availableParallelism()} (threads are capped at the tasks of each phase)`,
    ]);
    expect(r.out).toContain("warning: workers = 64");
  }, 60_000);

  it("a chunk size of 3 GiB on a 2.2 GB plain file is clamped with a warning instead of aborting the process", () => {
    const dir = tmp("sweeplab-exits-big-");
    const file = join(dir, "orders-big.csv");
    const fd = openSync(file, "w");
    writeSync(fd, `${ORDERS_HEAD}\n${stubOrder()}\n`);
    closeSync(fd);
    // A sparse tail: 2.2 GB of NUL bytes costs no disk (one over-long line, rejected).
    spawnSync("truncate", ["-s", "2200M", file]);
    try {
      const r = cli("scan", file, "--chunk-size", "3GB", "--rejects", join(dir, "rejects.csv"));
      expect(r.signal).toBeNull(); // before: SIGABRT from node's fs binding (length not an int32)
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(
        "sweeplab: warning: chunkSize = 3221225472 bytes (3 GiB) is over what the reader supports; using 2147483647 bytes (2 GiB − 1, the largest single read)",
      );
      expect(r.out).toMatch(/2 rows read = 1 accepted \+ 1 rejected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
