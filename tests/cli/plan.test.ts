import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { tmp } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

function cli(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("sweeplab plan --emit slurm (built dist/)", () => {
  it("calls the toolkit by the absolute node and bin/sweeplab.js it was planned from, in the planning folder", () => {
    const dir = tmp();
    const r = cli(dir, "plan", "--emit", "slurm", "--partition-shards", "3", "--shards", "4", "--config", "run.yaml");
    expect(r.code, r.err).toBe(0);
    const self = `${realpathSync(process.execPath)} ${realpathSync(BIN)}`;
    expect(r.out).toContain(`--wrap='exec ${self} partition --config run.yaml --shard "$SLURM_ARRAY_TASK_ID/3"'`);
    expect(r.out).toContain(`--wrap='exec ${self} run --config run.yaml --shard "$SLURM_ARRAY_TASK_ID/4"'`);
    expect(r.out).toContain(`opts=(--parsable --kill-on-invalid-dep=yes --chdir=${realpathSync(dir)})`);
  });

  it("maps every flag, writes an executable script with --out, and refuses bad values", () => {
    const dir = tmp();
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
      "/shared/work",
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
      "opts=(--parsable --kill-on-invalid-dep=yes --chdir=/shared/work --partition=long --account=acct --time=2:00:00 --mem=8G)",
    );
    expect(text).toContain(
      `--cpus-per-task=4 --output=sweeplab-run-%A_%a.out --wrap='exec /opt/sweeplab/bin/sweeplab run --config sweeplab.yaml --shard "$SLURM_ARRAY_TASK_ID/2" --workers 4'`,
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
    expect(cli(dir, "plan", "--emit", "slurm", "--storage", "work/here").out).toContain(
      `opts=(--parsable --kill-on-invalid-dep=yes --chdir=${join(realpathSync(dir), "work", "here")})`,
    );
    expect(cli(dir, "plan", "--help").out).toContain("--partition-shards <P>");
  });
});

describe("sweeplab plan --emit k8s (built dist/)", () => {
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
