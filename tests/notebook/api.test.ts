import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  aggregate,
  DataFrame,
  compare,
  diffFrames,
  plot,
  records,
  run,
  scan,
  setDisplayTarget,
  setPlotMode,
  show,
  statistics,
  sweepMetricsOf,
  sweepRows,
  testsFrame,
  workDir,
  type JobEvent,
  type ProgressEvent,
  type RunEvent,
  type RunResult,
} from "../../src/notebook/index.js";
import type { RunConfigInput } from "../../src/config/index.js";
import { fillRatioBySecurityFigure } from "../../src/plots/index.js";
import { faults, tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";
import { collector } from "./collector.js";

let data = "";
let first: RunResult;
const events: RunEvent[] = [];
const display = collector();

const config = (out: string): RunConfigInput => ({
  inputs: [data],
  reference: { instruments: join(data, "ob.csv") },
  outputDir: out,
  workers: 2,
  jobTimeoutMs: 20_000,
  retries: 0,
});

beforeAll(async () => {
  data = await smallData(5);
  setDisplayTarget(display);
  const handle = run(config(tmp("sweeplab-nb-run-")));
  for await (const e of handle) events.push(e);
  first = await handle;
  setDisplayTarget(undefined);
}, 120_000);

afterEach(() => setDisplayTarget(undefined));

describe("run", () => {
  it("is awaitable and iterable: progress of every phase, then each job as it finishes", () => {
    expect(first.summary.jobs).toMatchObject({ total: 6, done: 6, failed: 0 });
    expect(first.cancelled).toBe(false);
    expect(first.failures).toEqual([]);
    const phases = [
      ...new Set(events.filter((e): e is ProgressEvent => e.type === "progress").map((e) => e.progress.phase)),
    ];
    expect(phases).toEqual(["partition", "jobs", "aggregate"]);
    const jobs = events.filter((e): e is JobEvent => e.type === "job");
    expect(jobs.map((j) => j.key).sort()).toEqual(first.jobs.map((j) => j.key).sort());
    expect(jobs).toHaveLength(6);
    expect(jobs.every((j) => j.status === "done" && j.record.sweeps !== undefined)).toBe(true);
    // Each with the parts of its key, as the pipeline handed them.
    expect(jobs.map((j) => `${j.securityCode}|${j.date}`)).toEqual(jobs.map((j) => j.key));
    expect(first.peakRssMb).toBeGreaterThan(10);
  });

  it("shows one live display, rewritten in place: a line per phase, then the summary", () => {
    expect(display.live_).toHaveLength(1);
    const states = display.live_[0] ?? [];
    expect(states.length).toBeGreaterThan(2);
    const last = states.at(-1);
    expect(last?.html).toMatch(/partition .*▕█+▏ \d+\/\d+ done/);
    expect(last?.html).toMatch(/jobs .*▕█+▏ 6\/6 done, 0 failed/);
    expect(last?.text).toContain("wall time");
    expect(last?.html).not.toContain("sweeplab-failures");
  });

  it("a rerun skips everything: no job finishes, every iterator sees every event from the first", async () => {
    const h = run(config(first.outputDir), {}, { progress: false });
    const again = await h;
    expect(again.summary.jobs).toMatchObject({ done: 0, skipped: 6 });
    expect(again.jobs).toEqual([]);
    const seen: string[] = [];
    for await (const e of h) seen.push(e.type === "progress" ? e.progress.phase : e.key);
    expect(seen[0]).toBe("partition");
  });

  it("a rerun after the manifest's listing was lost (a kill -9 before it was saved) lists no job as this run's", async () => {
    const out = tmp("sweeplab-nb-lost-");
    cpSync(first.outputDir, out, { recursive: true });
    // The jobs' sealed job.json prove them current; the run manifest only lists them.
    rmSync(join(out, "run_manifest.json"));
    const h = run(config(out), {}, { progress: false });
    const seen: string[] = [];
    for await (const e of h) if (e.type === "job") seen.push(e.key);
    const again = await h;
    expect(again.summary.jobs).toMatchObject({ done: 0, skipped: 6 });
    expect(seen).toEqual([]);
    expect(again.jobs).toEqual([]);
  });

  it("takes a config file path plus overrides", async () => {
    const dir = tmp("sweeplab-nb-cfg-");
    const file = join(dir, "run.json");
    // A copy of the first run's folder: a run of one security sets the other's jobs aside, and the
    // tests below read the first run's.
    const out = join(dir, "out");
    cpSync(first.outputDir, out, { recursive: true });
    writeFileSync(file, JSON.stringify(config(out)));
    const r = await run(file, { securities: ["110621"] }, { progress: false });
    expect(r.config.securities).toEqual(["110621"]);
    expect(r.summary.jobs).toMatchObject({ total: 3, skipped: 3 });
  });

  it("shows a failed job legibly (task, error code, message) while the others complete", async () => {
    const c = collector();
    setDisplayTarget(c);
    const r = await run(config(tmp("sweeplab-nb-fail-")), {}, faults({ "110621|2024-10-03": "throw" }));
    expect(r.summary.jobs).toMatchObject({ done: 5, failed: 1 });
    expect(r.failures).toMatchObject([{ key: "110621|2024-10-03", phase: "jobs", code: "job_threw", attempts: 1 }]);
    const failedEvents = r.jobs.filter((j) => j.status === "failed");
    expect(failedEvents.map((j) => [j.key, j.record.error?.code])).toEqual([["110621|2024-10-03", "job_threw"]]);
    const last = c.live_[0]?.at(-1);
    expect(last?.html).toContain('class="sweeplab-failures"');
    expect(last?.html).toMatch(/<code>110621\|2024-10-03<\/code><\/td><td><b>job_threw<\/b>/);
    expect(last?.text).toMatch(/FAILED 110621\|2024-10-03 \[job_threw\] after 1 attempt\(s\): /);
  });

  it("cancel() stops the run cleanly; the result says so", async () => {
    const h = run(config(tmp("sweeplab-nb-cancel-")), { workers: 1 }, { progress: false });
    h.cancel();
    const r = await h;
    expect(r.cancelled).toBe(true);
    expect(h.done).toBe(true);
    expect(r.summary.jobs?.done ?? 0).toBeLessThan(6);
  });

  it("cancel() once the run no longer stops for it (as the aggregation starts): a finished run, not cancelled", async () => {
    const out = tmp("sweeplab-nb-cancel-late-");
    const h = run(
      config(out),
      { workers: 1 },
      {
        progress: false,
        onProgress: (p) => {
          if (p.phase === "aggregate") h.cancel();
        },
      },
    );
    const r = await h;
    expect(r.summary.aggregate?.files.length).toBeGreaterThan(0);
    expect(existsSync(join(out, "aggregated", "global_summary.csv"))).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(h.state).toBe("finished");
  });

  it("rejects a bad config field by field, and iterating it throws the same error", async () => {
    const c = collector();
    setDisplayTarget(c);
    const h = run({ inputs: [], workers: 0 });
    await expect(h).rejects.toMatchObject({ name: "ConfigError", code: "bad_config" });
    await expect(
      (async () => {
        for await (const _ of h) void _;
      })(),
    ).rejects.toThrow(/inputs[\s\S]*workers/);
    // Nothing had begun: the live display stays empty, the error is shown once, by the cell's error output.
    expect(c.live_.flat()).toEqual([]);
  });
});

describe("aggregate, compare, statistics", () => {
  it("aggregate gives the seven tables and data_quality as DataFrames; a filter keeps only some jobs", async () => {
    const all = await aggregate(first);
    expect(Object.keys(all)).toEqual([
      "global_summary",
      "by_security",
      "by_date",
      "by_participant",
      "time_series_analysis",
      "time_of_day",
      "size_band",
      "data_quality",
    ]);
    expect(all.by_security.shape[0]).toBe(2);
    expect(all.data_quality.shape[0]).toBe(all.by_date.shape[0]! * all.by_security.shape[0]!); // one row per job
    const one = await aggregate(first.outputDir, { securities: ["110622"] });
    expect(one.by_security.column("security_code").values).toEqual(["110622"]);
    const sweeps = records(all.by_security).reduce((n, r) => n + Number(r.sweeps), 0);
    expect(sweeps).toBe((await sweepRows(first)).length);
  });

  it("aggregate names the participants when the config has a participants file", async () => {
    // An output folder has no config: no participants file, the names empty.
    const plain = await aggregate(first.outputDir);
    expect((plain.by_participant.column("participant_name").values as string[]).every((v) => v === "")).toBe(true);
    // The run found par.csv among its inputs (its config names no participants file): its result's
    // config names it, and aggregate(result) has the names its own by_participant.csv has.
    expect(first.config.reference?.participants).toBe(join(data, "par.csv"));
    const found = records((await aggregate(first)).by_participant);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => /^\S/.test(String(r.participant_name)))).toBe(true);
    const withNames = { ...first.config, reference: { participants: join(data, "par.csv") } };
    const named = await aggregate(withNames);
    const rows = records(named.by_participant);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^\S/.test(String(r.participant_name)) && String(r.participant_type) !== "")).toBe(true);
    await expect(
      aggregate({ ...first.config, reference: { participants: join(data, "missing.csv") } }),
    ).rejects.toMatchObject({ name: "InputErrors" });
  });

  it("compare: one row per sweep, real against simulated, exact ids as text", async () => {
    const rows = await sweepRows(first);
    const cmp = await compare(first);
    expect(cmp.shape[0]).toBe(rows.length);
    expect(cmp.columns.slice(0, 8)).toEqual([
      "security_code",
      "date",
      "order_id",
      "participant_id",
      "side",
      "group",
      "size_band",
      "placed_time",
    ]);
    const r0 = records(cmp)[0];
    const s0 = rows[0];
    expect(r0?.order_id).toBe(s0?.orderId.toString());
    expect(r0?.filled_diff).toBe((s0?.simFilled ?? 0) - (s0?.realFilled ?? 0));
    expect(String(r0?.placed_time)).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect((await compare(rows, { dates: [s0?.date ?? ""] })).shape[0]).toBe(
      rows.filter((r) => r.date === s0?.date).length,
    );
  });

  it("a run result left as a cell's value prints one line in a notebook, the whole object elsewhere", () => {
    setDisplayTarget(collector());
    expect(inspect(first)).toBe(
      `RunResult of ${first.outputDir}: 6 done, 0 skipped (already current), 0 failed of 6 jobs — ` +
        "the summary is shown above; details in .summary, .config, .failures, .jobs; its tables: await aggregate(result)",
    );
    setDisplayTarget(undefined);
    expect(inspect(first)).toContain("summary: {");
    expect(Object.keys(first)).toEqual([
      "config",
      "outputDir",
      "summary",
      "cancelled",
      "failures",
      "jobs",
      "skippedCurrent",
      "peakRssMb",
    ]);
  });

  it("sweepRows reads only the jobs its filter keeps: a damaged job elsewhere does not matter", async () => {
    const copy = tmp("sweeplab-nb-rows-");
    cpSync(first.outputDir, copy, { recursive: true });
    const all = await sweepRows(copy);
    const damaged = join(copy, "by_security", "SEC_110621");
    for (const date of readdirSync(damaged)) writeFileSync(join(damaged, date, "simulation.parquet"), "not parquet");
    const kept = await sweepRows(copy, { securities: ["110622"] });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(all.filter((r) => r.securityCode === "110622"));
    await expect(sweepRows(copy)).rejects.toThrow(/simulation\.parquet/);
  });

  it("a filter typed at the REPL: codes as numbers, a comma-separated text as a list (not a substring)", async () => {
    const all = await sweepRows(first);
    const typed = (v: unknown): string[] => v as string[];
    expect(await sweepRows(first, { securities: typed([110622]) })).toEqual(
      all.filter((r) => r.securityCode === "110622"),
    );
    expect(await sweepRows(first, { securities: typed("110621, 110622") })).toEqual(all);
    // "1106221" holds "110622" but names no security of the run.
    await expect(sweepRows(first, { securities: typed("1106221") })).rejects.toThrow(/1106221 is not in the data/);
  });

  it("statistics and testsFrame: the paired tests of sweepStatistics as a table", async () => {
    const rows = await sweepRows(first);
    const m = sweepMetricsOf(rows);
    expect(m.length).toBe(rows.length);
    expect(m.orderId[0]).toBe(rows[0]?.orderId);
    const stats = statistics(rows);
    expect(stats.overall.matchedQty.n).toBe(rows.length);
    const f = await testsFrame(stats);
    expect(f.shape).toEqual([21, 10]);
    expect(records(f)[0]).toMatchObject({ scope: "all", measure: "filled qty (shares)", n: rows.length });
  });

  it("diffFrames lists changed cells, and nothing for equal frames", async () => {
    const a = await aggregate(first);
    expect((await diffFrames(a.by_date, a.by_date, ["date"])).shape[0]).toBe(0);
    const other = await aggregate(first, { securities: ["110621"] });
    const d = records(await diffFrames(a.by_date, other.by_date, ["date"]));
    expect(d.find((r) => r.column === "securities")).toMatchObject({ before: 2, after: 1, change: -1 });
  });
});

