import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSweepParquet } from "../../src/io/outputs/detail-parquet-read.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { sweepParquet } from "../../src/io/outputs/detail-parquet.js";
import { CLASSIFIED_TABLE, SIMULATION_TABLE, type DetailType } from "../../src/core/detail-tables/index.js";
import { sweepCsv } from "../../src/io/outputs/job-csv.js";
import { CLASSIFIED_COLUMNS, SIMULATION_COLUMNS } from "../../src/io/outputs/job-outputs.js";
import { SweepLineParser } from "../../src/io/outputs/sweep-line-parser.js";
import { SweepRow } from "../../src/io/outputs/sweep-row.js";
import { camel, parseRecord } from "../../src/io/outputs/job-outputs-rows.js";
import { tmp } from "../helpers.js";
import { ID_0, ID_1, twoSweeps } from "./sweep-fixture.js";

// Everything derived from the per-sweep declaration (core/detail-tables/sweeps.ts) agrees with it: the
// header, the Parquet schema, both writers' rows (pinned by hand below) and all three readers. A
// hand edit of any one of them (a column moved, a value from the wrong array, a field renamed)
// fails here.

const JOB = { securityCode: "XYZ", date: "2024-10-03", decimals: 3 };

/** simulation.csv's two data lines for twoSweeps(), worked out by hand from its arrays. */
const SIM_LINES = [
  // 2000·10 250 = 20 500 000 ticks; 2500·20 501 = 51 252 500 half ticks; 36 000.123 s = 10:00:00.123
  "XYZ,2024-10-03,3,9007199254740993,1234,2,2,Medium,5000,36000123000000,10:00:00.123,2000,20500000,3," +
    "2500,51252500,2,2000,-1000,-0.4878,20500.5,1500,750,-3000",
  // not simulated: the five simulated fields empty; savings_bps and mean_mid NaN: empty too
  "XYZ,2024-10-03,3,18446744073709551615,77,1,3,Small,300,57599999000000,15:59:59.999,0,0,0,,,,,,,,0,0,0",
];
const CLS_LINES = [
  "XYZ,2024-10-03,9007199254740993,1234,2,2,Partially filled,Medium,5000,10:00:00.123",
  "XYZ,2024-10-03,18446744073709551615,77,1,3,Unfilled,Small,300,15:59:59.999",
];

/** The rows every reader must give for SIM_LINES. */
const ROWS = [
  {
    ...JOB,
    orderId: ID_0,
    participantId: 1234,
    side: 2,
    group: 2,
    sizeBand: "Medium",
    qty: 5000,
    placedNs: 36_000_123_000_000,
    realFilled: 2000,
    realValueTicks: 20_500_000,
    realTrades: 3,
    simFilled: 2500,
    simValueHalfTicks: 51_252_500,
    simFills: 2,
    comparedQty: 2000,
    savingsMicroAud: -1000,
    savingsBps: -0.4878,
    meanMidHalfTicks: 20_500.5,
    costMidpointMicroAud: 1500,
    costHalfSpreadMicroAud: 750,
    costImpactMicroAud: -3000,
  },
  {
    ...JOB,
    orderId: ID_1,
    participantId: 77,
    side: 1,
    group: 3,
    sizeBand: "Small",
    qty: 300,
    placedNs: 57_599_999_000_000,
    realFilled: 0,
    realValueTicks: 0,
    realTrades: 0,
    simFilled: undefined,
    simValueHalfTicks: undefined,
    simFills: undefined,
    comparedQty: undefined,
    savingsMicroAud: undefined,
    savingsBps: undefined,
    meanMidHalfTicks: undefined,
    costMidpointMicroAud: 0,
    costHalfSpreadMicroAud: 0,
    costImpactMicroAud: 0,
  },
];

/** Every read field of the declaration, sorted (placed_time is not read back). */
const FIELDS = SIMULATION_TABLE.flatMap((c) => ("read" in c ? [c.read.field as string] : [])).sort();

/** The physical kind each declared type is written as. */
const PHYSICAL: Record<DetailType, string> = {
  u64: "i64",
  timestamp_ns: "i64",
  int64: "i64",
  int32: "i32",
  float64: "f64",
  date: "i32",
  text: "text",
};

const text = (b: Uint8Array): string[] => new TextDecoder().decode(b).trimEnd().split("\n");

describe("the per-sweep outputs agree with their declaration", () => {
  it("headers are the declared names, in order, and every read field is a declared column's camelCase", () => {
    expect([...SIMULATION_COLUMNS]).toEqual(SIMULATION_TABLE.map((c) => c.name));
    expect([...CLASSIFIED_COLUMNS]).toEqual(CLASSIFIED_TABLE.map((c) => c.name));
    for (const c of SIMULATION_TABLE) if ("read" in c) expect(c.read.field).toBe(camel(c.name));
    expect(FIELDS).toHaveLength(SIMULATION_TABLE.length - 1); // all but placed_time
  });

  it("the CSV writer writes each column's declared value (lines pinned by hand)", () => {
    const { classified, simulation } = sweepCsv(CLASSIFIED_COLUMNS, SIMULATION_COLUMNS, twoSweeps());
    expect(text(simulation)).toEqual([SIMULATION_COLUMNS.join(","), ...SIM_LINES]);
    expect(text(classified)).toEqual([CLASSIFIED_COLUMNS.join(","), ...CLS_LINES]);
  });

  it("the Parquet writer writes the declared names, physical types and nullability, and the same values", () => {
    const { simulation } = sweepParquet(twoSweeps());
    const plain = readDetailPlain(
      simulation,
      SIMULATION_TABLE.map((c) => c.name),
    );
    expect(plain?.rows).toBe(2);
    for (const c of SIMULATION_TABLE) {
      const v = plain!.columns.get(c.name)!;
      expect([c.name, v.kind]).toEqual([c.name, PHYSICAL[c.type]]);
      const nulls = v.present === undefined ? 0 : v.present.filter((p) => p === 0).length;
      expect([c.name, nulls]).toEqual([c.name, "nullable" in c ? 1 : 0]); // sweep 1's nulls
    }
    expect(plain!.columns.get("placed_time")).toMatchObject({ values: ["10:00:00.123", "15:59:59.999"] });
  });

  it("the schema, the fast line parser and the Parquet reader give the same rows, with the declared fields", async () => {
    const parser = new SweepLineParser("simulation.csv.gz", SIMULATION_COLUMNS.join(","), JOB);
    const fast = SIM_LINES.map((l, k) => parser.parse(l, k + 2));
    const slow = SIM_LINES.map((l, k) => {
      const record = Object.fromEntries(SIMULATION_COLUMNS.map((h, i) => [camel(h), l.split(",")[i] ?? ""]));
      return parseRecord("simulation.csv.gz", SIMULATION_COLUMNS, SweepRow, record, k + 2);
    });
    const file = join(tmp("sweeplab-sweep-table-"), "simulation.parquet");
    writeFileSync(file, sweepParquet(twoSweeps()).simulation);
    const parquet = await readSweepParquet(file, JOB);
    for (const rows of [fast, slow, parquet]) {
      expect(rows).toEqual(ROWS);
      for (const r of rows) expect(Object.keys(r).sort()).toEqual(FIELDS);
    }
  });
});
