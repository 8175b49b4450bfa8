// A script piped into the REPL (`npm run repl < analysis.js`, a heredoc in a CI job): each statement
// runs after the previous one has finished, awaited promise included, so later lines see earlier
// results; at the end of the input the process waits for the last one, then exits 0, or 1 naming
// the lines that threw. Before, every line ran at once: `r.summary` of a run not yet finished.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { ROOT } from "./repl-child.js";

const RUN_MS = 120_000;

/** `script` piped into `node <entry> [args]` (stdin closed after it); its exit code and outputs. */
function piped(script: string, entry: string[] = [join(ROOT, "scripts", "repl.mjs")]) {
  const r = spawnSync(process.execPath, entry, { input: script, encoding: "utf8", cwd: tmp("sweeplab-piped-") });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What the REPL printed after each prompt (its banner, "... " prompts and empty answers left out). */
const answers = (out: string): string[] =>
  out
    .split("sweeplab> ")
    .slice(1)
    .map((s) => s.replace(/^(\.\.\.+ )+/, "").trim())
    .filter((s) => s !== "");

describe("a script piped into the REPL", () => {
  it(
    "runs each statement after the previous one's await: later lines use earlier results, in order, exit 0",
    () => {
      const out = join(tmp("sweeplab-piped-run-"), "out");
      const script = [
        `const r = await run(SAMPLE_CONFIG_PATH, { outputDir: ${JSON.stringify(out)}, securities: ["110621"], dates: ["2024-10-03"] })`,
        "r.summary.jobs.done",
        "const a = await aggregate(r)",
        "Object.keys(a).length > 3 && a.by_security.shape[0]",
        "const later = await new Promise((resolve) =>", // a statement over three lines
        "  setTimeout(() => resolve(r.summary.jobs.total * 10), 300),",
        ")",
        "later + 2",
        "",
      ].join("\n");
      const { code, out: text, err } = piped(script);
      expect(text).not.toMatch(/Uncaught|TypeError/);
      expect(err).toBe("");
      // One job (one security, one date) done, one row per security, then 1 × 10 + 2.
      expect(answers(text)).toEqual(["1", "1", "12"]);
      expect(code).toBe(0);
    },
    RUN_MS,
  );

  it("exits 1 when a statement threw, naming its line on stderr; the statements after it still run", () => {
    const script = [
      "x = await new Promise((resolve) => setTimeout(() => resolve(20), 200))",
      "null.y",
      "await Promise.reject(new RangeError('too far'))",
      "x + 1",
      "const z = {",
      "  w: undefinedName,",
      "}",
      "x * 2",
      "",
    ].join("\n");
    const { code, out, err } = piped(script);
    expect(answers(out)).toEqual([
      "20",
      expect.stringMatching(/^Uncaught TypeError: Cannot read properties of null \(reading 'y'\)/),
      expect.stringMatching(/^Uncaught RangeError: too far/),
      "21",
      expect.stringMatching(/^Uncaught ReferenceError: undefinedName is not defined/),
      "40",
    ]);
    expect(err).toBe(
      [
        "sweeplab repl: line 2 threw TypeError: Cannot read properties of null (reading 'y')",
        "sweeplab repl: line 3 threw RangeError: too far",
        "sweeplab repl: lines 5–7 threw ReferenceError: undefinedName is not defined",
        "sweeplab repl: 3 statements of the input threw: exit code 1",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("a script ending in .exit exits there, 0 when nothing threw", () => {
    const { code, out } = piped("await new Promise((resolve) => setTimeout(resolve, 200, 'slept'))\n.exit\n1 + 1\n");
    expect(answers(out)).toEqual(["'slept'"]);
    expect(code).toBe(0);
  });
});

describe("sweeplab repl", () => {
  const BIN = join(ROOT, "bin", "sweeplab.js");

  it("is listed in `sweeplab --help`, has its own --help, refuses arguments", () => {
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(help.stdout).toMatch(/^ {2}repl {7}\S/m);
    const own = spawnSync(process.execPath, [BIN, "repl", "--help"], { encoding: "utf8" });
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^Usage: sweeplab repl\n/);
    const extra = spawnSync(process.execPath, [BIN, "repl", "analysis.js"], { encoding: "utf8" });
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/^sweeplab repl: .*analysis\.js/);
  });

  it("starts the REPL, toolkit preloaded; piped input in order, and its exit code", () => {
    const ok = piped(
      "s = await scan(SAMPLE_CONFIG_PATH.replace(/sweeplab\\.yaml$/, 'orders'))\ns.partitions.length\n",
      [BIN, "repl"],
    );
    expect(ok.out).toMatch(/^sweeplab REPL: \d+ functions, classes and constants preloaded/);
    expect(answers(ok.out).at(-1)).toBe("12");
    expect(ok.code).toBe(0);
    const bad = piped("1 + 1\nundefinedName\n", [BIN, "repl"]);
    expect(bad.err).toContain("sweeplab repl: line 2 threw ReferenceError: undefinedName is not defined\n");
    expect(bad.code).toBe(1);
  });
});
