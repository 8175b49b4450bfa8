import { describe, expect, it } from "vitest";
import {
  costScenariosFigure,
  fillRatioBySecurityFigure,
  orderScatterFigure,
  participantFigure,
  participantLabel,
  savingsBoxFigure,
  securityLabel,
  timeSeriesFigure,
  type ParticipantRow,
  type SeriesRow,
} from "../../src/plots/index.js";

// The names of the sample data's instruments file (sample_data/ob.csv, column Name).
const names = new Map([
  ["110621", "KEL Synthetic Security 110621"],
  ["110622", "BHP"],
  ["110623", ""],
]);

describe("security and participant labels", () => {
  it("code and name, the code taken out of a name that repeats it; the code alone without a name", () => {
    expect(securityLabel("110621", names)).toBe("110621 KEL Synthetic Security");
    expect(securityLabel("110622", names)).toBe("110622 BHP");
    expect(securityLabel("110623", names)).toBe("110623");
    expect(securityLabel("110624", names)).toBe("110624");
    expect(securityLabel("110621")).toBe("110621");
    expect(participantLabel(1001, "BrokerA")).toBe("1001 BrokerA");
    expect(participantLabel(1001, " ")).toBe("1001");
  });

  it("the fill ratio by security chart and the per-order scatter name the securities", () => {
    const fig = fillRatioBySecurityFigure(
      [
        { key: "110622", sweeps: 3, realFillRatio: 0.5, simFillRatio: 0.25 },
        { key: "110621", sweeps: 2, realFillRatio: 1, simFillRatio: 1 },
      ],
      { names },
    );
    expect(fig.data[0]?.x).toEqual(["110621 KEL Synthetic Security", "110622 BHP"]);
    expect(fig.data[0]?.hovertemplate).toContain("%{x}");
    const scatter = orderScatterFigure(
      [
        { orderId: "1", securityCode: "110622", qty: 10, realFilled: 5, simFilled: 10 },
        { orderId: "2", securityCode: "110623", qty: 10, realFilled: 0, simFilled: 0 },
      ],
      { names },
    );
    expect(scatter.data.map((t) => t.name)).toEqual(["110622 BHP", "110623", "y = x"]);
  });
});

describe("participants", () => {
  it("bars of real and simulated fill ratio by participant id, labelled with names, savings on the right axis", () => {
    const rows: ParticipantRow[] = [
      {
        participantId: 1002,
        name: "BrokerB",
        type: "Broker",
        sweeps: 291,
        realFillRatio: 0.55,
        simFillRatio: 0.6,
        savingsBps: 0.28,
      },
      {
        participantId: 1001,
        name: "BrokerA",
        type: "Broker",
        sweeps: 561,
        realFillRatio: 0.48,
        simFillRatio: 0.54,
        savingsBps: 0.67,
      },
      {
        participantId: 1003,
        name: "",
        type: "",
        sweeps: 0,
        realFillRatio: undefined,
        simFillRatio: Number.NaN,
        savingsBps: undefined,
      },
    ];
    const fig = participantFigure(rows);
    expect(fig.data.map((t) => [t.type, t.name, t.yaxis ?? "y"])).toEqual([
      ["bar", "real fill ratio", "y"],
      ["bar", "simulated fill ratio", "y"],
      ["scatter", "savings (bps, right axis)", "y2"],
    ]);
    expect(fig.data[0]?.x).toEqual(["1001 BrokerA", "1002 BrokerB", "1003"]);
    expect(fig.data[0]?.y).toEqual([0.48, 0.55, null]);
    expect(fig.data[1]?.y).toEqual([0.54, 0.6, null]);
    expect(fig.data[2]?.y).toEqual([0.67, 0.28, null]);
    expect(fig.data[0]?.customdata).toEqual([
      ["Broker", 561],
      ["Broker", 291],
      ["type unknown", 0],
    ]);
    expect(fig.layout.yaxis2?.automargin).toBe(true);
  });
});

function series(
  date: string,
  securityCode: string,
  participantId: number,
  qty: number,
  realFilled: number,
  rolling?: number,
): SeriesRow {
  return {
    date,
    securityCode,
    participantId,
    sweeps: 1,
    qty,
    realFilled,
    realFillRatio: realFilled / qty,
    rollingRealFillRatio: rolling,
  };
}

