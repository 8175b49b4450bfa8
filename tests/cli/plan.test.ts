import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { tmp } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
const SAMPLE = join(import.meta.dirname, "..", "..", "sample_data");

/** A run config over the sample data at `dir/name` (its inputs absolute, so it loads from anywhere). */
function writeConfig(dir: string, name: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `inputs: ["${SAMPLE}/orders", "${SAMPLE}/trades", "${SAMPLE}/nbbo.csv.gz"]\noutputDir: out\n`);
  return file;
}

function cli(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("sweeplab plan --emit slurm (built dist/)", () => {
  it("calls the toolkit by the absolute node and bin/sweeplab.js it was planned from, in the planning folder", () => {
    const dir = realpathSync(tmp());
    writeConfig(dir, "run.yaml");
    const r = cli(dir, "plan", "--emit", "slurm", "--partition-shards", "3", "--shards", "4", "--config", "run.yaml");
    expect(r.code, r.err).toBe(0);
    const self = `${realpathSync(process.execPath)} ${realpathSync(BIN)}`;
    const cfg = join(dir, "run.yaml");
    expect(r.out).toContain(`--wrap='exec ${self} partition --config ${cfg} --shard "$SLURM_ARRAY_TASK_ID/3"'`);
    expect(r.out).toContain(
      `--wrap='exec ${self} run --config ${cfg} --shard "$SLURM_ARRAY_TASK_ID/4" --retry-failed'`,
    );
    expect(r.out).toContain(`opts=(--parsable --kill-on-invalid-dep=yes --chdir=${realpathSync(dir)})`);
  });

  it("maps every flag, writes an executable script with --out, and refuses bad values", () => {
    const dir = realpathSync(tmp());
    writeConfig(dir, "sweeplab.yaml"); // the default --config
    for (const d of ["shared work", "work/here"]) mkdirSync(join(dir, d), { recursive: true }); // --storage folders
    const out = join(dir, "submit.sh");
    const r = cli(
      dir,
      "plan",
      "--emit",
      "slurm",
      "--shards",
      "2",
      "--cpus",
      "4",
      "--mem",
      "8GB",
      "--time",
      "2:00:00",
      "--partition",
      "long",
      "--account",
      "acct",
      "--storage",
      join(dir, "shared work"),
      "--command",
      "/opt/sweeplab/bin/sweeplab",
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe("");
    const text = readFileSync(out, "utf8");
    expect(statSync(out).mode & 0o111).not.toBe(0);
    expect(text).toContain(
      `opts=(--parsable --kill-on-invalid-dep=yes --chdir='${dir}/shared work' --partition=long --account=acct --time=2:00:00 --mem=8G)`,
    );
    expect(text).toContain(
      `--cpus-per-task=4 --output=sweeplab-run-%A_%a.out --wrap='exec /opt/sweeplab/bin/sweeplab run --config ${dir}/sweeplab.yaml --shard "$SLURM_ARRAY_TASK_ID/2" --retry-failed --workers 4 --memory-budget 8G'`,
    );
    expect(cli(dir, "plan", "--emit", "slurm", "--queue", "a", "--partition", "b")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--queue and --partition name the same Slurm partition"),
    });
    expect(cli(dir, "plan", "--emit", "slurm", "--cpus", "two")).toMatchObject({
      code: 2,
      err: expect.stringContaining('--cpus must be a whole number, got "two"'),
    });
    const time = cli(dir, "plan", "--emit", "slurm", "--time", "2h");
    expect(time.code).toBe(1);
    expect(time.err).toContain('time: expected a time limit such as "90" (minutes)');
    // --shards 0 is refused as --partition-shards 0 is, never planned silently as 1 shard
    for (const emit of ["slurm", "k8s"]) {
      const zero = cli(dir, "plan", "--emit", emit, "--shards", "0");
      expect(zero, emit).toMatchObject({ code: 1, out: "" });
      expect(zero.err).toBe("sweeplab plan: bad config, 1 problem:\n  shards: expected an integer ≥ 1, got 0\n");
    }
    expect(cli(dir, "plan", "--emit", "slurm", "--storage", "work/here").out).toContain(
      `opts=(--parsable --kill-on-invalid-dep=yes --chdir=${join(dir, "work", "here")})`,
    );
    expect(cli(dir, "plan", "--help").out).toContain("--partition-shards <P>");
  });
});

describe("sweeplab plan --emit slurm: the run config and inputs, checked when planning", () => {
  it("gives the tasks absolute paths: a config in another folder, --inputs and --output, with --storage elsewhere", () => {
    const dir = realpathSync(tmp());
    const cfg = writeConfig(dir, join("configs", "run.yaml"));
    const work = join(dir, "work");
    mkdirSync(work);
    // From the work folder, the config one folder up, the tasks working (and logging) in another folder.
    mkdirSync(join(dir, "logs"));
    const r = cli(work, "plan", "--emit", "slurm", "--config", "../configs/run.yaml", "--storage", "../logs");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`--chdir=${join(dir, "logs")}`);
    expect(r.out).toContain(` run --config ${cfg} --shard "$SLURM_ARRAY_TASK_ID/8" --retry-failed'`);
    expect(r.out).toContain(` aggregate --config ${cfg}'`);
    // No config: --inputs and --output, as `sweeplab run --inputs … --output …` takes them.
    const i = cli(
      work,
      "plan",
      "--emit",
      "slurm",
      "--inputs",
      relative(work, SAMPLE),
      "--output",
      "out",
      "--shards",
      "2",
    );
    expect(i.code, i.err).toBe(0);
    expect(i.out).toContain(
      ` run --inputs ${realpathSync(SAMPLE)} --output ${join(work, "out")} --shard "$SLURM_ARRAY_TASK_ID/2" --retry-failed'`,
    );
    expect(i.out).not.toContain("--config");
  });

  it("refuses, writing nothing, a config or inputs the tasks could not use", () => {
    const dir = realpathSync(tmp());
    const script = join(dir, "submit.sh");
    const refused = (...args: string[]): string => {
      const r = cli(dir, "plan", "--emit", "slurm", ...args, "--out", script);
      expect([r.code, r.out]).toEqual([1, ""]);
      expect(existsSync(script)).toBe(false);
      return r.err;
    };
    expect(refused("--config", "nope.yaml")).toBe(
      `sweeplab plan: ${dir}/nope.yaml: no such run config; give the run config on the shared storage with --config <file> (or the data with --inputs <path>)\n`,
    );
    expect(refused()).toBe(
      `sweeplab plan: ${dir}/sweeplab.yaml: no such run config; give the run config on the shared storage with --config <file> (or the data with --inputs <path>)\n`,
    );
    writeFileSync(join(dir, "bad.yaml"), "inputs: [x]\nworkerz: 2\n");
    // A config that does not load: its own error, as `sweeplab run` prints it (a line per problem).
    expect(refused("--config", "bad.yaml")).toContain(
      `sweeplab plan: bad config (${dir}/bad.yaml), 1 problem:\n  workerz: unknown key (did you mean "workers"?)`,
    );
    expect(refused("--inputs", "nothing-here")).toContain(`${dir}/nothing-here: matches no file`);
    // Slurm cannot start a task in a missing folder: it fails with no log anywhere.
    expect(refused("--inputs", SAMPLE, "--storage", "no/such")).toBe(
      `sweeplab plan: ${dir}/no/such: no such folder for the tasks to work in (--storage); create it on the shared storage, or name another\n`,
    );
  });
});

