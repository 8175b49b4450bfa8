import { describe, expect, it } from "vitest";
import {
  crosstab,
  DataFrame,
  describe as describeFrame,
  dropNa,
  filter,
  FrameError,
  frameData,
  groupStats,
  isNa,
  melt,
  notNa,
  pivot,
} from "../../src/frames/index.js";

const rows = (f: DataFrame): unknown[][] => frameData(f).rows;

// Six sweeps: three of security A (one without savings), two of B (none with savings), one of C.
const sweeps = (): DataFrame =>
  new DataFrame({
    security_code: ["A", "A", "A", "B", "B", "C"],
    date: ["d1", "d1", "d2", "d1", "d2", "d2"],
    savings_aud: [10, Number.NaN, 20, Number.NaN, Number.NaN, 5],
    qty: [100, 200, 300, 400, 500, 600],
  });

describe("groupStats", () => {
  it("skips NaN like pandas, where a danfojs group mean is NaN", () => {
    const f = sweeps();
    // The trap: danfojs gives NaN for A as soon as one of its values is NaN.
    const danfo = f.groupby(["security_code"]).col(["savings_aud"]).mean();
    expect(rows(danfo)[0]).toEqual(["A", Number.NaN]);

    const g = groupStats(f, "security_code", { savings_aud: ["mean", "count", "sum", "median", "std"], qty: "max" });
    expect(g.columns).toEqual([
      "security_code",
      "savings_aud_mean",
      "savings_aud_count",
      "savings_aud_sum",
      "savings_aud_median",
      "savings_aud_std",
      "qty_max",
    ]);
    // By hand: A has 10 and 20 (the NaN skipped): mean 15, count 2, sum 30, median 15,
    // std √(((10−15)² + (20−15)²) / (2−1)) = √50; B has no value: mean NaN, count 0, sum 0 (as
    // pandas); C has 5 alone: std NaN (n − 1 = 0).
    expect(rows(g)).toEqual([
      ["A", 15, 2, 30, 15, Math.sqrt(50), 300],
      ["B", Number.NaN, 0, 0, Number.NaN, Number.NaN, 500],
      ["C", 5, 1, 5, 5, Number.NaN, 600],
    ]);
  });

  it("groups by several keys, sorted, and names what is wrong", () => {
    const g = groupStats(sweeps(), ["date", "security_code"], { qty: "sum" });
    expect(rows(g)).toEqual([
      ["d1", "A", 300],
      ["d1", "B", 400],
      ["d2", "A", 300],
      ["d2", "B", 500],
      ["d2", "C", 600],
    ]);
    expect(() => groupStats(sweeps(), "security", { qty: "sum" })).toThrow(
      /"security" is not a column of this frame; its columns are: security_code, date, savings_aud, qty/,
    );
    expect(() => groupStats(sweeps(), "date", { security_code: "mean" })).toThrow(FrameError);
    const none = filter(sweeps(), () => false);
    expect(groupStats(none, "date", { qty: "mean" }).shape).toEqual([0, 2]);
    expect(rows(groupStats(sweeps(), "date", { security_code: "count" }))).toEqual([
      ["d1", 3],
      ["d2", 3],
    ]);
  });
});

describe("describe", () => {
  it("summarises numeric columns skipping NaN, where danfojs' describe gives NaN", () => {
    const f = sweeps();
    expect(rows(f.describe())[1]?.[0]).toBe(Number.NaN); // danfojs: the mean of savings_aud
    const d = describeFrame(f);
    expect(d.columns).toEqual(["savings_aud", "qty"]);
    expect(d.index).toEqual(["count", "mean", "std", "min", "25%", "50%", "75%", "max"]);
    // By hand: savings 10, 20, 5 (sorted 5, 10, 20): mean 35/3, std √((1.67² + 8.33² + 6.67²)/2) =
    // √(175/3), quartiles at positions 0.5, 1, 1.5: 7.5, 10, 15. qty 100..600: mean 350,
    // std √(175000/5), quartiles at positions 1.25, 2.5, 3.75: 225, 350, 475.
    const r = rows(d);
    expect(r.map((x) => x[0])).toEqual([3, 35 / 3, Math.sqrt(175 / 3), 5, 7.5, 10, 15, 20]);
    expect(r.map((x) => x[1])).toEqual([6, 350, Math.sqrt(35000), 100, 225, 350, 475, 600]);
  });
});

