import { baseLayout, orNull, seriesColor, type Figure, type Trace } from "./figure.js";

/**
 * The cost scenarios of one group of sweeps (a security, a participant, …): the real fills re-priced
 * at the mean NBBO midpoint over each order's life, side-signed so that a positive amount is what
 * the real execution cost the order's owner beyond that price, in AUD, summed over `costOrders`
 * sweeps (those with a real fill and a midpoint).
 */
export interface CostRow {
  /** The group as the chart names it ("110621 KEL Synthetic Security", "1001 BrokerA", …). */
  label: string;
  costOrders: number;
  /** Against the midpoint. */
  midpointAud: number | undefined;
  /** Against half the spread captured: ½·midpoint + ½·real VWAP (half of `midpointAud`). */
  halfSpreadAud: number | undefined;
  /** Against a price k exchange ticks past the midpoint on the order's side (`analysis.impactTicks`). */
  impactAud: number | undefined;
}

/** Options of {@link costScenariosFigure}. */
export interface CostOptions {
  /** What a group is, for the axis title (default "security"). */
  groupTitle?: string;
  /** k of the impact scenario, in ticks, for its legend name (default 1, the config's default). */
  impactTicks?: number;
}

/**
 * The three cost scenarios per group as grouped bars in AUD, groups in the order given: against the
 * midpoint, with half the spread captured, and against a k-tick impact price; a positive bar is a
 * cost of the real execution over that price, a negative one a gain. Hovers give the sweeps counted.
 */
export function costScenariosFigure(rows: readonly CostRow[], options: CostOptions = {}): Figure {
  const group = options.groupTitle ?? "security";
  const k = options.impactTicks ?? 1;
  const x = rows.map((r) => r.label);
  const customdata = rows.map((r) => r.costOrders);
  const bars = (name: string, i: number, y: (r: CostRow) => number | undefined): Trace => ({
    type: "bar",
    name,
    x,
    y: rows.map((r) => orNull(y(r))),
    customdata,
    marker: { color: seriesColor(i + 2) },
    hovertemplate: `%{x}: A$%{y:,.2f} over %{customdata:,} sweeps<extra>%{fullData.name}</extra>`,
  });
  const layout = baseLayout(
    `Cost scenarios by ${group}: real fills against reference prices (AUD)` +
      "<br><sup>> 0: the real execution cost the owner more than the reference price; < 0: less</sup>",
    group,
    "AUD",
  );
  return {
    data: [
      bars("vs midpoint", 0, (r) => r.midpointAud),
      bars("vs half-spread capture", 1, (r) => r.halfSpreadAud),
      bars(`vs midpoint ± ${k} tick${k === 1 ? "" : "s"} (impact)`, 2, (r) => r.impactAud),
    ],
    layout: {
      ...layout,
      legend: { orientation: "h", x: 0, y: 1.1 },
      margin: { t: 110, r: 40, b: 60, l: 80 },
      barmode: "group",
      xaxis: { title: { text: group }, type: "category" },
      yaxis: { title: { text: "AUD" }, tickprefix: "A$", separatethousands: true, zeroline: true },
    },
  };
}
