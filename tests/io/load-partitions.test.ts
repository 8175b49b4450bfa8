import { describe, expect, it } from "vitest";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { runJob } from "../../src/core/job.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";

const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

describe("loadPartitions on a daylight-saving date", () => {
  it("places 10:00:30 AEDT on 2024-10-07 inside the session and 09:59:30 outside", async () => {
    const dir = tmp();
    // 2024-10-07 is the first trading day of AEDT (UTC+11): 10:00:30 local = 23:00:30Z on 6 Oct.
    const inSession = ns("2024-10-06T23:00:30Z");
    const beforeOpen = ns("2024-10-06T22:59:30Z"); // 09:59:30 local; a fixed UTC+10 would say 08:59:30
    writeFixture(
      dir,
      "orders-dst.csv",
      [
        ORDERS_HEAD,
        stubOrder({ order_id: 1, timestamp: beforeOpen, security_code: "110621", changereason: 6, sequence: 1 }),
        stubOrder({ order_id: 2, timestamp: inSession, security_code: "110621", changereason: 6, sequence: 2 }),
      ].join("\n") + "\n",
    );
    const { partitions } = await loadPartitions([dir]);
    expect(partitions.map((p) => [p.securityCode, p.date])).toEqual([["110621", "2024-10-07"]]);
    const p = partitions[0]!;
    expect([...p.orders.tNs]).toEqual([(9 * 3600 + 59 * 60 + 30) * 1e9, (10 * 3600 + 30) * 1e9]);
    expect([...p.orders.tsNs]).toEqual([beforeOpen, inSession]);
    const r = runJob(p, defaultAnalysisConfig());
    expect(r.selection).toMatchObject({ outsideSessionOrders: 1, selectedOrders: 1 });
    expect([...r.sweeps.orderId]).toEqual([2n]);
  });
});
