import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { tmp } from "../helpers.js";
import { aggregatedSnapshot, diffSnapshots } from "../pipeline/helpers.js";

// Ctrl-C just after `sweeplab run` finished its work (every job sealed, aggregated/ and
// run_summary.json written) stops nothing: the exit code is the run's own and the last line says
// the interrupt came after the run completed. The SIGINT is a real one, sent at an exact point by a
// preload of the test (tests/fixtures/sigint-on-write.mjs: the first stdout write holding a marker),
// not by a hook of the CLI. Ctrl-C before the outputs are complete is tests/cli/interrupt.test.ts.

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");
const PRELOAD = pathToFileURL(join(ROOT, "tests", "fixtures", "sigint-on-write.mjs")).href;
const LATE =
  "interrupt (Ctrl-C) came after the run completed: nothing was stopped, its outputs are complete and the exit code is the run's own\n";

let data = "";
let clean = "";

function configFile(out: string): string {
  const file = join(tmp("sweeplab-late-cfg-"), "run.json");
  writeFileSync(
    file,
    JSON.stringify({ inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out, workers: 1 }),
  );
  return file;
}

/**
 * `sweeplab <args>` with a real SIGINT sent to it at its first stdout write holding `marker`
 * (`stderr:<text>`: its first stderr write holding `<text>`).
 */
function cliSigintOn(
  marker: string,
  ...args: string[]
): { code: number | null; signal: string | null; out: string; err: string } {
  const stderr = marker.startsWith("stderr:");
  const r = spawnSync(process.execPath, ["--import", PRELOAD, BIN, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      SWEEPLAB_TEST_SIGINT_ON: stderr ? marker.slice("stderr:".length) : marker,
      SWEEPLAB_TEST_SIGINT_STREAM: stderr ? "stderr" : "stdout",
    },
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  data = tmp("sweeplab-late-data-");
  await generate({ orders: 9_000, securities: 2, dates: 3, seed: 31, outDir: data });
  clean = join(tmp("sweeplab-late-clean-"), "out");
  const r = spawnSync(process.execPath, [BIN, "run", "--config", configFile(clean)], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe("Ctrl-C after `sweeplab run` completed", () => {
  it("as the summary is printed (the run has returned): exit 0, the outputs stand, the last line says so", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const r = cliSigintOn("\njobs: ", "run", "--config", configFile(out));
    expect(r.signal).toBeNull();
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).not.toContain("interrupted (Ctrl-C)");
    expect(r.out).toContain(`outputs in ${out}/ (run_summary.json, run_manifest.json, by_security/, aggregated/)\n`);
    expect(r.out.endsWith(`aggregated/)\n${LATE}`), r.out).toBe(true);
    // Nothing on stderr claims a stop that did not happen.
    expect(r.err).not.toContain("stopping:");
    expect(existsSync(join(out, "run_summary.json"))).toBe(true);
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(clean))).toEqual([]);
  }, 60_000);

  it("at its very last line (the command about to return): exit 0, and the line after it", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const r = cliSigintOn("outputs in ", "run", "--config", configFile(out));
    expect(r.signal).toBeNull();
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).not.toContain("interrupted (Ctrl-C)");
    expect(r.out.endsWith(`aggregated/)\n${LATE}`), r.out).toBe(true);
  }, 60_000);

  it("SIGTERM as the summary is printed (Slurm's time limit just then): exit 0, and the last line names SIGTERM, not Ctrl-C", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const r = spawnSync(process.execPath, ["--import", PRELOAD, BIN, "run", "--config", configFile(out)], {
      encoding: "utf8",
      env: { ...process.env, SWEEPLAB_TEST_SIGINT_ON: "\njobs: ", SWEEPLAB_TEST_SIGNAL: "SIGTERM" },
    });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).not.toContain("Ctrl-C");
    expect(
      r.stdout.endsWith(
        "aggregated/)\nSIGTERM came after the run completed: nothing was stopped, its outputs are complete and the exit code is the run's own\n",
      ),
      r.stdout,
    ).toBe(true);
  }, 60_000);

  it("`sweeplab partition` as its summary is printed: exit 0 and the same last line", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const r = cliSigintOn("partition: ", "partition", "--config", configFile(out));
    expect(r.signal).toBeNull();
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out.endsWith(LATE), r.out).toBe(true);
    expect(existsSync(join(out, "store", "_store.json"))).toBe(true);
  }, 60_000);

  it("a run that is itself failing keeps its own code (1), not 130", () => {
    // strict: true over inputs with one rejected row: a complete run that fails on its own (exit 1).
    const bad = tmp("sweeplab-late-bad-");
    cpSync(data, bad, { recursive: true });
    const orders = readdirSync(join(bad, "orders")).find((f) => f.endsWith(".csv"));
    if (orders === undefined) throw new Error(`no orders file in ${bad}/orders`);
    appendFileSync(join(bad, "orders", orders), "not,a,valid,row\n");
    const out = join(tmp("sweeplab-late-"), "out");
    const cfg = join(tmp("sweeplab-late-cfg-"), "strict.json");
    writeFileSync(
      cfg,
      JSON.stringify({ inputs: [bad], reference: { instruments: join(bad, "ob.csv") }, outputDir: out, strict: true }),
    );
    const r = cliSigintOn("\njobs: ", "run", "--config", cfg);
    expect(r.code, r.err + r.out).toBe(1);
    expect(r.out.endsWith(LATE), r.out).toBe(true);
  }, 60_000);
});