describe("pivot, crosstab, melt", () => {
  it("pivot: mean of the present values per (row, column), NaN where a pair has none", () => {
    const p = pivot(sweeps(), { index: "security_code", columns: "date", values: "savings_aud" });
    expect(p.columns).toEqual(["security_code", "d1", "d2"]);
    // A: d1 has 10 and NaN → 10; d2 20. B: only NaNs → NaN, NaN. C: no d1 row → NaN; d2 5.
    expect(rows(p)).toEqual([
      ["A", 10, 20],
      ["B", Number.NaN, Number.NaN],
      ["C", Number.NaN, 5],
    ]);
    const s = pivot(sweeps(), { index: "date", columns: "security_code", values: "qty", agg: "sum", fill: 0 });
    expect(rows(s)).toEqual([
      ["d1", 300, 400, 0],
      ["d2", 300, 500, 600],
    ]);
  });

  it("crosstab counts pairs, 0 where none, with All margins", () => {
    const c = crosstab(sweeps(), "security_code", "date", { margins: true });
    expect(c.columns).toEqual(["security_code", "d1", "d2", "All"]);
    expect(rows(c)).toEqual([
      ["A", 2, 1, 3],
      ["B", 1, 1, 2],
      ["C", 0, 1, 1],
      ["All", 3, 3, 6],
    ]);
    // With values: the mean of qty per pair; the margins are means over the row, column, table.
    const m = crosstab(sweeps(), "date", "security_code", { values: "qty", agg: "mean", margins: true });
    expect(rows(m)).toEqual([
      ["d1", 150, 400, Number.NaN, 700 / 3],
      ["d2", 300, 500, 600, 1400 / 3],
      ["All", 200, 450, 600, 350],
    ]);
  });

  it("crosstab of a column the frame lacks names crosstab and lists the frame's columns only", () => {
    for (const [r, c, what] of [
      ["security_code", "day", 'crosstab columns "day"'],
      ["sec", "date", 'crosstab rows "sec"'],
    ] as const)
      expect(() => crosstab(sweeps(), r, c)).toThrow(
        new RegExp(`^${what} is not a column of this frame; its columns are: security_code, date, savings_aud, qty$`),
      );
  });

  it("size bands sort Small, Medium, Large (not alphabetically) in groupStats, pivot and crosstab", () => {
    const f = new DataFrame({
      size_band: ["Large", "Small", "Medium", "Small", "Large"],
      group: [1, 2, 1, 1, 3],
      qty: [5000, 100, 900, 200, 9000],
    });
    expect(rows(groupStats(f, "size_band", { qty: "sum" }))).toEqual([
      ["Small", 300],
      ["Medium", 900],
      ["Large", 14000],
    ]);
    expect(pivot(f, { index: "group", columns: "size_band", values: "qty", agg: "sum" }).columns).toEqual([
      "group",
      "Small",
      "Medium",
      "Large",
    ]);
    const c = crosstab(f, "group", "size_band", { margins: true });
    expect(c.columns).toEqual(["group", "Small", "Medium", "Large", "All"]);
    expect(rows(crosstab(f, "size_band", "group"))).toEqual([
      ["Small", 1, 1, 0],
      ["Medium", 1, 0, 0],
      ["Large", 1, 0, 1],
    ]);
  });

  it("melt turns columns into rows, column by column", () => {
    const f = new DataFrame({ security_code: ["A", "B"], real: [1, 2], sim: [3, 4] });
    const m = melt(f, { idVars: ["security_code"], varName: "kind" });
    expect(m.columns).toEqual(["security_code", "kind", "value"]);
    expect(rows(m)).toEqual([
      ["A", "real", 1],
      ["B", "real", 2],
      ["A", "sim", 3],
      ["B", "sim", 4],
    ]);
  });

  it("melt as typed at the REPL: no idVars melts every column, a bad one is a FrameError (before: TypeErrors)", () => {
    const f = new DataFrame({ security_code: ["A", "B"], real: [1, 2] });
    const untyped = (o: unknown): Parameters<typeof melt>[1] => o as Parameters<typeof melt>[1];
    expect(rows(melt(f))).toEqual([
      ["security_code", "A"],
      ["security_code", "B"],
      ["real", 1],
      ["real", 2],
    ]);
    expect(rows(melt(f, untyped({ idVars: "security_code" })))).toEqual(rows(melt(f, { idVars: ["security_code"] })));
    expect(() => melt(f, untyped({ idvars: ["security_code"] }))).toThrow(
      new FrameError("bad_argument", 'melt: "idvars" is no option (idVars, valueVars, varName, valueName)'),
    );
    expect(() => melt(f, untyped({ idVars: [1] }))).toThrow(
      new FrameError(
        "bad_argument",
        'melt: idVars must name one column or a list of them (melt(frame, { idVars: ["date"] })), got [1]',
      ),
    );
  });
});

describe("filter, notNa", () => {
  it("chains where danfojs query on a query result crashes", () => {
    const f = sweeps();
    // Annotated with sweeplab's DataFrame: a notebook outside the repository can name its type.
    const once: DataFrame = f.query(f.column("qty").gt(100));
    expect(() => once.query(once.column("qty").gt(300))).toThrow(/Cannot read properties of undefined/);

    const a = filter(f, (r) => r.qty > 100);
    const b = filter(a, (r) => r.qty > 300);
    expect(rows(b).map((r) => r[3])).toEqual([400, 500, 600]);
    // A danfojs query result (labels 1..5) filters too, and the result works with danfojs again.
    const c = filter(once, once.column("qty").gt(300));
    expect(c.index).toEqual([0, 1, 2]);
    expect(rows(c.query(c.column("qty").gt(400))).map((r) => r[3])).toEqual([500, 600]);
    expect(filter(once, once.column("qty").gt(300), { keepIndex: true }).index).toEqual([3, 4, 5]);
  });

  it("notNa masks the rows with a value, where danfojs notNa is not a function", () => {
    const f = sweeps();
    expect(typeof (f as unknown as { notNa?: unknown }).notNa).toBe("undefined");
    expect(notNa(f, "savings_aud")).toEqual([true, false, true, false, false, true]);
    expect(isNa(f.column("savings_aud"))).toEqual([false, true, false, true, true, false]);
    expect(rows(filter(f, notNa(f, "savings_aud"))).map((r) => r[2])).toEqual([10, 20, 5]);
    expect(frameData(dropNa(f)).rows).toHaveLength(3);
    expect(() => filter(f, [true, false])).toThrow(/the mask has 2 values but the frame has 6 rows/);
    expect(() => notNa(f)).toThrow(/name the column/);
  });
});
