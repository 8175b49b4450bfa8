import { baseLayout, byText, COLORS, seriesColor, type Figure, type Trace } from "./figure.js";
import { securityLabel, type SecurityNames } from "./labels.js";

/** One sweep order: its id (exact text), security, quantity and real and simulated filled shares. */
export interface OrderPoint {
  orderId: string;
  securityCode: string;
  qty: number;
  realFilled: number;
  simFilled: number;
}

/** Options of {@link orderScatterFigure}. */
export interface ScatterOptions {
  /** Draw at most this many orders (default 5,000): every k-th order in the input order, same picks every time. */
  maxPoints?: number;
  /** Security names by code (ob.csv): each security's legend entry reads "110621 KEL Synthetic Security". */
  names?: SecurityNames;
}

/**
 * One marker per sweep order: real filled fraction (x) against simulated filled fraction (y) of
 * its quantity, one colour per security (named from `names` when given), with the diagonal y = x (on it: the simulation filled the
 * order exactly as much as the market did; above it: more). Orders of quantity 0 are left out; big
 * inputs are thinned deterministically to `maxPoints`, and the title says how many are shown.
 */
export function orderScatterFigure(points: readonly OrderPoint[], options: ScatterOptions = {}): Figure {
  const usable = points.filter((p) => p.qty > 0);
  const max = Math.max(1, options.maxPoints ?? 5000);
  const step = Math.ceil(usable.length / max);
  const shown = step <= 1 ? usable : usable.filter((_, i) => i % step === 0);
  const securities = [...new Set(shown.map((p) => p.securityCode))].sort(byText);
  const data: Trace[] = securities.map((sec, i) => {
    const ps = shown.filter((p) => p.securityCode === sec);
    return {
      type: "scatter",
      mode: "markers",
      name: securityLabel(sec, options.names),
      x: ps.map((p) => p.realFilled / p.qty),
      y: ps.map((p) => p.simFilled / p.qty),
      text: ps.map((p) => `order ${p.orderId}: qty ${p.qty}, real ${p.realFilled}, simulated ${p.simFilled}`),
      hovertemplate: "%{text}<extra>%{fullData.name}</extra>",
      marker: { color: seriesColor(i), size: 6, opacity: 0.6 },
    };
  });
  data.push({
    type: "scatter",
    mode: "lines",
    name: "y = x",
    x: [0, 1],
    y: [0, 1],
    line: { color: COLORS.neutral, dash: "dash", width: 1 },
    hoverinfo: "skip",
  });
  const title =
    shown.length === usable.length
      ? `Per order: real vs simulated filled fraction (${usable.length} sweeps)`
      : `Per order: real vs simulated filled fraction (${shown.length} of ${usable.length} sweeps shown)`;
  const layout = baseLayout(title, "real filled / qty", "simulated filled / qty");
  return {
    data,
    layout: {
      ...layout,
      xaxis: { title: { text: "real filled / qty" }, range: [-0.05, 1.05], tickformat: ".0%" },
      yaxis: { title: { text: "simulated filled / qty" }, range: [-0.05, 1.05], tickformat: ".0%" },
    },
  };
}
