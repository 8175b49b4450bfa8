import { baseLayout, COLORS, RIGHT_AXIS_MARGIN, rightAxis, type Figure } from "./figure.js";
import { fillRatioAxis, fillRatioTraces, savingsAxis, savingsTrace } from "./fill-ratio-traces.js";

/**
 * One bucket of a breakdown (a time-of-day bucket `HH:MM-HH:MM`, or a size band Small / Medium /
 * Large): sweeps, real and simulated fill ratio (0..1) and the saving in bps; undefined: no answer.
 */
export interface BreakdownRow {
  bucket: string;
  sweeps: number;
  realFillRatio: number | undefined;
  simFillRatio: number | undefined;
  savingsBps: number | undefined;
}

const SIZE_ORDER = ["Small", "Medium", "Large"];

/**
 * Sweeps per time-of-day bucket (grey bars, right axis) with the real and simulated fill ratio as
 * lines (left axis), buckets in the order given (the `time_of_day` table's order: by time).
 */
export function timeOfDayFigure(rows: readonly BreakdownRow[]): Figure {
  const x = rows.map((r) => r.bucket);
  const layout = baseLayout("Time of day (Sydney): fill ratio and sweeps", "time of day (Sydney)", "fill ratio");
  return {
    data: [
      {
        type: "bar",
        name: "sweeps",
        x,
        y: rows.map((r) => r.sweeps),
        yaxis: "y2",
        marker: { color: COLORS.neutral },
        opacity: 0.35,
      },
      ...fillRatioTraces(rows, x, "lines"),
    ],
    layout: {
      ...layout,
      xaxis: { title: { text: "time of day (Sydney)" }, type: "category" },
      yaxis: fillRatioAxis(),
      yaxis2: rightAxis("sweeps", { rangemode: "tozero" }),
      margin: RIGHT_AXIS_MARGIN,
    },
  };
}

/**
 * Real vs simulated fill ratio per size band (grouped bars, left axis) and the saving in bps per
 * band (markers, right axis); bands Small, Medium, Large first, any other bucket after them by name.
 */
export function sizeBandFigure(rows: readonly BreakdownRow[]): Figure {
  const rank = (b: string): number => {
    const i = SIZE_ORDER.indexOf(b);
    return i < 0 ? SIZE_ORDER.length : i;
  };
  const r = [...rows].sort(
    (a, b) => rank(a.bucket) - rank(b.bucket) || (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0),
  );
  const x = r.map((row) => `${row.bucket} (${row.sweeps})`);
  const layout = baseLayout("Size bands: fill ratio and savings", "size band (sweeps)", "fill ratio");
  return {
    data: [...fillRatioTraces(r, x, "bars"), savingsTrace(r, x, 12)],
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { title: { text: "size band (sweeps)" }, type: "category" },
      yaxis: fillRatioAxis(),
      yaxis2: savingsAxis(),
      margin: RIGHT_AXIS_MARGIN,
    },
  };
}
