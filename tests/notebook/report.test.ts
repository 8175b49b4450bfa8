import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { node, requireTools, ROOT } from "./tools.js";

const NOTEBOOKS = readdirSync(join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

let out = "";

beforeAll(() => {
  requireTools("jupyter", "chromium");
  out = tmp("sweeplab-reports-");
}, 600_000);

describe("the notebooks", () => {
  it("are the five of the issues, committed without outputs, with the project's kernel", () => {
    expect(NOTEBOOKS).toEqual([
      "01-quickstart.ipynb",
      "02-scaling.ipynb",
      "03-real-vs-simulated.ipynb",
      "04-rerun-a-subset.ipynb",
      "05-participants-and-time.ipynb",
    ]);
    for (const f of NOTEBOOKS) {
      const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", f), "utf8"));
      expect(nb.metadata.kernelspec.name, f).toBe("sweeplab-tslab");
      for (const c of nb.cells as Cell[]) {
        if (c.cell_type !== "code") continue;
        expect(c.outputs, f).toEqual([]);
        expect(c.execution_count, f).toBeNull();
      }
      const code = (nb.cells as Cell[]).map((c) => [c.source].flat().join("")).join("\n");
      expect(code, f).toContain('from "sweeplab"');
      // Outputs go to a scratch folder (workDir), never into the repository tree.
      expect(code, f).not.toMatch(/outputDir:\s*["'`]/);
    }
  });

  it("execute headless through Jupyter with the tslab kernel, every cell without an error (npm run report)", async () => {
    const r = await node(["scripts/report.mjs", "--out", out]);
    expect(r.code, r.output).toBe(0);
    for (const f of NOTEBOOKS) {
      const html = join(out, f.replace(/\.ipynb$/, ".html"));
      expect(existsSync(html), r.output).toBe(true);
      const text = readFileSync(html, "utf8");
      expect(text).toContain('type="application/vnd.plotly.v1+json"');
      // plotly.js is inline, once: the report renders offline.
      expect(text.split("* plotly.js v").length - 1).toBe(1);
      expect(statSync(html).size).toBeGreaterThan(3_000_000);
    }
  }, 600_000);

  it("a cell that throws fails the report, naming the cell and its error", async () => {
    const dir = tmp("sweeplab-nb-fail-");
    const nb = {
      cells: [
        {
          cell_type: "code",
          id: "a",
          metadata: {},
          source: ['console.log("fine");'],
          outputs: [],
          execution_count: null,
        },
        {
          cell_type: "code",
          id: "b",
          metadata: {},
          source: ['throw new Error("deliberate failure");'],
          outputs: [],
          execution_count: null,
        },
      ],
      metadata: {
        kernelspec: { name: "sweeplab-tslab", display_name: "TypeScript (sweeplab)", language: "typescript" },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, "broken.ipynb"), JSON.stringify(nb));
    const r = await node(["scripts/report.mjs", "--out", join(dir, "out"), join(dir, "broken.ipynb")]);
    expect(r.code).toBe(1);
    expect(r.output).toContain("FAILED broken");
    expect(r.output).toContain("cell 2 failed");
    expect(r.output).toContain("Error: deliberate failure");
    expect(r.output).toContain('| throw new Error("deliberate failure");');
  }, 120_000);
});

describe("an HTML report", () => {
  it("draws its plotly charts in headless Chromium with no network", async () => {
    const html = join(out, "01-quickstart.html");
    expect(existsSync(html), "the report of 01-quickstart (made by the test above)").toBe(true);
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const context = await browser.newContext({ offline: true });
      const requested: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) return route.continue();
        requested.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${html}`, { waitUntil: "load" });
      await page.waitForSelector(".sweeplab-plot svg.main-svg", { timeout: 30_000 });
      const charts = await page.locator(".sweeplab-plot").count();
      const bars = await page.locator(".sweeplab-plot .barlayer .point path").count();
      const fallback = await page.getByText("plotly.js is missing").count();
      expect({ charts, fallback, errors, requested }).toEqual({ charts: 2, fallback: 0, errors: [], requested: [] });
      // 3 securities × (real, simulated) in the first chart, 4 size bands × 2 in the second.
      expect(bars).toBe(3 * 2 + 4 * 2);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
