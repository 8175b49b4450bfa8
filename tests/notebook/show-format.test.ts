import { afterEach, describe, expect, it } from "vitest";
import { dirname } from "node:path";
import { SAMPLE_CONFIG_PATH } from "../../src/config/index.js";
import { DataFrame, scan, setDisplayTarget, show } from "../../src/notebook/index.js";
import { collector } from "./collector.js";
import { describe as describeFrame } from "../../src/frames/index.js";

afterEach(() => setDisplayTarget(undefined));

// A run's table as the toolkit names its columns (the by_security / compare / scan headers).
const table = (): DataFrame =>
  new DataFrame(
    [
      [
        "110621",
        "2024-09-05",
        1_234_567,
        31_858_367.375,
        0.98712,
        12.345,
        "2024-09-05T00:02:16.001032398Z",
        "1100000000000000001",
      ],
      ["BHP", "2024-09-06", 12, -1234.5, 0.5, Number.NaN, "2024-09-06T05:59:59.999999999Z", "42"],
    ],
    {
      columns: [
        "security_code",
        "date",
        "sweeps",
        "savings_aud",
        "real_fill_ratio",
        "savings_bps",
        "first_event",
        "order_id",
      ],
    },
  );

const shown = (frame: unknown, options = {}): { text: string; html: string } => {
  const c = collector();
  setDisplayTarget(c);
  show(frame as DataFrame, options);
  const o = c.shown[0];
  return { text: o?.text ?? "", html: o?.html ?? "" };
};

