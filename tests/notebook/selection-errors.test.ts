import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { aggregate, RunSourceError } from "../../src/notebook/index.js";
import { writeSampleJobs } from "../frames/fixtures.js";
import { tmp } from "../helpers.js";

// A filter date typed the way people write dates ("2024-10-3", "3/10/2024") matched nothing and
// was reported as "not in the data", which sends the analyst looking for missing data; it is a
// date in the wrong form: say so, and how to write it.

let dir = "";
let dates: string[] = [];
beforeAll(async () => {
  dir = tmp("sweeplab-nb-selection-");
  await writeSampleJobs(dir);
  const sec = readdirSync(join(dir, "by_security")).sort()[0]!;
  dates = readdirSync(join(dir, "by_security", sec)).sort();
}, 120_000);

describe("a filter date not written YYYY-MM-DD", () => {
  it.each(["2024-10-3", "3/10/2024", "20241003"])("%s is empty_selection naming the form to use", async (date) => {
    const e = (await aggregate(dir, { dates: [date] }).catch((x: unknown) => x)) as RunSourceError;
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e.code).toBe("empty_selection");
    expect(e.message).toBe(
      `${resolve(dir)}: "${date}" is not a date written YYYY-MM-DD (e.g. "${dates[0]}"): present are ${dates.join(", ")}`,
    );
  });

  it("a well-formed date without data still says it is not in the data", async () => {
    const e = (await aggregate(dir, { dates: ["2030-01-02"] }).catch((x: unknown) => x)) as RunSourceError;
    expect(e.message).toBe(`${resolve(dir)}: 2030-01-02 is not in the data: present are ${dates.join(", ")}`);
  });
});
