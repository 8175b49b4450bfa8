import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { figureTitle } from "../../src/notebook/save-plot.js";
import { fileSlug, writePlotFile } from "../../src/repl/plot-file.js";
import type { Figure } from "../../src/plots/index.js";
import { tmp } from "../helpers.js";

const FIGURE: Figure = {
  data: [{ type: "bar", name: "real", x: ["110621"], y: [0.53] }],
  layout: { title: { text: "Fill ratio by security: real vs simulated" } },
};

describe("writePlotFile", () => {
  it("names the file after the title and never overwrites an earlier chart", () => {
    const dir = join(tmp("sweeplab-plots-"), "plots");
    const first = writePlotFile(FIGURE, dir);
    const second = writePlotFile(FIGURE, dir);
    expect(first).toBe(join(dir, "fill-ratio-by-security-real-vs-simulated.html"));
    expect(second).toBe(join(dir, "fill-ratio-by-security-real-vs-simulated-2.html"));
    const html = readFileSync(first, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Fill ratio by security/);
    expect(html).toContain("plotly.js v");
    expect(html).toContain('"x":["110621"],"y":[0.53]');
    expect(html.trimEnd().endsWith("</body></html>")).toBe(true);
  });

  it("takes a title typed as plain text, and makes a name when there is none", () => {
    expect(figureTitle({ ...FIGURE, layout: { title: "Savings, A$ (bps)" } } as unknown as Figure)).toBe(
      "Savings, A$ (bps)",
    );
    expect(fileSlug("Savings, A$ (bps)")).toBe("savings-a-bps");
    expect(fileSlug("…")).toBe("chart");
    expect(fileSlug("x".repeat(80))).toBe("x".repeat(60));
    expect(figureTitle({ data: [], layout: {} } as unknown as Figure)).toBe("");
  });
});
