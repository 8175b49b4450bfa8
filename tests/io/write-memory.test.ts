import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

const DIST = join(import.meta.dirname, "..", "..", "dist", "io", "outputs", "job-outputs.js");
const SCRIPT = join(import.meta.dirname, "scripts", "orders-write-rss.mjs");

describe("a job's write stage stays bounded", () => {
  it(
    "writing orders.parquet of 1M kept rows raises peak RSS by at most 40 bytes a kept row (118 when it was gathered and held whole)",
    { timeout: 120_000 },
    () => {
      expect(existsSync(DIST), "run `npm run build` first (npm test does)").toBe(true);
      const dir = tmp();
      const out = JSON.parse(
        execFileSync(process.execPath, ["--expose-gc", SCRIPT, dir, "2000000"], { encoding: "utf8" }),
      ) as { kept: number; peakBefore: number; peakAfter: number };
      expect(out.kept).toBe(1_000_000);
      // The file is ~19 bytes a kept row: neither it, nor its compressed pages, nor a gathered copy of
      // the kept rows (62 bytes a row) may be held whole. What remains: the kept-row index (4 bytes a
      // row), one page's scratch and the compressed pages written but not yet collected (15–29 here).
      expect(statSync(join(dir, "orders.parquet")).size).toBeGreaterThan(15_000_000);
      const perRow = (out.peakAfter - out.peakBefore) / out.kept;
      console.log(`write stage: +${perRow.toFixed(1)} bytes of peak RSS a kept row`);
      expect(perRow).toBeLessThanOrEqual(40);
    },
  );
});
