import { baseLayout, COLORS, seriesColor, type Figure, type Trace } from "./figure.js";
import { binCenters, binOf, histogram } from "./histogram.js";

/** One sweep's fill group (1 fully, 2 partially, 3 un-filled in the real market) and its saving. */
export interface SavingsPoint {
  group: 1 | 2 | 3;
  /**
   * Side-signed saving of the simulated over the real execution, in basis points of the real VWAP
   * (positive: the simulation did better for the order's owner); undefined when nothing was compared.
   */
  savingsBps: number | undefined;
}

/** Options of {@link savingsDistributionFigure}. */
export interface SavingsOptions {
  /** About this many bins over the range of all values (default 40). */
  bins?: number;
}

const GROUP_NAMES = { 1: "Group 1 (fully filled)", 2: "Group 2 (partially filled)", 3: "Group 3 (un-filled)" };

/**
 * The distribution of per-sweep savings, simulated vs real execution, in bps, readable when most
 * sweeps saved exactly nothing (the same price in both executions): the sweeps with a saving of
 * exactly 0 are counted, not drawn, so the histogram is not one spike at 0. One overlaid histogram
 * per fill group of the non-zero savings (bins shared by all groups, see `histogram`), each
 * group's legend entry giving its count at 0; a dashed line at 0; the title says how many sweeps
 * were compared, how many of them are drawn and how many sit at 0. Sweeps with nothing compared
 * are counted, not drawn.
 */
export function savingsDistributionFigure(points: readonly SavingsPoint[], options: SavingsOptions = {}): Figure {
  const compared = points.filter(
    (p): p is SavingsPoint & { savingsBps: number } => p.savingsBps !== undefined && Number.isFinite(p.savingsBps),
  );
  const nonZero = compared.filter((p) => p.savingsBps !== 0);
  const all = histogram(
    nonZero.map((p) => p.savingsBps),
    options.bins ?? 40,
  );
  const data: Trace[] = [];
  for (const g of [1, 2, 3] as const) {
    const inGroup = compared.filter((p) => p.group === g);
    if (inGroup.length === 0) continue;
    const values = inGroup.map((p) => p.savingsBps).filter((v) => v !== 0);
    const counts = new Array<number>(all.counts.length).fill(0);
    for (const v of values) {
      const i = binOf(all, v);
      counts[i] = (counts[i] ?? 0) + 1;
    }
    data.push({
      type: "bar",
      name: `${GROUP_NAMES[g]}: ${values.length} ≠ 0, ${inGroup.length - values.length} at 0`,
      x: binCenters(all),
      y: counts,
      width: all.width,
      opacity: 0.65,
      marker: { color: seriesColor(g - 1) },
      hovertemplate: "%{x} bps: %{y} sweeps<extra>%{fullData.name}</extra>",
    });
  }
  const zeros = compared.length - nonZero.length;
  const title =
    `Savings per sweep, simulated vs real (bps): ${compared.length} of ${points.length} sweeps compared` +
    `<br><sup>${nonZero.length} with a saving ≠ 0 drawn; ${zeros} saved exactly 0 (same price), not drawn</sup>`;
  const layout = baseLayout(title, "saving (bps of the real VWAP; > 0: simulation better for the owner)", "sweeps");
  return {
    data,
    layout: {
      ...layout,
      legend: { orientation: "h", x: 0, y: 1.1 },
      margin: { t: 110, r: 40, b: 60, l: 70 },
      barmode: "overlay",
      bargap: 0,
      shapes: [
        {
          type: "line",
          x0: 0,
          x1: 0,
          yref: "paper",
          y0: 0,
          y1: 1,
          line: { color: COLORS.neutral, dash: "dash", width: 1 },
        },
      ],
    },
  };
}
