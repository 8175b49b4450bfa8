import { FrameError } from "../frames/frame-error.js";
import { describeNotFrame, isFrameLike } from "../frames/frame-read.js";
import { toFigure, type Figure, type FigureInput, type Trace } from "../plots/index.js";
import { displayTarget } from "./display.js";
import { escapeHtml } from "./html.js";
import { plotlyScript, plotlySource } from "./plotly-source.js";

/**
 * How {@link plot} sends a chart to a notebook: `mime` (default) as `application/vnd.plotly.v1+json`,
 * drawn by JupyterLab's plotly extension, VS Code and the HTML reports; `html` as an HTML output
 * that draws itself with plotly.js, put inline in the first chart of the kernel's life — for
 * frontends without a plotly renderer, such as the classic Notebook.
 */
export type PlotMode = "mime" | "html";

/** Said after a chart's one-line text in `mime` mode: a frontend that cannot draw the chart shows that text. */
const NO_RENDERER =
  ' (no chart drawn above? this frontend has no plotly renderer: setPlotMode("html"), then plot again)';

let mode: PlotMode = process.env.SWEEPLAB_PLOT === "html" ? "html" : "mime";
let plotlySent = false;
let counter = 0;

/** Chooses how later charts are sent (see {@link PlotMode}); `SWEEPLAB_PLOT=html` sets `html` from the start. */
export function setPlotMode(m: PlotMode): void {
  if (m !== "mime" && m !== "html")
    throw new FrameError("bad_argument", `setPlotMode: the mode is "mime" or "html", got ${JSON.stringify(m)}`);
  mode = m;
}

/**
 * A self-drawing HTML chart; with `plotly`, that plotly.js code inline before it (plotly-source.ts:
 * `plotlySource()`, the minified bundle every page of the toolkit uses).
 */
export function figureHtml(figure: Figure, plotly?: string): string {
  const id = `sweeplab-plot-${process.pid}-${++counter}`;
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  const missing = escapeHtml("plotly.js is not loaded in this page: run the notebook again from its first chart");
  return (
    (plotly === undefined ? "" : plotlyScript(plotly)) +
    `<div id="${id}" class="sweeplab-plot"></div><script>(function () {` +
    `var f = ${json}, el = document.getElementById(${JSON.stringify(id)});` +
    `if (window.Plotly === undefined) { el.textContent = "${missing}"; return; }` +
    `window.Plotly.newPlot(el, f.data, f.layout, { responsive: true, displaylogo: false });` +
    `})();</script>`
  );
}

/** How many values a trace draws: the longest of its x, y, z (a heatmap's cells) and values (a pie). */
function pointCount(t: Trace): number {
  const length = (v: unknown): number =>
    Array.isArray(v) ? v.reduce((n: number, row: unknown) => n + (Array.isArray(row) ? row.length : 1), 0) : 0;
  return Math.max(length(t.x), length(t.y), length(t.z), length(t.values));
}

/**
 * Shows a plotly figure — a chart builder's (`plot(charts.sizeBand(agg))`) or one written by hand
 * (`plot({ data: [{ type: "box", y: records(f).map((r) => r.savings_bps) }], layout: { title: "Savings" } })`,
 * see `FigureInput`) — in a notebook as `application/vnd.plotly.v1+json` (JupyterLab's and VS
 * Code's plotly renderers, and the HTML reports of `npm run report`, offline), or as self-drawing
 * HTML after `setPlotMode("html")`; elsewhere (the REPL) as one line naming the chart and its traces.
 * A frontend without a plotly renderer (a bare JupyterLab: plotly's `jupyterlab-plotly` extension
 * comes with `pip install plotly`; the classic Notebook) shows that line, saying to call
 * `setPlotMode("html")`.
 */
export function plot(input: FigureInput): void {
  const figure = toFigure(figureArg(input, "plot"));
  const traces = figure.data.map((t) => `${t.name ?? t.type} (${pointCount(t)} points)`).join(", ");
  const title = figure.layout.title.text;
  const text = `[chart] ${title === "" ? "" : `${title}: `}${traces}`;
  const target = displayTarget();
  if (target.kind === "console") {
    target.show({ text, figure });
    return;
  }
  if (mode === "mime") {
    // The text is what a frontend without a plotly renderer shows instead of the chart.
    target.show({ text: text + NO_RENDERER, figure });
    return;
  }
  target.show({ text, html: figureHtml(figure, plotlySent ? undefined : plotlySource()) });
  plotlySent = true;
}

/**
 * `input` when it is a figure (an object with a `data` array of traces); else FrameError
 * `bad_argument` saying what it got: a frame (draw a chart of it, or `show` it), a chart builder not
 * called, a Promise (await it).
 */
export function figureArg(input: unknown, what: string): FigureInput {
  const f = input as { data?: unknown } | null;
  if (typeof f === "object" && f !== null && Array.isArray(f.data) && !isFrameLike(f)) return input as FigureInput;
  const got =
    typeof input === "function"
      ? "a function: call it (charts.fillRatio(tables))"
      : isFrameLike(input)
        ? "a DataFrame: show(frame) draws it as a table; a chart of it is a charts.<name>(…) figure or { data: [traces] }"
        : input === undefined
          ? "undefined"
          : describeNotFrame(input);
  throw new FrameError(
    "bad_argument",
    `${what}: expected a figure (charts.fillRatio(await aggregate(result)), or { data: [traces], layout }), got ${got}`,
  );
}
