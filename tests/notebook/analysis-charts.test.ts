import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG_PATH } from "../../src/config/index.js";
import {
  aggregate,
  costScenarioChart,
  fillRatioChart,
  participantChart,
  records,
  run,
  securityNames,
  timeSeriesChart,
  type AggregateFrames,
  type RunResult,
} from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";

// The shipped sample data, with its participants file: what notebook 05 charts.
const SAMPLE = dirname(SAMPLE_CONFIG_PATH);
let result: RunResult;
let frames: AggregateFrames;

beforeAll(async () => {
  result = await run(
    SAMPLE_CONFIG_PATH,
    {
      outputDir: tmp("sweeplab-analysis-charts-"),
      workers: 1,
      reference: { instruments: join(SAMPLE, "ob.csv"), participants: join(SAMPLE, "par.csv") },
    },
    { progress: false },
  );
  frames = await aggregate(result);
}, 120_000);

describe("charts of the sample run's aggregated tables", () => {
  it("securityNames reads ob.csv's names through the run's config, or from the file itself", async () => {
    const names = await securityNames(result);
    expect([...names]).toEqual([
      ["110621", "KEL Synthetic Security 110621"],
      ["110622", "NXP Synthetic Security 110622"],
      ["110623", "SLO Synthetic Security 110623"],
    ]);
    expect(await securityNames(join(SAMPLE, "ob.csv"))).toEqual(names);
    expect(await securityNames({ reference: {} })).toEqual(new Map());
    const chart = fillRatioChart(frames, "security", { names });
    expect(chart.data[0]?.x).toEqual([
      "110621 KEL Synthetic Security",
      "110622 NXP Synthetic Security",
      "110623 SLO Synthetic Security",
    ]);
  });

  it("participantChart: one bar per participant of by_participant, named from par.csv", () => {
    const fig = participantChart(frames);
    const rows = records(frames.by_participant);
    expect(fig.data[0]?.x).toEqual(rows.map((r) => `${String(r.participant_id)} ${String(r.participant_name)}`));
    expect(fig.data[0]?.x?.[0]).toBe("1001 BrokerA");
    expect(fig.data[0]?.y).toEqual(rows.map((r) => r.real_fill_ratio));
    expect(fig.data[2]?.y).toEqual(rows.map((r) => r.savings_bps));
  });

  it("timeSeriesChart: per security, the rolling trend over the summed participants; per participant for one security", () => {
    const bySecurity = timeSeriesChart(frames, { by: "security", names: new Map([["110621", "KEL"]]) });
    const lines = bySecurity.data.filter((t) => t.mode === "lines");
    expect(lines.map((t) => t.name)).toEqual(["110621 KEL", "110622", "110623"]);
    // Each security's per-date dots equal Σ real_filled / Σ qty over its rows of that date.
    const ts = records(frames.time_series_analysis).filter((r) => r.security_code === "110622");
    const dates = [...new Set(ts.map((r) => String(r.date)))].sort();
    const expected = dates.map((d) => {
      const day = ts.filter((r) => r.date === d);
      return day.reduce((n, r) => n + Number(r.real_filled), 0) / day.reduce((n, r) => n + Number(r.qty), 0);
    });
    const dots = bySecurity.data.find((t) => t.name === "110622 (per date)");
    expect(dots?.x).toEqual(dates);
    expect(dots?.y).toEqual(expected);

    const one = timeSeriesChart(frames, { securities: ["110621"] });
    const participants = new Set(
      records(frames.time_series_analysis)
        .filter((r) => r.security_code === "110621")
        .map((r) => r.participant_id),
    );
    expect(one.data.length).toBe(2 * participants.size);
    expect(one.data[0]?.name).toBe("1001 BrokerA");
    expect(one.layout.title.text).toContain("110621");
  });

  it("costScenarioChart: the three scenarios per security or per participant, in AUD", async () => {
    const names = await securityNames(result);
    const fig = costScenarioChart(frames, "security", { names });
    const rows = records(frames.by_security);
    expect(fig.data[0]?.x?.[0]).toBe("110621 KEL Synthetic Security");
    expect(fig.data.map((t) => t.y)).toEqual([
      rows.map((r) => r.cost_midpoint_aud),
      rows.map((r) => r.cost_half_spread_aud),
      rows.map((r) => r.cost_impact_aud),
    ]);
    const byParticipant = costScenarioChart(frames, "participant");
    expect(byParticipant.data[0]?.x?.length).toBe(frames.by_participant.shape[0]);
    expect(byParticipant.layout.xaxis?.title?.text).toBe("participant");
  });

  it("the second argument may be the options, by among them; a by of no chart is bad_argument, never another chart", async () => {
    const names = await securityNames(result);
    // charts.fillRatio(t, { names }) drew the by-date chart, unnamed; costScenario(t, { by }) titled "[object Object]"
    expect(fillRatioChart(frames, { names })).toEqual(fillRatioChart(frames, "security", { names }));
    expect(fillRatioChart(frames, { by: "date" })).toEqual(fillRatioChart(frames, "date"));
    expect(costScenarioChart(frames, { by: "participant" })).toEqual(costScenarioChart(frames, "participant"));
    expect(costScenarioChart(frames, { names })).toEqual(costScenarioChart(frames, "security", { names }));
    const bad = (f: () => unknown) => expect(f).toThrow(expect.objectContaining({ code: "bad_argument" }));
    bad(() => fillRatioChart(frames, "participant" as "date"));
    expect(() => fillRatioChart(frames, "dates" as "date")).toThrow(
      'charts.fillRatio: by must be "security" or "date", got "dates"',
    );
    bad(() => costScenarioChart(frames, { by: "date" as "security" }));
    expect(() => timeSeriesChart(frames, { by: "date" as "security" })).toThrow(
      'charts.timeSeries: by must be "participant" or "security", got "date"',
    );
  });
});
