import { baseLayout, COLORS, seriesColor, type Figure, type Trace } from "./figure.js";

/** One sweep for {@link savingsBoxFigure}: its fill group, size band and saving in bps (undefined: nothing compared). */
export interface SavingsBoxPoint {
  group: 1 | 2 | 3;
  /** `Small`, `Medium`, `Large`, or any other band name (drawn after those three, by name). */
  sizeBand: string;
  savingsBps: number | undefined;
}

const GROUPS = { 1: "Group 1 (fully filled)", 2: "Group 2 (partially filled)", 3: "Group 3 (un-filled)" };
const BAND_ORDER = ["Small", "Medium", "Large"];

/**
 * Boxes of the non-zero per-sweep savings (bps) by size band, one box per fill group in each band:
 * where most sweeps saved exactly 0, this shows how the rest spread. The sweeps at exactly 0 are
 * counted in each group's legend entry and the title, not drawn; sweeps with nothing compared are
 * left out. Outliers are drawn as points; a dashed line marks 0.
 */
export function savingsBoxFigure(points: readonly SavingsBoxPoint[]): Figure {
  const compared = points.filter(
    (p): p is SavingsBoxPoint & { savingsBps: number } => p.savingsBps !== undefined && Number.isFinite(p.savingsBps),
  );
  const rank = (b: string): number => (BAND_ORDER.includes(b) ? BAND_ORDER.indexOf(b) : BAND_ORDER.length);
  const bands = [...new Set(compared.map((p) => p.sizeBand))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const data: Trace[] = [];
  for (const g of [1, 2, 3] as const) {
    const inGroup = compared.filter((p) => p.group === g);
    if (inGroup.length === 0) continue;
    const drawn = inGroup.filter((p) => p.savingsBps !== 0);
    data.push({
      type: "box",
      name: `${GROUPS[g]}: ${drawn.length} ≠ 0, ${inGroup.length - drawn.length} at 0`,
      x: drawn.map((p) => p.sizeBand),
      y: drawn.map((p) => p.savingsBps),
      boxpoints: "outliers",
      marker: { color: seriesColor(g - 1), size: 4 },
      hovertemplate: "%{x}: %{y:.2f} bps<extra>%{fullData.name}</extra>",
    });
  }
  const zeros = compared.filter((p) => p.savingsBps === 0).length;
  const title =
    `Savings per sweep by size band and fill group (bps): ${compared.length - zeros} sweeps with a saving ≠ 0` +
    `<br><sup>${zeros} of ${compared.length} compared sweeps saved exactly 0 (same price), not drawn</sup>`;
  const layout = baseLayout(title, "size band", "saving (bps; > 0: simulation better for the owner)");
  return {
    data,
    layout: {
      ...layout,
      boxmode: "group",
      legend: { orientation: "h", x: 0, y: 1.1 },
      margin: { t: 110, r: 40, b: 60, l: 70 },
      xaxis: { title: { text: "size band" }, type: "category", categoryorder: "array", categoryarray: bands },
      yaxis: { title: { text: "saving (bps; > 0: simulation better for the owner)" }, zeroline: false },
      shapes: [
        {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          y0: 0,
          y1: 0,
          line: { color: COLORS.neutral, dash: "dash", width: 1 },
        },
      ],
    },
  };
}
