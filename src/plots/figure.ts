/**
 * The plotly figure spec: plain JSON that `Plotly.newPlot(div, figure.data, figure.layout)` draws,
 * and that Jupyter shows as `application/vnd.plotly.v1+json`. Only the fields the builders use are
 * typed; plotly accepts many more, so traces and layouts stay open records.
 */

/** A value on a plotly axis: a number, a category text, or null for a gap (no answer). */
export type PlotValue = number | string | null;

/**
 * The plotly trace types the toolkit's builders draw, and the common ones an analyst writes by hand
 * (a line is a `scatter` with `mode: "lines"`); any other plotly type name is accepted too.
 */
export type TraceType =
  | "bar"
  | "scatter"
  | "box"
  | "histogram"
  | "heatmap"
  | "violin"
  | "pie"
  | "scattergl"
  // Any other plotly trace type; `string & {}` keeps the names above offered by the editor.
  | (string & {});

/**
 * One plotly trace of any type (`bar`, `scatter`, `box`, `histogram`, `heatmap`, `violin`, …): its
 * type, legend name and data arrays; every other plotly trace attribute (`z` of a heatmap,
 * `boxpoints`, `marker`, …) is accepted as it is. Plotly checks the attributes when it draws.
 */
export interface Trace {
  type: TraceType;
  name?: string;
  x?: readonly PlotValue[];
  y?: readonly PlotValue[];
  [key: string]: unknown;
}

/** One plotly axis: its title, and any other plotly axis setting. */
export interface Axis {
  title?: { text: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The figure layout: title and axes, plus any other plotly layout setting. */
export interface Layout {
  title: { text: string };
  xaxis?: Axis;
  yaxis?: Axis;
  yaxis2?: Axis;
  [key: string]: unknown;
}

/** A complete plotly figure: traces and layout, JSON-serialisable, deterministic for the same input. */
export interface Figure {
  data: Trace[];
  layout: Layout;
}

/** A value of a hand-written trace: a {@link PlotValue}, or a cell of `records(frame)` (a boolean; undefined a gap). */
export type PlotInputValue = PlotValue | boolean | undefined;

/**
 * A plotly figure as `plot` and `savePlot` take it: a {@link Figure}, or one written by hand as
 * plotly.js takes it, whose title may be plain text, whose layout may be left out and whose values
 * may be the cells of `records(frame)`:
 * `plot({ data: [{ type: "scatter", mode: "markers", x: rs.map((r) => r.qty), y: rs.map((r) => r.savings_bps) }], layout: { title: "Savings by size" } })`.
 */
export interface FigureInput {
  data: readonly {
    type: TraceType;
    name?: string;
    x?: readonly PlotInputValue[];
    y?: readonly PlotInputValue[];
    [key: string]: unknown;
  }[];
  layout?: { title?: string | { text: string; [key: string]: unknown }; [key: string]: unknown };
}

/**
 * The {@link Figure} of a figure input: the layout's plain-text title as `{ text }` ("" without
 * one), undefined values as null; a figure that already is one is returned as it is.
 */
export function toFigure(input: FigureInput): Figure {
  const title = input.layout?.title;
  const gaps = input.data.some((t) => t.x?.includes(undefined) === true || t.y?.includes(undefined) === true);
  if (typeof title === "object" && !gaps) return input as Figure;
  const nulls = (v: readonly PlotInputValue[] | undefined): unknown => v?.map((x) => (x === undefined ? null : x));
  const data = input.data.map((t) => {
    const trace: Record<string, unknown> = { ...t };
    if (t.x !== undefined) trace.x = nulls(t.x);
    if (t.y !== undefined) trace.y = nulls(t.y);
    return trace as Trace;
  });
  const text = typeof title === "string" ? { text: title } : (title ?? { text: "" });
  return { data: gaps ? data : (input.data as Trace[]), layout: { ...input.layout, title: text } };
}

/** Colours of the two sides of every comparison, and of further series (plotly's default cycle). */
export const COLORS = {
  real: "#1f77b4",
  simulated: "#ff7f0e",
  neutral: "#7f7f7f",
  series: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"],
} as const;

/** The colour of the i-th series (cycling). */
export function seriesColor(i: number): string {
  return COLORS.series[i % COLORS.series.length] ?? COLORS.neutral;
}

/** A number for plotly, or null (a gap) when it has no answer: undefined, NaN or ±Infinity. */
export function orNull(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/** The layout every builder starts from: a title, axis titles, a horizontal legend under the title. */
export function baseLayout(title: string, xTitle: string, yTitle: string): Layout {
  return {
    title: { text: title },
    xaxis: { title: { text: xTitle } },
    yaxis: { title: { text: yTitle } },
    legend: { orientation: "h", x: 0, y: 1.12 },
    margin: { t: 80, r: 40, b: 60, l: 70 },
    hovermode: "closest",
  };
}

/**
 * A right-hand y axis (`yaxis2`) drawn over the left one: its title kept clear of its tick labels
 * (`standoff` pixels past them, and `automargin` so the figure's right margin grows to hold both).
 * Use with {@link RIGHT_AXIS_MARGIN}.
 */
export function rightAxis(title: string, settings: Record<string, unknown> = {}): Axis {
  return {
    title: { text: title, standoff: 12 },
    overlaying: "y",
    side: "right",
    showgrid: false,
    automargin: true,
    ...settings,
  };
}

/** The margins of a figure with a {@link rightAxis}: room on the right for its ticks and title. */
export const RIGHT_AXIS_MARGIN = { t: 80, r: 90, b: 60, l: 70 } as const;

/** Compares texts by UTF-16 code units (locale-free, so figures never depend on the machine). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
