import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

// What a run leaves in its output folder, read as an analyst reads it: REFERENCE "Job outputs"'
// DuckDB glob over by_security/ must give the rows of the last run (or of the shards and aggregate
// that ended the sequence), never a job folder an earlier run of other settings, another selection
// or inputs since removed left; and run_manifest.json / run_summary.json must describe what is
// there. Each sequence of real CLI commands is compared with the same last command on a fresh folder.
// Run `npm run build` first.

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(...args: string[]): string {
  const r = cli(...args);
  expect(r.code, `${args.join(" ")}\n${r.err}`).toBe(0);
  return r.out;
}

let data = "";
let db: DuckDBConnection;
// Config A (the defaults) and B (other size bands and impact ticks) over `data`.
let A = "";
let B = "";
const S1 = "110621";
const S2 = "110622";

function configFile(name: string, inputs: string, analysis: Record<string, unknown> = {}): string {
  const file = join(tmp("sweeplab-jobset-cfg-"), `${name}.json`);
  const c = { inputs: [inputs], reference: { instruments: join(inputs, "ob.csv") }, workers: 2, retries: 0, analysis };
  writeFileSync(file, JSON.stringify(c));
  return file;
}

/** The analyst's query over the documented glob: per security, date and size band, sweeps and savings. */
async function glob(out: string): Promise<string[]> {
  const r = await db.runAndReadAll(
    `SELECT security_code, CAST(date AS VARCHAR), size_band, count(*), sum(savings_micro_aud)
     FROM read_parquet('${out}/by_security/*/*/simulation.parquet') GROUP BY ALL ORDER BY ALL`,
  );
  return r.getRows().map((row) => row.map(String).join(" "));
}

