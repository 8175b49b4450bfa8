import { createRequire } from "node:module";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sizeBandFigure, throughputFigure, timeOfDayFigure, type Figure } from "../../src/plots/index.js";
import { requireTools } from "../notebook/tools.js";

let browser: Browser;

beforeAll(async () => {
  requireTools("chromium");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** Draws `figure` at 900 × 500 and returns the right axis's tick labels' right edge and its title's left edge. */
async function rightAxisBoxes(figure: Figure): Promise<{ ticksRight: number; titleLeft: number; titleRight: number }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
  try {
    await page.setContent('<div id="plot" style="width:900px;height:500px"></div>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("plotly.js-dist-min") });
    // Page code as text: the tests compile without the DOM library.
    await page.evaluate(
      `Plotly.newPlot(document.getElementById("plot"), ${JSON.stringify(figure)}.data, ${JSON.stringify(figure)}.layout)`,
    );
    return await page.evaluate<{ ticksRight: number; titleLeft: number; titleRight: number }>(`(() => {
      const ticks = [...document.querySelectorAll(".y2tick text")].map((t) => t.getBoundingClientRect());
      const title = document.querySelector(".g-y2title text")?.getBoundingClientRect();
      return {
        ticksRight: Math.max(...ticks.map((r) => r.right)),
        titleLeft: title?.left ?? Number.NaN,
        titleRight: title?.right ?? Number.NaN,
      };
    })()`);
  } finally {
    await page.close();
  }
}

// The sample data's size bands: savings of 0.64..0.78 bps give four-character tick labels (0.78).
const bands = [
  { bucket: "Small", sweeps: 610, realFillRatio: 0.663, simFillRatio: 0.746, savingsBps: 0.782 },
  { bucket: "Medium", sweeps: 503, realFillRatio: 0.596, simFillRatio: 0.688, savingsBps: 0.681 },
  { bucket: "Large", sweeps: 439, realFillRatio: 0.479, simFillRatio: 0.542, savingsBps: 0.637 },
  { bucket: "All", sweeps: 1552, realFillRatio: 0.497, simFillRatio: 0.564, savingsBps: 0.647 },
];

describe("a right-hand axis's title is drawn clear of its tick labels, inside the figure", () => {
  it.each([
    ["size bands", () => sizeBandFigure(bands)],
    [
      "time of day",
      () => timeOfDayFigure(bands.map((b, i) => ({ ...b, bucket: `1${i}:00-1${i}:30`, sweeps: 12_345 * (i + 1) }))),
    ],
    [
      "throughput",
      () =>
        throughputFigure([
          {
            label: "1 worker",
            workers: 1,
            chunkSizeBytes: 1 << 20,
            partitionRowsPerSecond: 1e5,
            jobRowsPerSecond: 2e5,
            wallSeconds: 3,
            peakRssMb: 1234.5,
          },
        ]),
    ],
  ])(
    "%s",
    async (_, figure) => {
      const { ticksRight, titleLeft, titleRight } = await rightAxisBoxes(figure());
      expect(titleLeft).toBeGreaterThan(ticksRight + 2);
      expect(titleRight).toBeLessThanOrEqual(900);
    },
    60_000,
  );
});
