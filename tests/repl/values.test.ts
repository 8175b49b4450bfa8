import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import { RunHandle, setDebug, type RunResult } from "../../src/notebook/index.js";
import { foldForInspect, handleLine, isRunResult, replValueText } from "../../src/repl/writer.js";
import { Series } from "../../src/frames/danfo.js";

/** A handle whose run has ended as `outcome` says (wrapped: a handle is itself awaitable). */
async function ended(outcome: "finished" | "cancelled" | "failed"): Promise<{ h: RunHandle }> {
  const h = new RunHandle(() =>
    outcome === "failed"
      ? Promise.reject(new Error("no inputs"))
      : Promise.resolve({ cancelled: outcome === "cancelled" } as RunResult),
  );
  await h.result.catch(() => undefined);
  return { h };
}

describe("handleLine", () => {
  it("says whether the run is running, finished, cancelled or failed", async () => {
    const running = new RunHandle(() => new Promise<RunResult>(() => undefined));
    expect(running.state).toBe("running");
    expect(handleLine(running)).toMatch(/^RunHandle: running — starting — /);
    expect(handleLine((await ended("finished")).h)).toMatch(/^RunHandle: finished — await it/);
    expect(handleLine((await ended("cancelled")).h)).toMatch(/^RunHandle: cancelled — await it/);
    expect(handleLine((await ended("failed")).h)).toBe("RunHandle: failed — await it to see the error");
  });
});

describe("foldForInspect", () => {
  it("leaves values without frames or runs as they are (the same object)", () => {
    const v = { a: [1, { b: 2 }], c: "x" };
    expect(foldForInspect(v)).toBe(v);
  });

  it("tells a run result by its shape", () => {
    const r = { outputDir: "/o", cancelled: false, summary: { partition: {} }, failures: [], jobs: [] };
    expect(isRunResult(r)).toBe(true);
    expect(isRunResult({ ...r, jobs: undefined })).toBe(false);
  });
});

describe("replValueText of an error", () => {
  it("prints a typed error as the CLI does: also one that crossed a worker as a plain Error with its code", () => {
    const crossed = Object.assign(new Error("/o/by_security/SEC_A/2024-10-02/metrics.csv: line 3: not a number"), {
      code: "bad_value",
    });
    expect(replValueText(crossed)).toBe(
      "Error: /o/by_security/SEC_A/2024-10-02/metrics.csv: line 3: not a number\n  (the whole error: _error; where it was thrown: _error.stack)",
    );
    const config = new ConfigError("bad_config", [{ path: "workers", message: "expected an integer ≥ 1" }]);
    expect(replValueText(config)).toBe(
      `ConfigError: ${config.message}\n  (the whole error: _error; where it was thrown: _error.stack)`,
    );
  });

  it("prints a bug (no lower_snake code) as Node does, with its stack", () => {
    const bug = Object.assign(new TypeError("x is undefined"), { code: "ERR_SOMETHING" });
    expect(replValueText(bug)).toContain("TypeError: x is undefined\n    at ");
  });

  it("prints whole errors after setDebug(true)", () => {
    setDebug(true);
    try {
      expect(replValueText(new ConfigError("bad_config", []))).toContain("\n    at ");
    } finally {
      setDebug(false);
    }
  });
});

describe("replValueText of a Series", () => {
  it('prints an unnamed Series (danfojs names it "0": describe(), valueCounts()) labels first, then its values', () => {
    // danfojs' Series.describe() gives a Series named "0" with the statistics as its labels.
    const stats = new Series([26, 9.5, 20.25], { index: ["count", "mean", "std"] });
    expect(stats.columns).toEqual(["0"]);
    const lines = replValueText(stats).split("\n");
    expect(lines[0]).toBe("[3 rows × 1 columns]");
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([
      ["0"],
      ["count", "26"],
      ["mean", "9.5"],
      ["std", "20.25"],
    ]);
  });

  it("prints a named Series under its name, numeric labels first", () => {
    const qty = new Series([5, 6], { index: [13, 14], columns: ["qty"] });
    const lines = replValueText(qty).split("\n");
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([["qty"], ["13", "5"], ["14", "6"]]);
  });
});