describe("scan, show, plot, workDir", () => {
  it("scan returns the plain result and its tables as DataFrames", async () => {
    const s = await scan(data);
    expect(s.partitions).toHaveLength(6);
    expect(s.frames.partitions.shape[0]).toBe(6);
    expect(s.frames.files.shape[0]).toBe(s.files.length);
    // The reference tables of the generated folder are listed, not scanned.
    expect(
      records(s.frames.inputs)
        .filter((r) => r.listed_as === "reference")
        .map((r) => [String(r.path).slice(data.length + 1), r.table]),
    ).toEqual([
      ["ob.csv", "instruments"],
      ["par.csv", "participants"],
      ["session.csv", "sessions"],
    ]);
    expect(records(s.frames.partitions)[0]?.first_event).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it("show renders an HTML table with its size (and aligned text outside a notebook)", async () => {
    const c = collector();
    setDisplayTarget(c);
    const a = await aggregate(first);
    show(a.by_security, { title: "by security" });
    show([{ a: 1, b: "<x>" }, { a: 2.123456789 }], { maxRows: 10 });
    show({ one: a.by_date, two: a.size_band });
    expect(c.shown).toHaveLength(4);
    expect(c.shown[0]?.html).toContain("by security (2 rows × 25 columns)");
    expect(c.shown[1]?.html).toContain("&#60;x&#62;");
    expect(c.shown[1]?.text).toBe("[2 rows × 2 columns]\n      a  b\n      1  <x>\n2.12346");
    expect(c.shown[2]?.html).toContain("one (");
  });

  it("show cuts long tables to their first and last rows", () => {
    const c = collector();
    setDisplayTarget(c);
    show(
      Array.from({ length: 100 }, (_, i) => ({ i })),
      { maxRows: 6 },
    );
    expect(c.shown[0]?.text.split("\n")).toEqual([
      "[100 rows × 1 columns]",
      " i",
      " 0",
      " 1",
      " 2",
      "…",
      "97",
      "98",
      "99",
    ]);
  });

  it("plot sends the plotly figure itself", () => {
    const c = collector();
    setDisplayTarget(c);
    const fig = fillRatioBySecurityFigure([{ key: "1", sweeps: 1, realFillRatio: 0.5, simFillRatio: 1 }]);
    plot(fig);
    expect(c.shown[0]?.figure).toBe(fig);
    // Its text is what a frontend without a plotly renderer (a bare JupyterLab, the classic
    // Notebook) shows instead of the chart: it says what to do.
    expect(c.shown[0]?.text).toBe(
      "[chart] Fill ratio by security: real vs simulated: real (1 points), simulated (1 points)" +
        ' (no chart drawn above? this frontend has no plotly renderer: setPlotMode("html"), then plot again)',
    );
  });

  it("plot takes a figure written by hand: a plain-text title, no layout, the cells of records()", () => {
    const c = collector();
    setDisplayTarget(c);
    const rows = records(new DataFrame({ qty: [100, 200], big: [false, true] }));
    plot({
      data: [{ type: "scatter", mode: "markers", x: rows.map((r) => r.qty), y: rows.map((r) => r.big) }],
      layout: { title: "qty and big", xaxis: { title: "qty" } },
    });
    plot({ data: [{ type: "box", y: [1, 2, 3] }] });
    expect(c.shown.map((o) => o.text?.replace(/ \(no chart drawn above\?.*$/, ""))).toEqual([
      "[chart] qty and big: scatter (2 points)",
      "[chart] box (3 points)",
    ]);
    expect(c.shown[0]?.figure?.layout).toEqual({ title: { text: "qty and big" }, xaxis: { title: "qty" } });
    expect(c.shown[1]?.figure).toEqual({ data: [{ type: "box", y: [1, 2, 3] }], layout: { title: { text: "" } } });
  });

  it("after setPlotMode('html') a chart is self-drawing HTML, with plotly.js inline in the first one only", () => {
    const c = collector();
    setDisplayTarget(c);
    const fig = fillRatioBySecurityFigure([{ key: "1", sweeps: 1, realFillRatio: 0.5, simFillRatio: 1 }]);
    setPlotMode("html");
    try {
      plot(fig);
      plot(fig);
    } finally {
      setPlotMode("mime");
    }
    const [a, b] = c.shown.map((o) => o.html ?? "");
    expect(c.shown.every((o) => o.figure === undefined)).toBe(true);
    expect(a?.split("* plotly.js v").length).toBe(2);
    expect(b).not.toContain("* plotly.js v");
    expect(b).toMatch(/<div id="sweeplab-plot-\d+-\d+" class="sweeplab-plot"><\/div><script>/);
    expect(b).toContain("window.Plotly.newPlot(el, f.data, f.layout");
  });

  it("workDir makes a scratch folder under SWEEPLAB_WORK_DIR, emptied on request", () => {
    const root = tmp("sweeplab-nb-work-");
    const before = process.env.SWEEPLAB_WORK_DIR;
    process.env.SWEEPLAB_WORK_DIR = root;
    try {
      const d = workDir("a/b");
      expect(d).toBe(join(root, "a", "b"));
      mkdirSync(join(d, "x"));
      expect(existsSync(join(workDir("a/b", { fresh: true }), "x"))).toBe(false);
      expect(() => workDir("../out")).toThrow(/not a folder inside/);
    } finally {
      if (before === undefined) delete process.env.SWEEPLAB_WORK_DIR;
      else process.env.SWEEPLAB_WORK_DIR = before;
    }
  });
});