/** The `SEC_x/date` job folders under `<out>/<root>`. */
function folders(out: string, root = "by_security"): string[] {
  const dir = join(out, root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((sec) => readdirSync(join(dir, sec)).map((d) => `${sec}/${d}`))
    .sort();
}

/** run_manifest.json's jobs less the timing of the run that did them (`ms`, `attempts`). */
function manifestJobs(out: string): Record<string, unknown> {
  const m = JSON.parse(readFileSync(join(out, "run_manifest.json"), "utf8")) as {
    jobs: Record<string, Record<string, unknown>>;
  };
  return Object.fromEntries(
    Object.entries(m.jobs).map(([k, { ms: _ms, attempts: _a, ...rest }]) => [k, rest] as const),
  );
}

/** The glob's rows and the manifest's jobs of the commands run on a fresh output folder. */
async function fresh(...commands: string[][]): Promise<{ rows: string[]; jobs: Record<string, unknown>; out: string }> {
  const out = join(tmp("sweeplab-jobset-fresh-"), "out");
  for (const c of commands) ok(...c, "--output", out);
  return { rows: await glob(out), jobs: manifestJobs(out), out };
}

beforeAll(async () => {
  data = await smallData(23);
  A = configFile("a", data);
  B = configFile("b", data, { sizeBands: { smallMax: 300, mediumMax: 1_500 }, impactTicks: 3 });
  db = await (await DuckDBInstance.create(":memory:")).connect();
}, 120_000);

describe("the documented glob over by_security/ reads the last run's jobs only", () => {
  it("a run of a subset with other settings after a whole run: only its jobs; the others set aside and taken back", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", A, "--output", out);
    const subset = ok("run", "--config", B, "--output", out, "--securities", S1);
    expect(subset).toContain(
      "  job folders of earlier runs: 3 not in this run's selection set aside in set_aside/ (a run of theirs takes them back); by_security/ holds this run's job set only\n",
    );
    const want = await fresh(["run", "--config", B, "--securities", S1]);
    // Before: the glob mixed S2's three jobs of config A into the rows of the B run of S1.
    expect(await glob(out)).toEqual(want.rows);
    expect(folders(out)).toEqual(folders(want.out));
    expect(manifestJobs(out)).toEqual(want.jobs);
    expect(folders(out, "set_aside")).toEqual([`SEC_${S2}/2024-10-02`, `SEC_${S2}/2024-10-03`, `SEC_${S2}/2024-10-04`]);
    // aggregate of A now: S1's jobs are B's (exit 1, nothing changed); S2's, set aside intact, are not named.
    const refused = cli("aggregate", "--config", A, "--output", out);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${S1}|2024-10-02 (recorded with another analysis fingerprint)`);
    expect(refused.err).not.toContain(S2);
    expect(await glob(out)).toEqual(want.rows);
    expect(folders(out, "set_aside")).toHaveLength(3);
    // The whole run of A again: S2's jobs come back current (skipped), S1's are recomputed.
    const again = ok("run", "--config", A, "--output", out);
    expect(again).toMatch(/jobs: 3 done, 3 skipped \(already current\), 0 failed of 6/);
    expect(again).toContain("  job folders of earlier runs: 3 taken back from set_aside/;");
    const wantA = await fresh(["run", "--config", A]);
    expect(await glob(out)).toEqual(wantA.rows);
    expect(folders(out)).toEqual(folders(wantA.out));
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  }, 120_000);

  it("aggregate of a config whose jobs a run of another selection set aside: from set_aside/, taken back (by_security/ = its tables' jobs)", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", A, "--output", out);
    ok("run", "--config", A, "--output", out, "--securities", S1);
    expect(folders(out, "set_aside")).toHaveLength(3);
    // Before: refused (exit 1), S2's jobs "set aside in set_aside/ …; a run of this config takes it back".
    ok("aggregate", "--config", A, "--output", out);
    const want = await fresh(["run", "--config", A]);
    for (const t of ["global_summary", "by_security", "by_date", "by_participant", "data_quality"])
      expect(readFileSync(join(out, "aggregated", `${t}.csv`), "utf8")).toBe(
        readFileSync(join(want.out, "aggregated", `${t}.csv`), "utf8"),
      );
    expect(await glob(out)).toEqual(want.rows);
    expect(folders(out)).toEqual(folders(want.out));
    expect(manifestJobs(out)).toEqual(want.jobs);
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  }, 120_000);

  it("a run of fewer dates with the same settings: only its dates", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", A, "--output", out);
    ok("run", "--config", A, "--output", out, "--dates", "2024-10-03");
    const want = await fresh(["run", "--config", A, "--dates", "2024-10-03"]);
    expect(await glob(out)).toEqual(want.rows);
    expect(manifestJobs(out)).toEqual(want.jobs);
    expect(folders(out, "set_aside")).toHaveLength(4);
  }, 120_000);

  it("a selection matching nothing, refused: the folder keeps the last run's jobs", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", A, "--output", out);
    const before = await glob(out);
    const r = cli("run", "--config", B, "--output", out, "--securities", "999999");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the selection matches no \(security, date\)/);
    expect(await glob(out)).toEqual(before);
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  }, 120_000);

  it("a run after a day's inputs were removed: that day's jobs are gone, not set aside", async () => {
    const copy = join(tmp("sweeplab-jobset-data-"), "d");
    cpSync(data, copy, { recursive: true });
    const config = configFile("a-copy", copy);
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", config, "--output", out);
    rmSync(join(copy, "orders", "orders-2024-10-04.csv"));
    rmSync(join(copy, "trades", "trades-2024-10-04.csv"));
    // The NBBO rows of 2024-10-04 (tradedate, ns since the epoch, of Sydney midnight).
    const nbbo = join(copy, "nbbo.csv");
    const lines = readFileSync(nbbo, "utf8").split("\n");
    writeFileSync(nbbo, lines.filter((l) => l.split(",")[2] !== "1727964000000000000").join("\n"));
    ok("run", "--config", config, "--output", out);
    const want = await fresh(["run", "--config", config]);
    expect(folders(want.out)).toHaveLength(4);
    expect(await glob(out)).toEqual(want.rows);
    expect(folders(out)).toEqual(folders(want.out));
    expect(existsSync(join(out, "set_aside"))).toBe(false);
  }, 120_000);
});

describe("job shards and aggregate leave the folder and its run files saying what is there", () => {
  it("shards of a subset with other settings, then aggregate: the glob, run_manifest.json and run_summary.json", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("run", "--config", A, "--output", out);
    for (const s of ["0/2", "1/2"]) ok("run", "--config", B, "--output", out, "--securities", S1, "--shard", s);
    // The whole run's run files described A's six jobs: gone once shards rewrite the folder.
    expect(existsSync(join(out, "run_manifest.json"))).toBe(false);
    expect(existsSync(join(out, "run_summary.json"))).toBe(false);
    // So are A's tables: aggregated/ comes back with aggregate (before, A's tables stayed beside B's jobs).
    expect(existsSync(join(out, "aggregated"))).toBe(false);
    ok("aggregate", "--config", B, "--output", out, "--securities", S1);
    const want = await fresh(["run", "--config", B, "--securities", S1]);
    expect(await glob(out)).toEqual(want.rows);
    // Before: run_manifest.json still listed the A run's six jobs (another config fingerprint).
    expect(manifestJobs(out)).toEqual(want.jobs);
    expect(readFileSync(join(out, "aggregated", "global_summary.csv"), "utf8")).toBe(
      readFileSync(join(want.out, "aggregated", "global_summary.csv"), "utf8"),
    );
    // The shards' own files describe the jobs that are there: kept.
    expect(existsSync(join(out, "run_manifest.shard-0-of-2.json"))).toBe(true);
  }, 120_000);

  it("a whole run after shards removes the shards' run files; aggregate of another config removes the run's summary", async () => {
    const out = join(tmp("sweeplab-jobset-"), "out");
    ok("partition", "--config", A, "--output", out);
    for (const s of ["0/2", "1/2"]) ok("run", "--config", A, "--output", out, "--shard", s);
    ok("aggregate", "--config", A, "--output", out);
    const want = await fresh(["run", "--config", A]);
    expect(manifestJobs(out)).toEqual(want.jobs);
    ok("run", "--config", B, "--output", out);
    // Before: run_manifest.shard-*.json of the A shards stayed beside B's run files.
    expect(
      readdirSync(out)
        .filter((n) => n.startsWith("run_"))
        .sort(),
    ).toEqual(["run_manifest.json", "run_summary.json"]);
    // Aggregating A's jobs (none current now) over B's run: B's summary and manifest no longer describe it.
    ok("aggregate", "--config", A, "--output", out, "--allow-partial");
    expect(manifestJobs(out)).toEqual({});
    expect(existsSync(join(out, "run_summary.json"))).toBe(false);
    expect(folders(out)).toEqual([]);
    expect(folders(out, "set_aside")).toHaveLength(6);
  }, 180_000);
});
