import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { DetailColumn } from "../../src/core/detail-tables/index.js";
import { readDetailTable } from "../../src/io/outputs/detail-table-read.js";
import { eachGunzipped } from "../../src/io/outputs/gunzip-read.js";
import { JobOutputsError } from "../../src/io/outputs/job-outputs-rows.js";
import { tmp } from "../helpers.js";

// The two .csv.gz readers (a job's simulation.csv.gz lines, any detail table through csv-parse)
// share one stream and one mapping of the streams' errors (io/outputs/gunzip-read.ts).

const TABLE: DetailColumn[] = [
  { name: "order_id", type: "u64", doc: "id" },
  { name: "quantity", type: "int64", doc: "shares" },
] as DetailColumn[];

const fail = (p: Promise<unknown>): Promise<JobOutputsError> =>
  p.then(
    () => {
      throw new Error("expected a JobOutputsError");
    },
    (e: unknown) => e as JobOutputsError,
  );

describe("reading a .csv.gz", () => {
  it("reads every row of a detail table, ids as exact digits", async () => {
    const file = join(tmp("sweeplab-gz-"), "orders.csv.gz");
    writeFileSync(file, gzipSync("order_id,quantity\n18446744073709551615,7\n1,2\n"));
    expect(await readDetailTable(file, TABLE)).toEqual([
      ["18446744073709551615", 7],
      ["1", 2],
    ]);
  });

  it("maps the streams' errors: csv_syntax with its line, truncated_gzip, unreadable naming the code", async () => {
    const dir = tmp("sweeplab-gz-");
    const file = join(dir, "orders.csv.gz");
    writeFileSync(file, gzipSync('order_id,quantity\n1,2\n3,"4\n'));
    const syntax = await fail(readDetailTable(file, TABLE));
    expect(syntax).toBeInstanceOf(JobOutputsError);
    expect(syntax).toMatchObject({ code: "csv_syntax", file, line: 3 });
    writeFileSync(file, gzipSync("order_id,quantity\n" + "1,2\n".repeat(2000)).subarray(0, 40));
    expect(await fail(readDetailTable(file, TABLE))).toMatchObject({ code: "truncated_gzip", file, line: 0 });
    const gone = join(dir, "gone.csv.gz");
    const e = await fail(eachGunzipped(gone, () => undefined));
    expect(e).toMatchObject({ code: "unreadable", file: gone });
    expect(e.message).toContain("cannot be read (ENOENT)");
  });

  it("passes the callback's own error through as it is", async () => {
    const file = join(tmp("sweeplab-gz-"), "x.csv.gz");
    writeFileSync(file, gzipSync("a\n"));
    const mine = new RangeError("mine");
    await expect(
      eachGunzipped(file, () => {
        throw mine;
      }),
    ).rejects.toBe(mine);
  });
});
