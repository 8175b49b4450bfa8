import { baseLayout, byText, type Figure } from "./figure.js";
import { fillRatioAxis, fillRatioTraces } from "./fill-ratio-traces.js";
import { securityLabel, type SecurityNames } from "./labels.js";

/**
 * Real and simulated fill ratio of one group of sweeps (a security, a date, …): filled quantity ÷
 * order quantity, 0..1, undefined when the group has no quantity.
 */
export interface FillRatioRow {
  /** The group: a security code, a `YYYY-MM-DD` date, … */
  key: string;
  sweeps: number;
  realFillRatio: number | undefined;
  simFillRatio: number | undefined;
}

function sorted(rows: readonly FillRatioRow[]): FillRatioRow[] {
  return [...rows].sort((a, b) => byText(a.key, b.key));
}

const hover = "%{x}<br>%{fullData.name}: %{y:.1%}<br>%{customdata:,} sweeps<extra></extra>";

/** Options of {@link fillRatioBySecurityFigure}. */
export interface FillRatioOptions {
  /** Security names by code (ob.csv): axis labels and hovers read "110621 KEL Synthetic Security". */
  names?: SecurityNames;
}

/**
 * Grouped bars of the real and the simulated fill ratio per security (securities in code order,
 * labelled with their names when `names` has them, see `securityLabel`; ratios 0..1 shown as
 * percentages, a gap where a ratio has no answer).
 */
export function fillRatioBySecurityFigure(rows: readonly FillRatioRow[], options: FillRatioOptions = {}): Figure {
  const r = sorted(rows);
  const x = r.map((row) => securityLabel(row.key, options.names));
  const customdata = r.map((row) => row.sweeps);
  const layout = baseLayout("Fill ratio by security: real vs simulated", "security", "fill ratio");
  return {
    data: fillRatioTraces(r, x, "bars", ["real", "simulated"], { customdata, hovertemplate: hover }),
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { title: { text: "security" }, type: "category" },
      yaxis: fillRatioAxis(),
    },
  };
}

/**
 * Lines of the real and the simulated fill ratio per trading date (dates in order; ratios 0..1 as
 * percentages, a gap where a ratio has no answer).
 */
export function fillRatioByDateFigure(rows: readonly FillRatioRow[]): Figure {
  const r = sorted(rows);
  const x = r.map((row) => row.key);
  const customdata = r.map((row) => row.sweeps);
  const layout = baseLayout("Fill ratio by trading date: real vs simulated", "trading date (Sydney)", "fill ratio");
  return {
    data: fillRatioTraces(r, x, "lines", ["real", "simulated"], { customdata, hovertemplate: hover }),
    layout: {
      ...layout,
      xaxis: { title: { text: "trading date (Sydney)" }, type: "category" },
      yaxis: fillRatioAxis(),
    },
  };
}