describe("sweeplab plan --emit k8s (built dist/)", () => {
  it("refuses a path outside the volume every pod mounts at /data", () => {
    const dir = tmp();
    const r = cli(dir, "plan", "--emit", "k8s", "--config", "/home/me/run.yaml");
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain(
      "--config /home/me/run.yaml is not on the volume: every pod mounts it at /data and works there; give the path relative to the volume (e.g. run.yaml)",
    );
    expect(cli(dir, "plan", "--emit", "k8s", "--inputs", "/srv/ticks").err).toContain(
      "--inputs /srv/ticks is not on the volume",
    );
    const ok = cli(dir, "plan", "--emit", "k8s", "--config", "/data/run.yaml", "--inputs", "ticks", "--output", "out");
    expect(ok.code, ok.err).toBe(0);
    const configMap = parseAllDocuments(ok.out)
      .map((d) => d.toJS() as { kind: string; data?: Record<string, string> })
      .find((d) => d.kind === "ConfigMap");
    const phases = JSON.parse(configMap!.data!["phases.json"]!) as {
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    }[];
    expect(phases[3]!.spec.template.spec.containers[0]!.command).toEqual([
      "sweeplab",
      "aggregate",
      "--config",
      "/data/run.yaml",
      "--inputs",
      "ticks",
      "--output",
      "out",
    ]);
  });

  it("ships the controller program as its source and names the claim with --claim only (--storage is Slurm's)", () => {
    const dir = tmp();
    const r = cli(dir, "plan", "--emit", "k8s", "--claim", "ticks-rwx");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('"claimName": "ticks-rwx"');
    expect(r.out).toContain('PersistentVolumeClaim "ticks-rwx" at /data');
    // The controller program as the build copied it beside dist/config/plan-k8s.js: the source file, byte for byte.
    const configMap = parseAllDocuments(r.out)
      .map((d) => d.toJS() as { kind: string; data?: Record<string, string> })
      .find((d) => d.kind === "ConfigMap");
    const source = readFileSync(
      join(import.meta.dirname, "..", "..", "src", "config", "plan-k8s-controller.mjs"),
      "utf8",
    );
    expect(source).toContain("// @ts-check");
    expect(configMap?.data?.["controller.mjs"]).toBe(source);
    const storage = cli(dir, "plan", "--emit", "k8s", "--storage", "ticks-rwx");
    expect(storage.code).toBe(2);
    expect(storage.out).toBe("");
    expect(storage.err).toContain(
      "--storage is the Slurm working folder: name the k8s PersistentVolumeClaim with --claim <name>",
    );
    expect(cli(dir, "plan", "--emit", "slurm", "--claim", "x")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--claim and --parallelism are for --emit k8s"),
    });
    const help = cli(dir, "plan", "--help").out;
    expect(help).toContain("--storage <dir>          Slurm: working folder of every task");
    expect(help).toContain("--claim <name>           k8s: the ReadWriteMany PersistentVolumeClaim mounted at /data");
  });
});
