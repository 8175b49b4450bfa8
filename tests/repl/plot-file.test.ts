import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plotlyFile, plotlyVersion } from "../../src/notebook/plotly-source.js";
import { figureTitle } from "../../src/notebook/save-plot.js";
import { fileSlug, writePlotFile } from "../../src/repl/plot-file.js";
import type { Figure } from "../../src/plots/index.js";
import { tmp } from "../helpers.js";
import { drawnDom } from "../plots/draw.js";
import { requireTools } from "../notebook/tools.js";

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
    expect(html).toContain('"x":["110621"],"y":[0.53]');
    expect(html.trimEnd().endsWith("</body></html>")).toBe(true);
  });

  it("pages share one plotly.js beside them: each a few KB, not 11 MB, and the folder opens offline", () => {
    const dir = join(tmp("sweeplab-plots-"), "plots");
    const pages = [writePlotFile(FIGURE, dir), writePlotFile(FIGURE, dir)];
    const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));
    expect(scripts).toEqual([`plotly-${plotlyVersion()}.js`]);
    expect(readFileSync(join(dir, scripts[0] ?? "")).equals(readFileSync(plotlyFile()))).toBe(true);
    for (const page of pages) {
      expect(statSync(page).size).toBeLessThan(4096);
      expect(readFileSync(page, "utf8")).toContain(`<script src="${scripts[0] ?? ""}"></script>`);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith(".tmp-"))).toEqual([]);
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

describe("a REPL chart page in a browser (headless Chromium)", () => {
  it("draws the figure with the plotly.js beside it, with no network", () => {
    requireTools("chromium");
    const dir = join(tmp("sweeplab-plots-"), "plots");
    const page = writePlotFile(FIGURE, dir);
    const dom = drawnDom(page, join(dir, "..", "profile"));
    expect(dom).toContain('class="main-svg"');
    expect(dom).toContain("Fill ratio by security");
  }, 120_000);
});