describe("Ctrl-C before a rerun completed, in a folder holding an earlier run's tables", () => {
  it("exits 130 and says aggregated/ still holds the earlier run's tables; the rerun then equals a fresh run", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const config = configFile(out);
    const first = spawnSync(process.execPath, [BIN, "run", "--config", config], { encoding: "utf8" });
    expect(first.status, first.stderr).toBe(0);
    // Other settings (one security): other tables. Ctrl-C as the run starts (at its first warning:
    // --workers above the cores), before any job: the tables on disk stay the first run's.
    const other = ["run", "--config", config, "--securities", "110621"];
    const r = cliSigintOn("stderr:sweeplab: warning:", ...other, "--workers", "64");
    expect(r.code, r.out + r.err).toBe(130);
    expect(r.out).toMatch(
      /\ninterrupted \(Ctrl-C\): [^\n]*; no aggregated tables written \(aggregated\/ still holds an earlier run's tables\)\. Run the same command again to finish: finished work is kept and skipped\n$/,
    );
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(clean))).toEqual([]);
    const rerun = spawnSync(process.execPath, [BIN, ...other], { encoding: "utf8" });
    expect(rerun.status, rerun.stderr).toBe(0);
    const fresh = join(tmp("sweeplab-late-fresh-"), "out");
    const once = spawnSync(process.execPath, [BIN, "run", "--config", configFile(fresh), "--securities", "110621"], {
      encoding: "utf8",
    });
    expect(once.status, once.stderr).toBe(0);
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(fresh))).toEqual([]);
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(clean)).length).toBeGreaterThan(0);
  }, 120_000);
});

describe("Ctrl-C during the first partition", () => {
  it("exits 130 and says the partition starts over (no finished work to keep); the rerun equals a clean run", () => {
    const out = join(tmp("sweeplab-late-"), "out");
    const config = configFile(out);
    // At the run's first warning (--workers above the cores): the partition tasks are starting.
    const r = cliSigintOn("stderr:sweeplab: warning:", "run", "--config", config, "--workers", "64");
    expect(r.code, r.out + r.err).toBe(130);
    expect(r.out).toMatch(
      /\ninterrupted \(Ctrl-C\): during the partition, before any job; no aggregated tables written\. Run the same command again to finish: the partition starts over\n$/,
    );
    const rerun = spawnSync(process.execPath, [BIN, "run", "--config", config], { encoding: "utf8" });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/\npartition: [\d,]+ rows read/);
    expect(diffSnapshots(aggregatedSnapshot(out), aggregatedSnapshot(clean))).toEqual([]);
  }, 120_000);
});