describe("time series", () => {
  // Two participants of 110621 over three dates; the table's own rolling values are passed through.
  const rows: SeriesRow[] = [
    series("2024-10-03", "110621", 1001, 100, 50, 0.6),
    series("2024-10-02", "110621", 1001, 100, 70, 0.7),
    series("2024-10-02", "110621", 1002, 300, 0, 0),
    series("2024-10-04", "110621", 1002, 100, 100, 0.25),
    series("2024-10-04", "110622", 1001, 200, 20, 0.1),
  ];

  it("per (security, participant): a rolling line and per-date dots sharing a legend entry, dates in order", () => {
    const fig = timeSeriesFigure(rows, { names, participantNames: new Map([[1001, "BrokerA"]]) });
    expect(fig.data.map((t) => [t.name, t.mode, t.legendgroup, t.showlegend ?? true])).toEqual([
      ["110621 KEL Synthetic Security · 1001 BrokerA", "lines", "110621 KEL Synthetic Security · 1001 BrokerA", true],
      [
        "110621 KEL Synthetic Security · 1001 BrokerA (per date)",
        "markers",
        "110621 KEL Synthetic Security · 1001 BrokerA",
        false,
      ],
      ["110621 KEL Synthetic Security · 1002", "lines", "110621 KEL Synthetic Security · 1002", true],
      ["110621 KEL Synthetic Security · 1002 (per date)", "markers", "110621 KEL Synthetic Security · 1002", false],
      ["110622 BHP · 1001 BrokerA", "lines", "110622 BHP · 1001 BrokerA", true],
      ["110622 BHP · 1001 BrokerA (per date)", "markers", "110622 BHP · 1001 BrokerA", false],
    ]);
    expect(fig.data[0]?.x).toEqual(["2024-10-02", "2024-10-03"]);
    expect(fig.data[0]?.y).toEqual([0.7, 0.6]);
    expect(fig.data[1]?.y).toEqual([0.7, 0.5]);
    expect(fig.layout.xaxis?.categoryorder).toBe("category ascending");
  });

  it("one security: the title names it and the series only the participant", () => {
    const fig = timeSeriesFigure(
      rows.filter((r) => r.securityCode === "110621"),
      { names },
    );
    expect(fig.layout.title.text).toBe(
      "Real fill ratio over time, 110621 KEL Synthetic Security: rolling trend (lines), each date (dots)",
    );
    expect(fig.data.filter((t) => t.mode === "lines").map((t) => t.name)).toEqual(["1001", "1002"]);
  });

  it("per security: participants summed per date, the rolling ratio recomputed over the last ≤ window dates", () => {
    const fig = timeSeriesFigure(rows, { by: "security", window: 2 });
    expect(fig.data.filter((t) => t.mode === "lines").map((t) => t.name)).toEqual(["110621", "110622"]);
    const [line, dots] = fig.data;
    expect(line?.x).toEqual(["2024-10-02", "2024-10-03", "2024-10-04"]);
    // 10-02: (70 + 0) / (100 + 300) = 0.175; 10-03: 50 / 100 = 0.5; 10-04: 100 / 100 = 1.
    expect(dots?.y).toEqual([0.175, 0.5, 1]);
    expect(dots?.customdata).toEqual([2, 1, 1]);
    // Rolling over 2 dates: 70/400 = 0.175; (70 + 50)/(400 + 100) = 0.24; (50 + 100)/(100 + 100) = 0.75.
    expect(line?.y).toEqual([0.175, 0.24, 0.75]);
    expect(fig.layout.title.text).toContain("rolling over ≤ 2 dates");
    // A date without quantity is a gap, not a 0.
    const gap = timeSeriesFigure([{ ...series("2024-10-02", "1", 1, 1, 0), qty: 0, realFillRatio: undefined }], {
      by: "security",
    });
    expect(gap.data[0]?.y).toEqual([null]);
  });
});

describe("cost scenarios", () => {
  it("three grouped bars per group in AUD, in the given order, a gap for no answer", () => {
    const fig = costScenariosFigure(
      [
        {
          label: "110621 KEL",
          costOrders: 406,
          midpointAud: 1441.538298,
          halfSpreadAud: 720.769146,
          impactAud: -7177.061702,
        },
        { label: "110622", costOrders: 0, midpointAud: 0, halfSpreadAud: 0, impactAud: undefined },
      ],
      { impactTicks: 2 },
    );
    expect(fig.data.map((t) => t.name)).toEqual([
      "vs midpoint",
      "vs half-spread capture",
      "vs midpoint ± 2 ticks (impact)",
    ]);
    expect(fig.data.map((t) => t.y)).toEqual([
      [1441.538298, 0],
      [720.769146, 0],
      [-7177.061702, null],
    ]);
    expect(fig.data[0]?.x).toEqual(["110621 KEL", "110622"]);
    expect(fig.data[0]?.customdata).toEqual([406, 0]);
    expect(fig.layout.barmode).toBe("group");
    expect(fig.layout.xaxis?.title?.text).toBe("security");
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });
});

describe("savings boxes", () => {
  it("one box trace per fill group over the size bands, the zeros counted not drawn, bands in size order", () => {
    const fig = savingsBoxFigure([
      { group: 1, sizeBand: "Large", savingsBps: 2.5 },
      { group: 1, sizeBand: "Small", savingsBps: 0 },
      { group: 1, sizeBand: "Small", savingsBps: -1.25 },
      { group: 2, sizeBand: "Medium", savingsBps: 0 },
      { group: 2, sizeBand: "Medium", savingsBps: 4 },
      { group: 3, sizeBand: "Small", savingsBps: undefined },
    ]);
    expect(fig.data.map((t) => [t.type, t.name, t.x, t.y])).toEqual([
      ["box", "Group 1 (fully filled): 2 ≠ 0, 1 at 0", ["Large", "Small"], [2.5, -1.25]],
      ["box", "Group 2 (partially filled): 1 ≠ 0, 1 at 0", ["Medium"], [4]],
    ]);
    expect(fig.layout.xaxis?.categoryarray).toEqual(["Small", "Medium", "Large"]);
    expect(fig.layout.boxmode).toBe("group");
    expect(fig.layout.title.text).toContain("3 sweeps with a saving ≠ 0");
    expect(fig.layout.title.text).toContain("2 of 5 compared sweeps saved exactly 0");
  });
});
