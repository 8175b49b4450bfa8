import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { savePlot, SavePlotError, type Figure } from "../../src/notebook/index.js";
import { plotlyScript, plotlySource } from "../../src/notebook/plotly-source.js";
import { tmp } from "../helpers.js";
import { drawnDom } from "./draw.js";
import { requireTools } from "../notebook/tools.js";

const box: Figure = {
  data: [{ type: "box", name: "110621 KEL", y: [-1.5, 0.25, 0.75, 3.125], marker: { color: "#1f77b4" } }],
  layout: { title: { text: "Savings <by> security" } },
};

let dir = "";
beforeAll(() => {
  dir = tmp("sweeplab-save-plot-");
});

describe("savePlot to HTML", () => {
  it("writes a standalone page: plotly.js inline once, the figure's data, the title escaped; folders made", async () => {
    const file = await savePlot(box, join(dir, "charts", "box.html"));
    expect(file).toBe(join(dir, "charts", "box.html"));
    const html = readFileSync(file, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.split("* plotly.js v").length - 1).toBe(1);
    expect(html).toContain('"y":[-1.5,0.25,0.75,3.125]');
    expect(html).toContain('"type":"box"');
    expect(html).toContain("<title>Savings &#60;by&#62; security</title>");
    expect(html).toContain("window.Plotly.newPlot(el, f.data, f.layout");
    // The figure's own "<" cannot close the script it sits in.
    expect(html).toContain('"text":"Savings \\u003cby> security"');
  });

  it("puts plotly.js inline minified, as the reports do: under 5 MB, the reports' code, the figure in it", async () => {
    const file = await savePlot(box, join(dir, "small.html"));
    const html = readFileSync(file, "utf8");
    expect(statSync(file).size).toBeLessThan(5_000_000);
    expect(html).toContain(plotlyScript(plotlySource()));
    expect(html.split("* plotly.js v").length - 1).toBe(1); // its licence banner kept, once
    expect(html).toContain('"y":[-1.5,0.25,0.75,3.125]');
  }, 120_000);

  it("overwrites an existing file; .htm works too", async () => {
    const file = join(dir, "again.htm");
    writeFileSync(file, "old");
    await savePlot(box, file);
    expect(readFileSync(file, "utf8")).toContain('"type":"box"');
  });

  it("an unknown extension is a typed error naming the formats", async () => {
    const e = await savePlot(box, join(dir, "box.pdf")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SavePlotError);
    expect((e as SavePlotError).code).toBe("unsupported_format");
    expect((e as SavePlotError).message).toBe(
      `${join(dir, "box.pdf")}: cannot save a chart as ".pdf": end the path in .html, .png or .svg`,
    );
    expect(existsSync(join(dir, "box.pdf"))).toBe(false);
  });

  it("without Chromium, a PNG is a typed error naming the package to install, and no file", async () => {
    const e = await savePlot(box, join(dir, "box.png"), { chromium: join(dir, "no-chromium") }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SavePlotError);
    expect((e as SavePlotError).code).toBe("chromium_missing");
    expect((e as SavePlotError).message).toContain(
      "install the Debian package chromium (sudo apt-get install chromium)",
    );
    expect(existsSync(join(dir, "box.png"))).toBe(false);
  });
});

describe("savePlot's other failures are typed errors too", () => {
  it("a path under a file: unwritable, naming the path", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const e = await savePlot(box, join(file, "box.html")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SavePlotError);
    expect((e as SavePlotError).code).toBe("unwritable");
    expect((e as SavePlotError).message).toBe(
      `${join(file, "box.html")}: cannot be written (EEXIST: a file stands where a folder of the path should be)`,
    );
  });

  it("a browser that draws nothing: render_failed, suggesting .html", async () => {
    const e = await savePlot(box, join(dir, "none.svg"), { chromium: "/bin/false" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SavePlotError);
    expect((e as SavePlotError).code).toBe("render_failed");
    expect((e as SavePlotError).message).toMatch(
      /^.*none\.svg: Chromium gave no image \(.*\); save the chart as \.html instead$/,
    );
    expect(existsSync(join(dir, "none.svg"))).toBe(false);
  });
});

describe("savePlot to PNG and SVG (headless Chromium)", () => {
  beforeAll(() => requireTools("chromium"), 600_000);

  it("a PNG of the requested size × scale", async () => {
    const file = await savePlot(box, join(dir, "box.png"), { width: 400, height: 300, scale: 1 });
    const png = readFileSync(file);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([400, 300]);
  }, 90_000);

  it("the HTML page, minified plotly.js and all, draws the figure in Chromium with no network", async () => {
    const file = await savePlot(box, join(dir, "drawn.html"));
    const dom = drawnDom(file, join(dir, "profile-drawn"));
    expect(dom).toContain('class="main-svg"');
    expect(dom).toContain("110621 KEL");
  }, 90_000);

  it("an SVG holding the title and the trace's name", async () => {
    const file = await savePlot(box, join(dir, "box.svg"), { width: 500, height: 320 });
    const svg = readFileSync(file, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="500"');
    expect(svg).toContain("Savings &#60;by&#62; security");
    expect(svg).toContain("110621 KEL");
  }, 90_000);
});
