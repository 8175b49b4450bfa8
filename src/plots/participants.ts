import { baseLayout, RIGHT_AXIS_MARGIN, type Figure } from "./figure.js";
import { fillRatioAxis, fillRatioTraces, savingsAxis, savingsTrace } from "./fill-ratio-traces.js";
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
      ...fillRatioTraces(r, x, "bars", undefined, { customdata, hovertemplate: hover }),
      savingsTrace(r, x, 11, { customdata, hovertemplate: "%{x}: %{y:.2f} bps<extra>%{fullData.name}</extra>" }),
    ],
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { title: { text: "participant" }, type: "category", tickangle: -30 },
      yaxis: fillRatioAxis(),
      yaxis2: savingsAxis(),
      margin: { ...RIGHT_AXIS_MARGIN, b: 110 },
    },
  };
}
