import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS, tmp } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");

function cli(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder with files of its own (a home folder, a project), as `--output .` or `~` would reach. */
function foreignFolder(): string {
  const dir = tmp("sweeplab-home-");
  mkdirSync(join(dir, "store"));
  writeFileSync(join(dir, "store", "keep.txt"), "mine");
  mkdirSync(join(dir, "rejects"));
  writeFileSync(join(dir, ".tmp-notes"), "mine");
  return dir;
}

describe("an output folder sweeplab did not create (built dist/)", () => {
  it("run, partition and aggregate with --output . refuse it, exit 1, and leave it as it was", () => {
    const dir = foreignFolder();
    for (const command of ["run", "partition", "aggregate"]) {
      const r = cli(dir, command, "--output", ".");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toBe(
        `sweeplab ${command}: ${dir}: not a sweeplab output folder (it holds .tmp-notes, rejects/, store/ and has no ` +
          `.sweeplab-output.json); sweeplab writes only into a new or empty folder, or one it created, and never ` +
          `cleans anything else — choose a new or empty output folder\n`,
      );
    }
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual([".tmp-notes", "rejects", "store", "store/keep.txt"]);
  });

  it("--output naming a file, or a path through one, is refused as output_not_ours saying what to do", () => {
    const dir = tmp("sweeplab-file-");
    writeFileSync(join(dir, "results"), "mine");
    for (const [output, why] of [
      ["results", "a file of that name is there"],
      [join("results", "sub"), "a file is on its path"],
    ] as const) {
      const r = cli(dir, "run", "--inputs", FORMATS, "--output", output);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toBe(
        `sweeplab run: ${join(dir, output)}: not a folder (${why}); choose a new or empty output folder\n`,
      );
    }
    expect(readdirSync(dir)).toEqual(["results"]);
  });

  it("scan refuses to write its default rejects into a processed_files folder it did not create", () => {
    const dir = tmp("sweeplab-cwd-");
    mkdirSync(join(dir, "processed_files"));
    writeFileSync(join(dir, "processed_files", "results.xlsx"), "mine");
    const r = cli(dir, "scan", FORMATS);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "processed_files")}: not a sweeplab output folder (it holds results.xlsx`);
    // scan has no --output: what to do is --rejects (or another folder), not "choose an output folder"
    expect(r.err).toMatch(
      /never cleans anything else — pass --rejects <file> to write the rejected rows elsewhere, or run scan in another folder\n$/,
    );
    expect(readdirSync(join(dir, "processed_files"))).toEqual(["results.xlsx"]);
    // With --rejects the named file is written wherever asked.
    expect(cli(dir, "scan", FORMATS, "--rejects", join(dir, "rej.csv")).code).toBe(0);
  });
});
