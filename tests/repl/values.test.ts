import { describe, expect, it } from "vitest";
import { RunHandle, type RunResult } from "../../src/notebook/index.js";
import { foldForInspect, handleLine, isRunResult } from "../../src/repl/writer.js";

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
