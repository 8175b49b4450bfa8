import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { readSweepParquet } from "../../src/io/outputs/detail-parquet-read.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { sweepTableParquet } from "../../src/io/outputs/detail-parquet.js";
import { SIMULATION_TABLE, type RowOf, type SweepColumn } from "../../src/core/detail-tables/index.js";
import { columnNames } from "../../src/io/outputs/detail-format.js";
import { sweepTableCsv } from "../../src/io/outputs/job-csv.js";
import { camel, parseRecord } from "../../src/io/outputs/job-outputs-rows.js";
import { SweepLineParser } from "../../src/io/outputs/sweep-line-parser.js";
import { sweepRowSchema } from "../../src/io/outputs/sweep-row.js";
import { tmp } from "../helpers.js";
import { twoSweeps } from "./sweep-fixture.js";

// "Adding a column is one edit": a copy of the per-sweep declaration with one more entry (the
// first real trade's time, which the job computes but does not write today), and what every
// derivation makes of it (tests/io/sweep-table.test.ts pins the real table).
const TABLE = [
  ...SIMULATION_TABLE,
  // The one edit:
  {
    name: "real_first_trade_ns",
    type: "float64",
    nullable: true,
    doc: "time of the first real trade, ns since Sydney local midnight; null when there was none",
    value: { sweep: "realFirstTradeNs" },
    read: { field: "realFirstTradeNs", kind: "number" },
  },
] as const satisfies readonly SweepColumn[];

const JOB = { securityCode: "XYZ", date: "2024-10-03", decimals: 3 };
const FIRST = 36_001_000_000_000; // sweep 0's first trade, 10:00:01; sweep 1 has none (NaN)

describe("adding a column to the per-sweep declaration", () => {
  it("follows one added column everywhere: header, row type, zod row, CSV and Parquet writers, both readers", async () => {
    const header = columnNames(TABLE);
    expect(header.at(-1)).toBe("real_first_trade_ns");
    expect(header.slice(0, -1)).toEqual(SIMULATION_TABLE.map((c) => c.name));
    expectTypeOf<RowOf<typeof TABLE>["realFirstTradeNs"]>().toEqualTypeOf<number | undefined>();

    // The CSV writer writes it last: its number, empty for NaN.
    const r = twoSweeps();
    const lines = new TextDecoder()
      .decode(sweepTableCsv(TABLE, header, r))
      .trimEnd()
      .split("\n");
    expect(lines[0]).toBe(header.join(","));
    expect(lines.slice(1).map((l) => l.split(",").at(-1))).toEqual([String(FIRST), ""]);

    // The Parquet writer: a nullable DOUBLE column of that name.
    const bytes = sweepTableParquet(TABLE, r);
    const col = readDetailPlain(bytes, header)?.columns.get("real_first_trade_ns");
    expect(col?.kind).toBe("f64");
    expect([col?.values[0], col?.present?.[0], col?.present?.[1]]).toEqual([FIRST, 1, 0]);

    // The zod row, the fast line parser and the Parquet reader all read it back.
    const schema = sweepRowSchema(TABLE);
    const record = (l: string): Record<string, string> =>
      Object.fromEntries(header.map((h, i) => [camel(h), l.split(",")[i] ?? ""]));
    const slow = lines.slice(1).map((l, k) => parseRecord("simulation.csv.gz", header, schema, record(l), k + 2));
    const parser = new SweepLineParser("simulation.csv.gz", lines[0]!, JOB, TABLE);
    const fast = lines.slice(1).map((l, k) => parser.parse(l, k + 2));
    const file = join(tmp("sweeplab-sweep-add-"), "simulation.parquet");
    writeFileSync(file, bytes);
    const parquet = await readSweepParquet(file, JOB, TABLE);
    for (const rows of [slow, fast, parquet]) {
      expect(rows.map((x) => (x as RowOf<typeof TABLE>).realFirstTradeNs)).toEqual([FIRST, undefined]);
      expect(rows[0]).toMatchObject({ orderId: 9_007_199_254_740_993n, simFilled: 2500 });
    }
    // A value that is not a number is the schema's bad_value, naming the column.
    const bad = lines[1]!.replace(/,[^,]*$/, ",soon");
    expect(() => parser.parse(bad, 2)).toThrow(/line 2|:2/);
    expect(() => parser.parse(bad, 2)).toThrow(/real_first_trade_ns/);
  });
});
