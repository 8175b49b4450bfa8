import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { piecesOnDisk } from "../../src/io/store/index.js";
import { tmp } from "../helpers.js";
import { MIN_RANGE, rejectLines, shardData, storeContent } from "../pipeline/shard-data.js";

// Issue 16.1 through the built binary (run `npm run build` first): slices running at the same time
// as processes on one output folder, a slice killed with SIGKILL and rerun, the seal's and the
// run's refusals and exit codes.

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs the CLI as a process (the slice plan's byte ranges made small by the test hook); with
 * `killOn`, SIGKILLs it as soon as its stderr shows that text.
 */
function cli(args: string[], env: Record<string, string> = {}, killOn?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, SWEEPLAB_TEST_MIN_RANGE_BYTES: String(MIN_RANGE), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (killOn !== undefined && err.includes(killOn)) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe("partition --shard i/N and --seal as processes", () => {
  let data = "";
  let config = "";
  let whole: Record<string, unknown> = {};
  let wholeRejects: string[] = [];

  beforeAll(async () => {
    ({ data } = await shardData(11));
    config = join(tmp("sweeplab-pshard-cfg-"), "run.json");
    const c = { inputs: [data], reference: { instruments: join(data, "ob.csv") }, workers: 1, retries: 0 };
    writeFileSync(config, JSON.stringify(c));
    const out = tmp("sweeplab-pshard-whole-");
    const r = await cli(["partition", "--config", config, "--output", out, "--workers", "2"]);
    expect(r.code, r.err).toBe(0);
    whole = await storeContent(out);
    wholeRejects = rejectLines(out);
  }, 120_000);

  it("3 slices at the same time on one output folder, then the seal: the whole partition's store", async () => {
    const out = tmp("sweeplab-pshard-3-");
    const slices = await Promise.all(
      [0, 1, 2].map((i) => cli(["partition", "--config", config, "--output", out, "--shard", `${i}/3`])),
    );
    for (const [i, s] of slices.entries()) {
      expect(s.code, `slice ${i}: ${s.err}`).toBe(0);
      expect(s.out).toContain(`partition slice ${i}/3: `);
      // The seal command it prints names the same config and output, ready to copy.
      expect(s.out).toContain(
        `once every slice is: sweeplab partition --seal --shards 3 --config ${config} --output ${out} (`,
      );
    }
    // Not sealed yet: a run refuses (one line, exit 1) and does not partition.
    const run = await cli(["run", "--config", config, "--output", out]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^sweeplab run: .*not sealed.*partition --seal --shards N/);
    expect(run.err.trimEnd().split("\n").length).toBe(1);
    const seal = await cli(["partition", "--config", config, "--output", out, "--seal", "--shards", "3"]);
    expect(seal.code, seal.err).toBe(0);
    expect(seal.out).toContain("sealed ");
    expect(await storeContent(out)).toEqual(whole);
    expect(rejectLines(out)).toEqual(wholeRejects);
    // Idempotent; and a rerun of a slice now skips.
    expect((await cli(["partition", "--config", config, "--output", out, "--seal", "--shards", "3"])).out).toContain(
      "already sealed",
    );
    const again = await cli(["partition", "--config", config, "--output", out, "--shard", "1/3"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("skipped");
    // Job shards use the sealed store as it is.
    const shard = await cli(["run", "--config", config, "--output", out, "--shard", "0/2"]);
    expect(shard.code, shard.err).toBe(0);
    expect(shard.out).toContain("partition: skipped (inputs unchanged)");
  }, 180_000);

  it("a slice killed with SIGKILL mid-way and rerun leaves no duplicate or partial piece", async () => {
    const out = tmp("sweeplab-pshard-kill-");
    const args = ["partition", "--config", config, "--output", out];
    expect((await cli([...args, "--shard", "1/2"])).code).toBe(0);
    // Slice 1 ran with 1 worker (tags -00 only); slice 0 with 2 workers (also -01), killed after
    // writing its pieces and before its record.
    const killed = await cli(
      [...args, "--shard", "0/2", "--workers", "2"],
      { SWEEPLAB_TEST_SLICE_STALL: "before-record" },
      "stalled",
    );
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(join(out, "store", "_slices", "slice-0-of-2.json"))).toBe(false);
    const left = await piecesOnDisk(join(out, "store"));
    expect(left.filter((p) => p.tag.endsWith("-01")).length).toBeGreaterThan(0);
    // The seal refuses: slice 0 is not complete (its lock is stale: the process is gone).
    const refused = await cli([...args, "--seal", "--shards", "2"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("0/2 missing");
    expect(refused.err).toContain(`sweeplab partition --shard 0/2 --config ${config} --output ${out}`);
    // Rerun with 1 worker (fewer byte ranges, other piece names): what the killed one wrote is gone.
    const rerun = await cli([...args, "--shard", "0/2"]);
    expect(rerun.code, rerun.err).toBe(0);
    const seal = await cli([...args, "--seal", "--shards", "2"]);
    expect(seal.code, seal.err).toBe(0);
    const pieces = await piecesOnDisk(join(out, "store"));
    expect(pieces.filter((p) => p.tag.endsWith("-01"))).toEqual([]);
    expect(await storeContent(out)).toEqual(whole);
    expect(rejectLines(out)).toEqual(wholeRejects);
  }, 180_000);

  it("with --inputs and no config, the commands a slice and a refused seal print repeat --inputs and --output", async () => {
    const out = tmp("sweeplab-pshard-inputs-");
    const same = `--inputs ${data} --output ${out}`;
    const slice = await cli(["partition", "--inputs", data, "--output", out, "--shard", "0/2"]);
    expect(slice.code, slice.err).toBe(0);
    expect(slice.out).toContain(`once every slice is: sweeplab partition --seal --shards 2 ${same} (`);
    const seal = await cli(["partition", "--inputs", data, "--output", out, "--seal", "--shards", "2"]);
    expect(seal.code).toBe(1);
    expect(seal.err).toContain(`run \`sweeplab partition --shard 1/2 ${same}\``);
    expect(seal.err).toContain(`then \`sweeplab partition --seal --shards 2 ${same}\` again`);
  }, 60_000);

  it("bad flags: --seal without --shards, --shards without --seal, a shard out of range", async () => {
    const out = tmp("sweeplab-pshard-flags-");
    const base = ["partition", "--config", config, "--output", out];
    expect((await cli([...base, "--seal"])).err).toContain("--seal needs --shards N");
    expect((await cli([...base, "--shards", "2"])).code).toBe(2);
    expect((await cli([...base, "--seal", "--shards", "2", "--shard", "0/2"])).code).toBe(2);
    const bad = await cli([...base, "--shard", "2/2"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("shards are 0-based");
    expect((await cli(["partition", "--help"])).out).toContain("--seal");
  }, 60_000);
});
