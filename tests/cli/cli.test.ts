import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMAT_EXAMPLES, FORMATS, tmp, writeFixture, ORDERS_HEAD, stubOrder } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("sweeplab CLI (built dist/)", () => {
  it("is built", () =>
    expect(existsSync(join(ROOT, "dist", "cli", "main.js")), "run `npm run build` first (npm test does)").toBe(true));

  it("aggregate without --config or --inputs: a refusal says the sample config decided, and to give the run's own", () => {
    const out = join(tmp(), "out");
    const run = cli("run", "--inputs", join(ROOT, "sample_data"), "--output", out, "--securities", "110621");
    expect(run.code, run.err).toBe(0);
    const agg = cli("aggregate", "--output", out);
    expect(agg.code).toBe(1);
    expect(agg.err).toMatch(/^sweeplab aggregate: \[aggregate_incomplete\] /);
    expect(agg.err).toContain(
      `(the config was the default, ${join(ROOT, "sample_data", "sweeplab.yaml")}: no --config or --inputs was given; give the run's own)\n`,
    );
    // Given the run's own inputs it aggregates, with no such note.
    const own = cli("aggregate", "--inputs", join(ROOT, "sample_data"), "--output", out, "--securities", "110621");
    expect(own.code, own.err).toBe(0);
  }, 60_000);

  it("prints help and exits 0; unknown commands exit 2", () => {
    expect(cli("--help")).toMatchObject({ code: 0, out: expect.stringContaining("scan") });
    expect(cli("scan", "--help")).toMatchObject({ code: 0, out: expect.stringContaining("--chunk-size") });
    expect(cli("gen", "--help")).toMatchObject({ code: 0, out: expect.stringContaining("--seed") });
    expect(cli("frobnicate")).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
    expect(cli("scan")).toMatchObject({ code: 2, err: expect.stringContaining("at least one file") });
    expect(cli("scan", FORMAT_EXAMPLES, "--chunk-size", "lots")).toMatchObject({
      code: 2,
      err: expect.stringContaining("not a byte size"),
    });
  });

  it("node dist/cli/main.js runs the CLI too (it was imported, did nothing and exited 0)", () => {
    const main = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), ...args], { encoding: "utf8", cwd: tmp() });
    expect(main("--help")).toMatchObject({ status: 0, stdout: expect.stringContaining("scan") });
    expect(main("frobnicate")).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"'),
    });
  });

  it("scans files and reports rows/s", () => {
    const r = cli("scan", FORMAT_EXAMPLES, "--chunk-size", "7");
    expect(r.code).toBe(0);
    expect(r.out).toContain("9 rows read = 9 accepted + 0 rejected");
    expect(r.out).toMatch(/rows\/s/);
  });

  it("writes rejects and says where", () => {
    const dir = tmp();
    writeFixture(dir, "orders-bad.csv", `${ORDERS_HEAD}\n${stubOrder()}\n${stubOrder({ side: "X" })}\n`);
    const rejects = join(dir, "rej.csv");
    const r = cli("scan", dir, "--rejects", rejects);
    expect(r.code).toBe(0);
    expect(r.out).toContain("2 rows read = 1 accepted + 1 rejected");
    expect(r.out).toContain(`rejected rows written to ${rejects}`);
  });

  it("scan --rejects naming a folder stops at once with one line naming it (no stack trace), at any worker count", () => {
    const dir = tmp();
    const folder = join(dir, "rejects-here");
    mkdirSync(folder);
    for (const workers of ["1", "2"]) {
      const r = cli("scan", FORMAT_EXAMPLES, "--rejects", folder, "--workers", workers);
      expect(r, `--workers ${workers}`).toMatchObject({ code: 1, out: "" });
      expect(r.err).toBe(`sweeplab scan: EISDIR: illegal operation on a directory, open '${folder}'\n`);
    }
  });

  it("scan --rejects through a file (a file where its folder should be) says so in one line", () => {
    const dir = tmp();
    const file = join(dir, "afile");
    writeFileSync(file, "");
    const r = cli("scan", FORMAT_EXAMPLES, "--rejects", join(file, "rej.csv"));
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toBe(
      `sweeplab scan: ${join(file, "rej.csv")} cannot be written: a file is in the way of its folder (EEXIST: file already exists, mkdir '${file}'); choose another path\n`,
    );
  });

  it("scan reads a folder's tables by header and lists ignored files and copies", () => {
    const dir = tmp();
    const trades = readFileSync(join(FORMATS, "trades-example.csv"));
    writeFixture(dir, "drr_trades.csv", trades);
    writeFixture(dir, "drr_trades-resent.csv", trades);
    writeFixture(dir, "my-orders.csv.gz", readFileSync(join(FORMATS, "orders-example.csv")));
    writeFixture(dir, "notes.csv", "a,b,c\n1,2,3\n");
    const r = cli("scan", dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("7 rows read = 7 accepted + 0 rejected");
    expect(r.out).toContain(`ignored ${join(dir, "notes.csv")}: header matches no known table: first columns a, b, c`);
    expect(r.out).toContain(
      `WARNING ${join(dir, "drr_trades-resent.csv")} is a copy of ${join(dir, "drr_trades.csv")} (the same bytes)`,
    );
  });

  it("counts a code outside the tables, or rejects it with --unknown-codes reject (issue 13.1)", () => {
    const dir = tmp();
    writeFixture(dir, "orders-codes.csv", `${ORDERS_HEAD}\n${stubOrder()}\n${stubOrder({ changereason: 99 })}\n`);
    const kept = cli("scan", dir, "--rejects", join(dir, "rej.csv"));
    expect(kept.code).toBe(0);
    expect(kept.out).toContain("2 rows read = 2 accepted + 0 rejected");
    expect(kept.out).toContain("unknown code values (rows kept): changereason 99×1");
    const rejected = cli("scan", dir, "--rejects", join(dir, "rej.csv"), "--unknown-codes", "reject", "--workers", "2");
    expect(rejected.out).toContain("2 rows read = 1 accepted + 1 rejected");
    expect(cli("scan", dir, "--unknown-codes", "drop")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--unknown-codes must be keep or reject"),
    });
  });

  it("stops with exit code 1 and a clear message on an unusable file", () => {
    const dir = tmp();
    writeFixture(dir, "orders-empty.csv", "");
    const r = cli("scan", dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("[empty_file]");
    expect(r.err).toContain("orders-empty.csv");
  });

  it("exits 1 before any work when a configured reference file is missing (run and aggregate)", () => {
    const dir = tmp();
    const out = join(dir, "out");
    const cfg = writeFixture(
      dir,
      "run.json",
      JSON.stringify({
        inputs: [join(FORMATS, "orders-example.csv")],
        reference: { instruments: join(FORMATS, "ob.csv"), participants: "par-missing.csv", sessions: "nope.csv" },
        outputDir: out,
      }),
    );
    const r = cli("run", "--config", cfg, "--workers", "1");
    expect(r.code).toBe(1);
    expect(r.err).toContain("2 input problem(s)");
    expect(r.err).toContain(`[unreadable] ${join(dir, "par-missing.csv")}: cannot be read (ENOENT)`);
    expect(r.err).toContain(`[unreadable] ${join(dir, "nope.csv")}`);
    expect(existsSync(join(out, "store"))).toBe(false);
    const agg = cli("aggregate", "--config", cfg);
    expect(agg.code).toBe(1);
    expect(agg.err).toContain("par-missing.csv");
  });

  it("runs the pipeline on a generated set, then skips it all on a rerun, and explains bad config", () => {
    const data = tmp();
    expect(cli("gen", "--orders", "3000", "--securities", "2", "--dates", "2", "--seed", "5", "--out", data).code).toBe(
      0,
    );
    const out = join(tmp(), "out");
    const cfg = join(data, "run.json");
    writeFixture(
      data,
      "run.json",
      JSON.stringify({
        inputs: ["orders", "trades", "nbbo.csv"],
        reference: { instruments: "ob.csv" },
        outputDir: out,
      }),
    );
    const first = cli("run", "--config", cfg, "--workers", "2");
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/jobs: 4 done, 0 skipped \(already current\), 0 failed of 4/);
    expect(first.out).toContain("Sweeps, real vs simulated");
    expect(existsSync(join(out, "aggregated", "global_summary.csv"))).toBe(true);
    const again = cli("run", "--config", cfg);
    expect(again.out).toContain("partition: skipped (inputs unchanged)");
    expect(again.out).toMatch(/jobs: 0 done, 4 skipped/);
    // A budget too small for any job: each runs alone, with the warning; the outputs are the same.
    const small = cli("run", "--config", cfg, "--memory-budget", "1KB", "--output", join(tmp(), "out"));
    expect(small.code, small.err).toBe(0);
    expect(small.err).toMatch(/warning: job \d+\|\d{4}-\d\d-\d\d: estimated peak memory .* is over memoryBudget/);
    expect(cli("run", "--config", cfg, "--memory-budget", "lots").err).toContain("memoryBudget");
    const bad = cli("run", "--config", cfg, "--workers", "two");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("workers");
    expect(cli("run", "--help").out).toContain("--retry-failed");
    const plan = cli("plan", "--emit", "k8s", "--shards", "3", "--config", "/data/run.yaml");
    expect(plan.code).toBe(0);
    expect(plan.out).toContain("kind: Job\nmetadata:\n  name: sweeplab-plan\n"); // the controller Job
    expect(plan.out).toContain('"completionMode": "Indexed"'); // in the phase Jobs it creates (ConfigMap JSON)
    expect(cli("plan", "--emit", "pbs").code).toBe(2);
    const k8s = cli("plan", "--emit", "k8s", "--shards", "3", "--claim", "ticks-rwx", "--parallelism", "2");
    expect(k8s.out).toContain('"claimName": "ticks-rwx"');
    expect(k8s.out).toContain('"parallelism": 2');
    expect(cli("plan", "--emit", "slurm", "--claim", "x").code).toBe(2);
  });

  it("gen --help says that files of its names already in --out are replaced (it overwrote a user's ob.csv without a word)", () => {
    expect(cli("gen", "--help").out).toContain(
      "Files of those names already in <dir> (e.g. your own ob.csv) are replaced: give a new folder.",
    );
  });

  it("generates a deterministic data set", () => {
    const a = tmp();
    const r = cli("gen", "--orders", "2000", "--securities", "2", "--dates", "2", "--seed", "5", "--out", a);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote [\d,]+ order rows/);
    expect(cli("scan", a).out).toContain("+ 0 rejected");
  });

  it("run --shard before any partition: exit 1, saying to partition with the shards' own --inputs (not --config)", () => {
    const out = join(tmp(), "out");
    const r = cli("run", "--inputs", FORMAT_EXAMPLES, "--output", out, "--shard", "0/2");
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toBe(
      `sweeplab run: ${join(out, "store")}: no current partition store for these inputs; run \`sweeplab partition\` once, ` +
        "with the shards' --config (or --inputs) and --output, before the shards\n",
    );
  });

  it("gen refuses an option out of range as one line (bad_option), no stack trace, exit 1", () => {
    const cases: [string[], string][] = [
      [["--orders", "0"], "orders: Too small: expected number to be >=1, got 0"],
      [["--securities", "0"], "securities: Too small: expected number to be >=1, got 0"],
      [["--dates", "0"], "dates: Too small: expected number to be >=1, got 0"],
      [["--start-date", "2024-13-05"], 'startDate: not a calendar date, got "2024-13-05"'],
    ];
    for (const [flags, what] of cases) {
      const out = tmp();
      const r = cli("gen", "--out", out, ...flags);
      expect(r, flags.join(" ")).toMatchObject({ code: 1, out: "" });
      expect(r.err).toBe(`sweeplab gen: invalid generator options: ${what}\n`);
    }
  });

  it("run --inputs <folder> without a config: the defaults, reference files found among the inputs, the tables a config naming the folder gives", () => {
    const data = tmp();
    expect(cli("gen", "--orders", "2000", "--securities", "2", "--dates", "1", "--seed", "8", "--out", data).code).toBe(
      0,
    );
    expect(existsSync(join(data, "ob.csv"))).toBe(true);
    const byFlag = join(tmp(), "out");
    const r = cli("run", "--inputs", data, "--output", byFlag, "--workers", "1");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`reference ${join(data, "ob.csv")}: instruments — taken as reference.instruments`);
    expect(r.out).not.toContain("sample_data"); // the sample config's files are not used
    const dir = tmp();
    const byConfig = join(dir, "out");
    writeFixture(dir, "my.json", JSON.stringify({ inputs: [data], outputDir: byConfig, workers: 1 }));
    expect(cli("run", "--config", join(dir, "my.json")).code).toBe(0);
    for (const table of ["global_summary.csv", "by_security.csv", "data_quality.csv"])
      expect(readFileSync(join(byFlag, "aggregated", table), "utf8"), table).toBe(
        readFileSync(join(byConfig, "aggregated", table), "utf8"),
      );
    expect(cli("run", "--inputs", join(data, "nothing-here"), "--output", join(tmp(), "o"))).toMatchObject({ code: 1 });
  });
});
