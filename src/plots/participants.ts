import { baseLayout, COLORS, orNull, RIGHT_AXIS_MARGIN, rightAxis, type Figure } from "./figure.js";
import { participantLabel } from "./labels.js";

/** One participant's row of `by_participant`: its id, name and type (par.csv; "" when unknown) and measures. */
export interface ParticipantRow {
  participantId: number;
  name: string;
  type: string;
  sweeps: number;
  /** Real and simulated fill ratio, 0..1; undefined when the participant's sweeps have no quantity. */
  realFillRatio: number | undefined;
  simFillRatio: number | undefined;
  /** Savings of the simulation over the real execution, bps of the compared real value; undefined: nothing compared. */
  savingsBps: number | undefined;
}

/**
 * Real vs simulated fill ratio per participant (grouped bars, left axis) with the saving in bps
 * (diamonds, right axis), participants by ascending id and labelled "1001 BrokerA"; hovers give
 * the participant's type and sweeps. Without participant names (no par.csv), ids label the bars.
 */
export function participantFigure(rows: readonly ParticipantRow[]): Figure {
  const r = [...rows].sort((a, b) => a.participantId - b.participantId);
  const x = r.map((p) => participantLabel(p.participantId, p.name));
  const customdata = r.map((p) => [p.type === "" ? "type unknown" : p.type, p.sweeps]);
  const hover = "%{x} (%{customdata[0]}): %{y:.1%}, %{customdata[1]:,} sweeps<extra>%{fullData.name}</extra>";
  const layout = baseLayout("By participant: fill ratio and savings", "participant", "fill ratio");
  return {
    data: [
      {
        type: "bar",
        name: "real fill ratio",
        x,
        y: r.map((p) => orNull(p.realFillRatio)),
        customdata,
        hovertemplate: hover,
        marker: { color: COLORS.real },
      },
      {
        type: "bar",
        name: "simulated fill ratio",
        x,
        y: r.map((p) => orNull(p.simFillRatio)),
        customdata,
        hovertemplate: hover,
        marker: { color: COLORS.simulated },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "savings (bps, right axis)",
        x,
        y: r.map((p) => orNull(p.savingsBps)),
        yaxis: "y2",
        customdata,
        hovertemplate: "%{x}: %{y:.2f} bps<extra>%{fullData.name}</extra>",
        marker: { color: COLORS.neutral, size: 11, symbol: "diamond" },
      },
    ],
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { title: { text: "participant" }, type: "category", tickangle: -30 },
      yaxis: { title: { text: "fill ratio" }, tickformat: ".0%", rangemode: "tozero" },
      yaxis2: rightAxis("savings (bps)", { zeroline: true }),
      margin: { ...RIGHT_AXIS_MARGIN, b: 110 },
    },
  };
}
