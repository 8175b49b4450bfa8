import { execFileSync } from "node:child_process";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ORDERS_HEAD, stubOrder, tmp } from "../helpers.js";

const DIST = join(import.meta.dirname, "..", "..", "dist", "io", "scan", "scan.js");
const SCRIPT = join(import.meta.dirname, "scripts", "scan-rss.mjs");

/** Writes an orders file of `rows` rows (1,000 distinct orders, many events each). */
function writeOrders(path: string, rows: number): void {
  const fd = openSync(path, "w");
  writeSync(fd, ORDERS_HEAD + "\n");
  const block: string[] = [];
  for (let i = 0; i < rows; i++) {
    block.push(
      stubOrder({
        order_id: 7898856358160837782n + BigInt(i % 1000),
        timestamp: 1725448941024284297n + BigInt(i) * 1000n,
        sequence: i,
        security_code: 85603 + (i % 3),
      }),
    );
    if (block.length === 20_000) writeSync(fd, block.splice(0).join("\n") + "\n");
  }
  writeSync(fd, block.join("\n") + "\n");
  closeSync(fd);
}

function peakRss(file: string, chunk: number): { rows: number; rejected: number; maxRssMb: number } {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT, file, String(chunk)], { encoding: "utf8" })) as {
    rows: number;
    rejected: number;
    maxRssMb: number;
  };
}

describe("memory stays bounded", () => {
  it("a file 10× larger raises peak RSS by at most ~20%", { timeout: 120_000 }, () => {
    expect(existsSync(DIST), "run `npm run build` first (npm test does)").toBe(true);
    const dir = tmp();
    const small = join(dir, "orders-small.csv");
    const large = join(dir, "orders-large.csv");
    writeOrders(small, 200_000); // ≈ 33 MB
    writeOrders(large, 2_000_000); // ≈ 330 MB
    const chunk = 1024 * 1024;
    const a = peakRss(small, chunk);
    const b = peakRss(large, chunk);
    expect(a).toMatchObject({ rows: 200_000, rejected: 0 });
    expect(b).toMatchObject({ rows: 2_000_000, rejected: 0 });
    console.log(`peak RSS: ${a.maxRssMb.toFixed(0)} MB for 200k rows, ${b.maxRssMb.toFixed(0)} MB for 2M rows`);
    expect(b.maxRssMb).toBeLessThanOrEqual(a.maxRssMb * 1.2);
  });
});
