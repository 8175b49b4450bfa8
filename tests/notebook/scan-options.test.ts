// The notebook's (and the REPL's) scan checks its options as run does: typed at the REPL nothing
// type-checks them. A size text for chunkSize, as `--chunk-size` and the config take it, read no
// row at all (0 rows, 0 partitions, no error); a misspelt option was ignored; workers: "two" failed
// as a cancelled task and chunkSize: "1MB" with workers as a zod dump of the worker's task check.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/notebook/index.js";
import { ROOT } from "./tools.js";

const ORDERS = join(ROOT, "sample_data", "orders");

describe("scan's options at the REPL", () => {
  it("chunkSize as a size text reads every row, as the default does (before: 0 rows)", async () => {
    const plain = await scan(ORDERS);
    expect(plain.totals.rowsRead).toBe(30_030);
    for (const options of [{ chunkSize: "1MB" }, { chunkSize: "64KB", workers: 2 }, { chunkSize: 65_536 }]) {
      const s = await scan(ORDERS, options);
      expect(s.totals.rowsRead).toBe(30_030);
      expect(s.partitions).toEqual(plain.partitions);
    }
  });

  it("a value it cannot use, or an option it does not take, is one bad_argument naming it", async () => {
    const cases: [unknown, string][] = [
      [
        { chunkSize: "lots" },
        'scan: chunkSize must be a whole number of bytes ≥ 1, or a size such as "512KB", "64MB", "1GB" (1 KB = 1024 B), got "lots"',
      ],
      [
        { chunkSize: Number.NaN },
        'scan: chunkSize must be a whole number of bytes ≥ 1, or a size such as "512KB", "64MB", "1GB" (1 KB = 1024 B), got NaN',
      ],
      [{ workers: "two" }, 'scan: workers must be an integer ≥ 1, got "two"'],
      [{ unknownCodes: "drop" }, 'scan: unknownCodes must be "keep" or "reject", got "drop"'],
      [
        { chunksize: 1000 },
        'scan: "chunksize" is no option of scan (chunkSize, workers, rejectsPath, unknownCodes, onProgress, onReject, ' +
          "minRangeBytes, progressIntervalMs)",
      ],
    ];
    for (const [options, message] of cases)
      await expect(scan(ORDERS, options as Parameters<typeof scan>[1])).rejects.toMatchObject({
        name: "FrameError",
        code: "bad_argument",
        message,
      });
  });
});
