import type * as nodeFs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { minifiedPlotly, plotlySource } from "../../src/notebook/plotly-source.js";

// rolldown's minifier is an experimental API of a development dependency: when it throws (or a new
// version no longer has it), savePlot's HTML takes plotly.js unminified and says why once, as when
// rolldown is not installed — never a TypeError and its stack out of savePlot.

vi.mock("rolldown/experimental", () => ({
  minifySync: (): never => {
    throw new Error("minifier exploded");
  },
}));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof nodeFs>();
  // No cached copy: the minifier is asked.
  return { ...fs, existsSync: (p: string): boolean => !String(p).includes(".min.js") && fs.existsSync(p) };
});

describe("minifiedPlotly when the minifier fails", () => {
  it("gives the unminified plotly.js and says why on the log", async () => {
    const lines: string[] = [];
    const code = await minifiedPlotly((l) => lines.push(l));
    expect(code).toBe(plotlySource());
    expect(lines).toEqual(["plotly.js is put inline unminified: the minifier failed (minifier exploded)"]);
  });
});
