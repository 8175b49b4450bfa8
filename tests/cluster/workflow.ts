// Helpers of tests/cluster/slurm.test.ts: plan and submit the Slurm workflow through the built CLI,
// run the toolkit, and compare output folders.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { tmp } from "../helpers.js";
import type { SlurmCluster } from "./slurm.js";

/** The built CLI's launcher. */
export const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

/** The job id of each phase, as submit.sh prints them. */
export type PhaseIds = Record<"partition" | "seal" | "run" | "aggregate", string>;

/** `sweeplab plan --emit slurm <args> --out <dir>/submit.sh` through the built CLI; the script's path. */
export function plan(dir: string, args: string[]): string {
  const script = join(dir, "submit.sh");
  const r = spawnSync(process.execPath, [BIN, "plan", "--emit", "slurm", ...args, "--out", script], {
    encoding: "utf8",
    cwd: dir,
  });
  expect(r.status, r.stderr).toBe(0);
  return script;
}

/** Runs the submit script as a user would (`bash submit.sh`); the job id of each phase. */
export function submit(cluster: SlurmCluster, script: string): PhaseIds {
  const r = spawnSync("bash", [script], { encoding: "utf8", env: cluster.env, cwd: tmp() });
  expect(r.status, r.stderr).toBe(0);
  const ids = Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(" ") as [string, string]),
  );
  expect(Object.keys(ids)).toEqual(["partition", "seal", "run", "aggregate"]);
  for (const id of Object.values(ids)) expect(id).toMatch(/^\d+$/);
  expect(r.stderr).toContain(`watch with: squeue -j ${Object.values(ids).join(",")}`);
  return ids as PhaseIds;
}

/** Every file under `dir`, as sorted relative paths. */
export function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** A job record's stamp of its store pieces (their names and bytes), masked for {@link expectSameOutputs}. */
export const INPUT_STAMP = /"input": "[0-9a-f]{64}"/;

/**
 * Asserts that the per-job outputs (by_security/) and the aggregated tables (aggregated/) of `got`
 * equal those of `want` byte for byte — except, with `maskInputStamp`, the `input` stamp in each
 * job.json: the fingerprint of the job's store pieces, which partition slices cut differently from
 * one whole partition (same rows, other piece names and splits). Not compared: run_summary.json and
 * run_manifest.json (each invocation's timings and phases), the store/ (its pieces, as said).
 */
export function expectSameOutputs(got: string, want: string, maskInputStamp: boolean): void {
  const bytes = (file: string): Buffer => {
    const b = readFileSync(file);
    if (!maskInputStamp || !file.endsWith("job.json")) return b;
    const text = b.toString("utf8");
    expect(text).toMatch(INPUT_STAMP);
    // job.json's seal (record.jsonSha256) covers the input stamp: masked with it.
    return Buffer.from(
      text.replace(INPUT_STAMP, '"input": "…"').replace(/"jsonSha256": "[0-9a-f]{64}"/, '"jsonSha256": "…"'),
    );
  };
  for (const sub of ["by_security", "aggregated"]) {
    const names = files(join(want, sub));
    expect(names.length).toBeGreaterThan(0);
    expect(files(join(got, sub))).toEqual(names);
    const differ = names.filter((n) => !bytes(join(got, sub, n)).equals(bytes(join(want, sub, n))));
    expect(differ, `${sub}: files that differ`).toEqual([]);
  }
}

/** `sweeplab <args>` through the built CLI, checked to exit 0; its standard output. */
export function sweeplab(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  expect(r.status, `sweeplab ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout;
}
