/**
 * The pieces the fill-ratio figures share: the real and the simulated fill ratio as a pair of
 * traces (bars or lines), the left axis they are drawn on, and the saving in bps as diamonds on the
 * right axis.
 */
import { COLORS, orNull, rightAxis, type Axis, type PlotValue, type Trace } from "./figure.js";

/** Real and simulated fill ratio of one category, 0..1; undefined when it has no answer. */
export interface FillRatios {
  realFillRatio: number | undefined;
  simFillRatio: number | undefined;
}

/** The left axis of a fill ratio: 0..1 shown as percentages, from zero. */
export function fillRatioAxis(): Axis {
  return { title: { text: "fill ratio" }, tickformat: ".0%", rangemode: "tozero" };
}

/**
 * The real and the simulated fill ratio of `rows` over the categories `x` (one row each), as two
 * traces named `names`, in the real and simulated colours: grouped `bars`, or `lines` with
 * markers; a ratio without an answer is a gap. `settings` go into both (`customdata`,
 * `hovertemplate`, …).
 */
export function fillRatioTraces(
  rows: readonly FillRatios[],
  x: readonly PlotValue[],
  kind: "bars" | "lines",
  names: readonly [real: string, simulated: string] = ["real fill ratio", "simulated fill ratio"],
  settings: Record<string, unknown> = {},
): Trace[] {
  const trace = (name: string, y: PlotValue[], color: string): Trace =>
    kind === "bars"
      ? { type: "bar", name, x, y, ...settings, marker: { color } }
      : { type: "scatter", mode: "lines+markers", name, x, y, ...settings, line: { color } };
  return [
    trace(
      names[0],
      rows.map((r) => orNull(r.realFillRatio)),
      COLORS.real,
    ),
    trace(
      names[1],
      rows.map((r) => orNull(r.simFillRatio)),
      COLORS.simulated,
    ),
  ];
}

/**
 * The saving in bps of `rows` over the categories `x` as grey diamonds of `size` px on the right
 * axis ({@link savingsAxis}), a gap where there is none; `settings` go into the trace.
 */
export function savingsTrace(
  rows: readonly { savingsBps: number | undefined }[],
  x: readonly PlotValue[],
  size: number,
  settings: Record<string, unknown> = {},
): Trace {
  return {
    type: "scatter",
    mode: "markers",
    name: "savings (bps, right axis)",
    x,
    y: rows.map((r) => orNull(r.savingsBps)),
    yaxis: "y2",
    ...settings,
    marker: { color: COLORS.neutral, size, symbol: "diamond" },
  };
}

/** The right axis of {@link savingsTrace}: bps, with its zero line. */
export function savingsAxis(): Axis {
  return rightAxis("savings (bps)", { zeroline: true });
}