describe("show formats by column kind", () => {
  it("AUD, ratio, bps, time, id and count columns, with the index", () => {
    const { text, html } = shown(table());
    expect(text.split("\n")).toEqual([
      "[2 rows × 8 columns]",
      "   security_code  date           sweeps      savings_aud  real_fill_ratio  savings_bps  first_event              order_id",
      "0  110621         2024-09-05  1,234,567  A$31,858,367.38           98.7 %         12.3  2024-09-05 10:02:16.001  1100000000000000001",
      "1  BHP            2024-09-06         12      -A$1,234.50           50.0 %               2024-09-06 15:59:59.999  42",
    ]);
    expect(html).toContain('<th style="text-align:left;white-space:nowrap">0</th>');
    expect(html).toContain('<td style="text-align:right;white-space:nowrap">A$31,858,367.38</td>');
    expect(html).toContain("98.7 %</td>");
    expect(html).not.toContain("31858400");
    expect(html).not.toMatch(/T00:02:16/);
  });

  it("wide tables scroll sideways: a scrolling box, no cell wraps", () => {
    const { html } = shown(table());
    expect(html).toMatch(/^<div class="sweeplab-table-wrap" style="overflow-x:auto;max-width:100%">/);
    const cells = html.match(/<t[dh][ >]/g) ?? [];
    const nowrap = html.match(/<t[dh] style="[^"]*white-space:nowrap"/g) ?? [];
    expect(cells.length).toBe(27);
    expect(nowrap.length).toBe(cells.length);
  });

  it("per-column formats win, a column selection keeps its order, the index can go", () => {
    const { text } = shown(table(), {
      columns: ["first_event", "savings_aud", "security_code"],
      formats: { first_event: "time_ns", savings_aud: (v: unknown) => `${String(v)} AUD` },
      index: false,
    });
    expect(text.split("\n")).toEqual([
      "[2 rows × 3 columns]",
      "first_event                         savings_aud  security_code",
      "2024-09-05 10:02:16.001032398  31858367.375 AUD  110621",
      "2024-09-06 15:59:59.999999999       -1234.5 AUD  BHP",
    ]);
    expect(() => shown(table(), { columns: ["savings"] })).toThrow(
      /"savings" is not a column of this table; its columns are: security_code, date/,
    );
    expect(() => shown(table(), { formats: { savings_aud: "dollars" } })).toThrow(/unknown format "dollars"/);
    // a misspelt column in formats is refused, not ignored (the column would keep its default format)
    expect(() => shown(table(), { formats: { saving_aud: "text" } })).toThrow(
      /^show: formats names "saving_aud", not a column of this table; its columns are: security_code, date/,
    );
  });

  it("named frames: a format applies to the frames holding its column; one of no frame's columns is refused", () => {
    const c = collector();
    setDisplayTarget(c);
    const other = new DataFrame({ security_code: ["110621"], qty: [5] });
    show({ first: table(), second: other }, { formats: { savings_aud: "text" }, index: false });
    expect(c.shown.map((o) => o.text.split("\n")[2])).toEqual([
      expect.stringContaining("31858367.375"),
      "110621           5",
    ]);
    expect(() => show({ first: table(), second: other }, { formats: { saving_aud: "text" } })).toThrow(
      /^show: formats names "saving_aud", not a column of this table; its columns are: security_code, date, .*, qty$/,
    );
  });

  it("describe() keeps its row labels; the count row is a count", () => {
    const f = new DataFrame({ savings_aud: [1000, 3000, 2000], real_fill_ratio: [0.5, 1, 0.75] });
    const { text } = shown(f.describe());
    expect(text.split("\n")).toEqual([
      "[7 rows × 2 columns]",
      "          savings_aud  real_fill_ratio",
      "count               3                3",
      "mean       A$2,000.00           75.0 %",
      "std        A$1,000.00           25.0 %",
      "min        A$1,000.00           50.0 %",
      "median     A$2,000.00           75.0 %",
      "max        A$3,000.00          100.0 %",
      "variance    1,000,000           0.0625",
    ]);
  });

  it("describe() of an id column: its mean and std as numbers, not an id's 16 raw digits", () => {
    // describe(compare(r)) has a participant_id column: its mean printed "1003.4193548387096".
    const f = new DataFrame({ participant_id: [1001, 1002, 1004] });
    const { text } = shown(describeFrame(f));
    expect(text.split("\n").map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ["[8 rows × 1 columns]"],
      ["participant_id"],
      ["count", "3"],
      ["mean", "1,002.33"],
      ["std", "1.52753"],
      ["min", "1001"],
      ["25%", "1,001.5"],
      ["50%", "1002"],
      ["75%", "1003"],
      ["max", "1004"],
    ]);
  });

  it("a scan's partitions: Sydney local times instead of UTC ISO with nanoseconds, counts grouped", async () => {
    const s = await scan(dirname(SAMPLE_CONFIG_PATH));
    const { text } = shown(s.frames.partitions, { columns: ["security_code", "date", "order_rows", "first_event"] });
    const first = text.split("\n")[2] ?? "";
    expect(first).toMatch(/^0 +\d+ +\d{4}-\d\d-\d\d +\d{1,3}(,\d{3})* +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(text).not.toMatch(/T\d\d:\d\d|Z\b/);
    // The same instant as the frame's exact UTC text, 10 or 11 hours ahead.
    const iso = String(s.frames.partitions.column("first_event").values[0]);
    const local = new Date(`${first.slice(-23).replace(" ", "T")}Z`).getTime();
    expect([10, 11].map((h) => Date.parse(iso) + h * 3_600_000)).toContain(local);
  }, 60_000);

  it("sweepRows' rows (camelCase keys): ids digit for digit, the time of day as a clock, micro-AUD as integers", () => {
    // As `show(await sweepRows(run, filter))` gets them: bigint ids, placedNs since Sydney midnight.
    const rows = [
      {
        securityCode: "110621",
        orderId: 7_904_795_000_000_001_243n,
        participantId: 1005,
        placedNs: 36_141_036_442_326,
        savingsMicroAud: 29_384_695,
        savingsBps: 0.5324608317332977,
      },
    ];
    expect(shown(rows).text.split("\n")).toEqual([
      "[1 rows × 6 columns]",
      "securityCode  orderId              participantId  placedNs      savingsMicroAud  savingsBps",
      "110621        7904795000000001243  1005           10:02:21.036       29,384,695         0.5",
    ]);
  });

  it("an empty frame shows its header", () => {
    const empty = new DataFrame([], { columns: ["security_code", "savings_aud"] });
    expect(shown(empty).text).toBe("[0 rows × 2 columns]\n  security_code  savings_aud");
  });

  it("no rows (a filter that kept none) with formats or columns shows an empty table, refusing nothing", () => {
    const none: Record<string, unknown>[] = [];
    expect(shown(none, { formats: { savings_aud: "text" } }).text).toBe(shown(none).text);
    expect(shown(none, { columns: ["security_code", "savings_aud"], formats: { savings_aud: "aud" } }).text).toBe(
      "[0 rows × 2 columns]\nsecurity_code  savings_aud",
    );
  });

  it("a pivot's value columns take the '*' format", () => {
    const p = new DataFrame({ security_code: ["A"], "2024-09-05": [1234.5] });
    expect(shown(p, { formats: { "*": "aud" }, index: false }).text.split("\n")[2]).toBe("A              A$1,234.50");
  });
});
