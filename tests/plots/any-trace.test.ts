import { afterEach, describe, expect, it } from "vitest";
import { plot, setDisplayTarget, setPlotMode, type Figure, type Trace } from "../../src/notebook/index.js";
import { collector } from "../notebook/collector.js";

afterEach(() => setDisplayTarget(undefined));

// Hand-written figures of the trace types the builders never use: each must type-check as a
// `Figure` (npm run typecheck covers this file) and go to the notebook as it is.
const box: Figure = {
  data: [
    { type: "box", name: "110621", y: [1, 2, 3, 4, 10], boxpoints: "outliers" },
    { type: "box", name: "110622", y: [0, 0, 1] },
  ],
  layout: { title: { text: "savings by security" } },
};
const others: Trace[] = [
  { type: "histogram", x: [1, 2, 2, 3], nbinsx: 3 },
  {
    type: "heatmap",
    x: ["a", "b"],
    y: ["r1", "r2", "r3"],
    z: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  },
  { type: "violin", y: [0.1, 0.2, 0.4], box: { visible: true } },
  { type: "scatter", mode: "lines", x: ["2024-10-02", "2024-10-03"], y: [0.5, 0.6] },
];

describe("plot() takes any plotly trace type", () => {
  it("a box figure goes to the notebook as the plotly figure itself, its points counted from y", () => {
    const c = collector();
    setDisplayTarget(c);
    plot(box);
    expect(c.shown[0]?.figure).toBe(box);
    expect(c.shown[0]?.text).toMatch(
      /^\[chart\] savings by security: 110621 \(5 points\), 110622 \(3 points\) \(no chart/,
    );
  });

  it("histogram, heatmap (cells of z), violin and line traces, in the HTML mode too", () => {
    const c = collector();
    setDisplayTarget(c);
    const fig: Figure = { data: others, layout: { title: { text: "mixed" } } };
    setPlotMode("html");
    try {
      plot(fig);
    } finally {
      setPlotMode("mime");
    }
    expect(c.shown[0]?.text).toBe(
      "[chart] mixed: histogram (4 points), heatmap (6 points), violin (3 points), scatter (2 points)",
    );
    const html = c.shown[0]?.html ?? "";
    expect(html).toContain('"type":"heatmap"');
    expect(html).toContain('"z":[[1,2],[3,4],[5,6]]');
  });
});
