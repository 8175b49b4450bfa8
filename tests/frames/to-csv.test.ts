import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFrame, Series, toCSV } from "../../src/frames/danfo.js";
import { tmp } from "../helpers.js";

/*
 * A frame exported to CSV (notebooks/README "To CSV") reads back in pandas, Excel or Python's csv
 * module as it was: a missing value (compare's savings_aud of a group 3 sweep, NaN) an empty field
 * as pandas' to_csv writes it (danfojs-node 1.2 wrote the text NaN), a text holding a comma, a quote
 * or a line end quoted (danfojs wrote it bare: the row's later columns shifted), and `toCSV` there
 * on the frames `head`, `loc` and `query` return (danfojs' base class threw "deprecated").
 */

const frame = (): DataFrame =>
  new DataFrame(
    {
      order_id: ["7205759403792793601", "7205759403792793602", "7205759403792793603"],
      participant_name: ["Smith, Jones & Co", 'The "Best" Broker', "Line\nbreak"],
      savings_aud: [12.5, Number.NaN, -0.25],
      group: [1, 3, null],
    },
    { columns: ["order_id", "participant_name", "savings_aud", "group"] },
  );

const EXPECTED =
  "order_id,participant_name,savings_aud,group\n" +
  '7205759403792793601,"Smith, Jones & Co",12.5,1\n' +
  '7205759403792793602,"The ""Best"" Broker",,3\n' +
  '7205759403792793603,"Line\nbreak",-0.25,\n';

/** The rows Python's csv module reads from `file`, as JSON. */
function pythonRows(file: string): string[][] {
  const py = spawnSync(
    "python3",
    ["-c", "import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))", file],
    { encoding: "utf8" },
  );
  expect(py.status, py.stderr).toBe(0);
  return JSON.parse(py.stdout) as string[][];
}

describe("toCSV as pandas writes it", () => {
  it("writes a missing value as an empty field and quotes a field holding a comma, a quote or a line end", () => {
    expect(frame().toCSV()).toBe(EXPECTED);
    expect(toCSV(frame())).toBe(EXPECTED);
    expect(frame().toCSV({ header: false, sep: ";" })).toBe(
      '7205759403792793601;Smith, Jones & Co;12.5;1\n7205759403792793602;"The ""Best"" Broker";;3\n' +
        '7205759403792793603;"Line\nbreak";-0.25;\n',
    );
  });

  it("a file Python's csv module reads back cell for cell, ids digit for digit", () => {
    const file = join(tmp(), "sweeps.csv");
    expect(frame().toCSV({ filePath: file })).toBeUndefined();
    expect(readFileSync(file, "utf8")).toBe(EXPECTED);
    expect(pythonRows(file)).toEqual([
      ["order_id", "participant_name", "savings_aud", "group"],
      ["7205759403792793601", "Smith, Jones & Co", "12.5", "1"],
      ["7205759403792793602", 'The "Best" Broker', "", "3"],
      ["7205759403792793603", "Line\nbreak", "-0.25", ""],
    ]);
    // danfojs appends .csv to a name without it.
    const bare = join(tmp(), "sweeps");
    toCSV(frame(), { filePath: bare });
    expect(readFileSync(`${bare}.csv`, "utf8")).toBe(EXPECTED);
  });

  it("also on the frames head, loc and query return, and on a Series", () => {
    const top: DataFrame = frame().head(2);
    expect(top.toCSV()).toBe(EXPECTED.split("\n").slice(0, 3).join("\n") + "\n");
    const cols: DataFrame = frame().loc({ columns: ["order_id", "savings_aud"] });
    expect(cols.toCSV()).toBe(
      "order_id,savings_aud\n7205759403792793601,12.5\n7205759403792793602,\n7205759403792793603,-0.25\n",
    );
    const some: DataFrame = frame().query(frame().column("savings_aud").gt(0));
    expect(some.toCSV()).toBe(EXPECTED.split("\n").slice(0, 2).join("\n") + "\n");
    expect(new Series([1, Number.NaN, "a,b"]).toCSV()).toBe('1,,"a,b"');
    const column: Series = frame().column("savings_aud");
    expect(column.toCSV({ sep: ";" })).toBe("12.5;;-0.25");
  });
});
