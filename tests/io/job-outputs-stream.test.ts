import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { JobResult } from "../../src/core/job.js";
import { ORDERS_TABLE } from "../../src/core/detail-tables/index.js";
import { ordersCsvChunks } from "../../src/io/outputs/orders-csv.js";
import { JOB_ORDER_COLUMNS, writeGzipStream } from "../../src/io/outputs/job-outputs.js";
import { allocOrderEvents } from "../../src/model/partition.js";
import { tmp } from "../helpers.js";

/** A partition's order columns: `n` rows, every other one Centre Point (exchangeordertype 64). */
function orders(n: number) {
  const o = allocOrderEvents(n);
  for (let i = 0; i < n; i++) {
    o.orderId[i] = 7_000_000_000_000_000_000n + BigInt(i);
    o.tsNs[i] = 1_727_827_200_000_000_000n + BigInt(i) * 1_000_003n;
    o.priceTicks[i] = 3100 + (i % 17);
    o.side[i] = 1 + (i % 2);
    o.qty[i] = 100 + (i % 1000);
    o.exchangeOrderType[i] = i % 2 === 0 ? 64 : 0;
    o.sequence[i] = i;
    o.participantId[i] = 1001 + (i % 5);
  }
  return o;
}

const r = { securityCode: "BHP", date: "2024-10-02" } as JobResult;

describe("orders.csv.gz streamed in chunks", () => {
  it("cuts the CSV into whole lines of about 1 MiB, the Centre Point rows only", () => {
    const chunks = [...ordersCsvChunks(ORDERS_TABLE, JOB_ORDER_COLUMNS, r, orders(60_000), 64)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.at(-1)).toBe(0x0a); // each chunk ends a line
      expect(c.byteLength).toBeLessThan((1 << 20) + 4096);
    }
    const lines = Buffer.concat(chunks).toString("utf8").split("\n");
    expect(lines[0]).toBe(JOB_ORDER_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 30_000 + 1); // header, every other row, the final ""
    expect(lines[1]).toBe(
      "7000000000000000000,1727827200000000000,BHP,3100,1,0,0,100,0,0,64,0,0,1001,0,0,0,0,2024-10-02",
    );
  });

  it("writes the same bytes as gzipping the whole text at once, and records their size and sha256", async () => {
    const chunks = [...ordersCsvChunks(ORDERS_TABLE, JOB_ORDER_COLUMNS, r, orders(60_000), 64)];
    const whole = gzipSync(Buffer.concat(chunks), { level: 1 });
    const path = join(tmp("sweeplab-gz-stream-"), "orders.csv.gz");
    const rec = await writeGzipStream(path, "orders.csv.gz", chunks);
    const bytes = readFileSync(path);
    expect(bytes.equals(whole)).toBe(true);
    expect(rec).toEqual({
      name: "orders.csv.gz",
      bytes: whole.byteLength,
      sha256: createHash("sha256").update(whole).digest("hex"),
    });
  });
});
