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
  metadata?: { tags?: string[] };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

let out = "";

/** A report to share: ≤ 6 MB, plotly.js inline exactly once (minified, its licence kept), a table of contents. */
function expectShareable(text: string, html: string): void {
  expect(statSync(html).size).toBeLessThanOrEqual(6_000_000);
  expect(statSync(html).size).toBeGreaterThan(3_000_000);
  expect(text.split("* plotly.js v").length - 1).toBe(1);
  expect(text.split("<script>").length - 1).toBe(2); // plotly.js, and the script that draws the figures
  expect(text).toMatch(
    /<nav class="sweeplab-toc"[^>]*><strong>Contents<\/strong><ul><li class="sweeplab-toc-h1"><a href="#[^"]+">/,
  );
  const links = [...text.matchAll(/<li class="sweeplab-toc-h\d"><a href="#([^"]+)">/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(2);
  for (const id of links) expect(text).toContain(`id="${id}"`);
}

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
      // One parameters cell, as papermill wants it: `npm run report -- --param name=value` sets it.
      const parameters = (nb.cells as Cell[]).filter((c) => c.metadata?.tags?.includes("parameters") === true);
      expect(parameters.length, f).toBe(1);
      expect([parameters[0]?.source].flat().join(""), f).toMatch(/^const \w+(: [\w[\]]+)? = .+;$/m);
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
      expectShareable(text, html);
      // The code is shown: the parameters cell's source among it.
      expect(text).toContain("Parameters (a report sets them");
    }
    // Notebook 03's per-security tests, for every security of its parameters cell.
    const tests = readFileSync(join(out, "03-real-vs-simulated.html"), "utf8").match(
      /\d{6}(?=: fill ratio simulated)/g,
    );
    expect(tests).toEqual(["110621", "110622", "110623"]);
  }, 1_200_000);

  it("--param securities=110621 --no-code: a report of that security alone, code hidden", async () => {
    const dir = join(out, "param");
    const notebook = join("notebooks", "03-real-vs-simulated.ipynb");
    const r = await node(["scripts/report.mjs", "--out", dir, "--no-code", "--param", "securities=110621", notebook]);
    expect(r.code, r.output).toBe(0);
    const html = join(dir, "03-real-vs-simulated.html");
    const text = readFileSync(html, "utf8");
    expectShareable(text, html);
    expect(text.match(/\d{6}(?=: fill ratio simulated)/g)).toEqual(["110621"]);
    expect(text).toContain('<code>securities</code> = <code>["110621"]</code>');
    // No code: neither the notebook's cells nor the injected parameters cell.
    expect(text).not.toContain("sweepRows(result)");
    expect(text).not.toContain("injected by npm run report");
    expect(text).not.toContain('class="highlight');
  }, 600_000);

  it("a --param the notebook does not declare is refused before anything runs, naming its parameters", async () => {
    const notebook = join("notebooks", "03-real-vs-simulated.ipynb");
    const r = await node(["scripts/report.mjs", "--out", join(out, "bad"), "--param", "security=110621", notebook]);
    expect(r.code).toBe(2);
    expect(r.output).toContain('03-real-vs-simulated.ipynb has no parameter "security"; its parameters: securities');
    const typed = await node([
      "scripts/report.mjs",
      "--out",
      join(out, "bad"),
      "--param",
      "orders=many",
      join("notebooks", "02-scaling.ipynb"),
    ]);
    expect(typed.code).toBe(2);
    expect(typed.output).toContain("--param orders=many: a number");
  });

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
