import { readFileSync } from "node:fs";
import type * as nodeFs from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { plot, savePlot, setDisplayTarget, setPlotMode, type Figure } from "../../src/notebook/index.js";
import { plotlyFile, plotlyScript, plotlySource, plotlyVersion } from "../../src/notebook/plotly-source.js";
import { collector } from "../notebook/collector.js";
import { tmp } from "../helpers.js";

// One plotly.js for every page the toolkit writes: the maintained minified bundle of npm's
// `plotly.js-dist-min`, pinned to one exact version — put inline by savePlot's HTML, by a notebook
// chart in `html` mode (the notebooks' display) and by the reports of `npm run report`, and copied
// beside the REPL's chart pages. Nothing is minified at run time (it took several silent seconds).

const ROOT = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};

const calls: string[] = [];
// Were anything to minify at run time, it would call this (rolldown's minifier, vitest's dependency).
vi.mock("rolldown/experimental", () => ({
  minifySync: (name: string): never => {
    calls.push(name);
    throw new Error("no minifying at run time");
  },
}));
// No copy minified earlier (node_modules/.cache/sweeplab/) is found either.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof nodeFs>();
  return { ...fs, existsSync: (p: string): boolean => !String(p).includes(".cache") && fs.existsSync(p) };
});

const box: Figure = {
  data: [{ type: "box", name: "110621", y: [1, 2, 3], marker: { color: "#1f77b4" } }],
  layout: { title: { text: "Savings" } },
};

/** The version in a plotly.js bundle's licence banner (`* plotly.js v3.7.0`). */
const bannerVersion = (code: string): string | undefined => /^\/\*\*\s*\n\* plotly\.js v([\d.]+)\n/.exec(code)?.[1];

afterEach(() => {
  setDisplayTarget(undefined);
  setPlotMode("mime");
});

describe("plotly.js: one source, the minified bundle of plotly.js-dist-min", () => {
  it("is the package's plotly.min.js, pinned exactly, its version that of its banner", () => {
    const file = createRequire(import.meta.url).resolve("plotly.js-dist-min");
    expect(plotlyFile()).toBe(file);
    expect(plotlySource()).toBe(readFileSync(file, "utf8"));
    expect(pkg.dependencies["plotly.js-dist-min"]).toBe(plotlyVersion());
    expect(bannerVersion(plotlySource())).toBe(plotlyVersion());
    // Minified: under 5 MB in a few thousand lines (plotly.js-dist's file is 11 MB in 267,000).
    expect(plotlySource().length).toBeLessThan(5_000_000);
    expect(plotlySource().split("\n").length).toBeLessThan(10_000);
    // The unminified bundle is no dependency any more: nothing could embed another plotly.js.
    expect(pkg.dependencies["plotly.js-dist"]).toBeUndefined();
  });

  it("savePlot's page puts that bundle inline, at once, with nothing minified at run time", async () => {
    const t0 = performance.now();
    const file = await savePlot(box, join(tmp("sweeplab-plotly-source-"), "box.html"));
    expect(performance.now() - t0).toBeLessThan(3000);
    const html = readFileSync(file, "utf8");
    expect(html).toContain(plotlyScript(plotlySource()));
    expect(html.split("* plotly.js v").length - 1).toBe(1);
    expect(calls).toEqual([]);
  });

  it("a notebook chart in html mode (the notebooks' display) embeds the same plotly.js as savePlot", async () => {
    const c = collector();
    setDisplayTarget(c);
    setPlotMode("html");
    plot(box);
    const html = c.shown[0]?.html ?? "";
    expect(html.startsWith(plotlyScript(plotlySource()))).toBe(true);
    const saved = readFileSync(await savePlot(box, join(tmp("sweeplab-plotly-source-"), "b.html")), "utf8");
    const version = (s: string): string | undefined => /\* plotly\.js v([\d.]+)/.exec(s)?.[1];
    expect(version(html)).toBe(plotlyVersion());
    expect(version(saved)).toBe(version(html));
  });

  it("the reports of npm run report put the same script inline (scripts/report-html.mjs, from dist/)", async () => {
    const report = (await import(pathToFileURL(join(ROOT, "scripts", "report-html.mjs")).href)) as {
      minifiedPlotlyScript: (root: string) => Promise<string>;
    };
    expect(await report.minifiedPlotlyScript(ROOT)).toBe(plotlyScript(plotlySource()));
    expect(calls).toEqual([]);
  });
});
