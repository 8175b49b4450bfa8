import { describe, expect, it } from "vitest";
import type { JobResult } from "../../src/core/job.js";
import { ORDERS_TABLE } from "../../src/core/detail-tables/index.js";
import { readDetailPlain } from "../../src/io/outputs/detail-parquet-plain.js";
import { ordersTableParquet, ordersTableParts } from "../../src/io/outputs/detail-parquet.js";
import { columnNames } from "../../src/io/outputs/detail-format.js";
import { PAGE_VALUES } from "../../src/io/store/parquet-plain.js";
import { allocOrderEvents, type OrderEvents } from "../../src/model/partition.js";

const JOB = { securityCode: "XYZ", date: "2024-10-03", decimals: 2 } as JobResult;
const N = 3 * PAGE_VALUES + 40_000; // kept rows: 7 of 8, so more than two pages of them
const kept = (i: number): boolean => i % 8 !== 3;
/** The partition row of kept row `k` (rows 3, 11, 19, … are left out). */
const keptRow = (k: number): number => 8 * Math.floor(k / 7) + (k % 7 < 3 ? k % 7 : (k % 7) + 1);
/** The kept row of partition row `i` (a kept one). */
const keptIndex = (i: number): number => i - Math.floor((i + 4) / 8);

/**
 * `N` order events, every 8th not Centre Point; integer columns in both forms: narrow Int32Array,
 * and wide Float64Array (quantities beyond 2^31, participant ids beyond 2^31 on the rows not kept).
 */
function orders(): OrderEvents {
  const o = allocOrderEvents(N);
  o.priceTicks = new Int32Array(N);
  o.sequence = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    o.orderId[i] = 18_000_000_000_000_000_000n + BigInt(i);
    o.tsNs[i] = 1_727_913_600_000_000_000n + BigInt(i) * 999_983n;
    o.priceTicks[i] = -5 + (i % 97);
    o.sequence[i] = i;
    o.side[i] = 1 + (i % 2);
    o.changeReason[i] = i % 7;
    o.qty[i] = 2 ** 40 + i; // wide: an exact int64 beyond Int32
    o.leavesQty[i] = -(i % 1000);
    o.exchangeOrderType[i] = kept(i) ? 64 | (i % 2 === 0 ? 2048 : 0) : 1;
    o.participantId[i] = kept(i) ? 1000 + (i % 50) : 2 ** 33 + i; // wide, but every kept row is an Int32
    o.matchedQty[i] = i % 3;
  }
  return o;
}

/** The kept rows of `o` gathered into new columns of the same types, every row Centre Point. */
function gathered(o: OrderEvents): OrderEvents {
  const rows: number[] = [];
  for (let i = 0; i < N; i++) if (kept(i)) rows.push(i);
  const g = allocOrderEvents(rows.length) as unknown as Record<string, unknown>;
  for (const [k, a] of Object.entries(o)) {
    if (k === "length") continue;
    const C = (a as { constructor: new (n: number) => { [i: number]: unknown } }).constructor;
    const out = new C(rows.length);
    rows.forEach((i, j) => (out[j] = (a as { [i: number]: unknown })[i]));
    g[k] = out;
  }
  return g as unknown as OrderEvents;
}

describe("orders.parquet from the partition's columns and the kept-row index", () => {
  it("gives the bytes of the gathered columns written whole, over several pages, narrow and wide columns", () => {
    const o = orders();
    const g = gathered(o);
    expect(g.length).toBeGreaterThan(2 * PAGE_VALUES);
    const direct = ordersTableParquet(ORDERS_TABLE, JOB, o, 6464);
    const whole = ordersTableParquet(ORDERS_TABLE, JOB, g, 6464); // every row kept: no index
    expect(direct.length).toBe(whole.length);
    expect(Buffer.compare(direct, whole)).toBe(0);
    // Values read back: rows on either side of a page boundary.
    const plain = readDetailPlain(direct, columnNames(ORDERS_TABLE));
    expect(plain?.rows).toBe(g.length);
    for (const k of [0, 1, PAGE_VALUES - 1, PAGE_VALUES, 2 * PAGE_VALUES + 1, g.length - 1]) {
      const i = keptRow(k);
      expect([kept(i), keptIndex(i)]).toEqual([true, k]);
      expect(plain!.columns.get("order_id")!.values[k]).toBe(
        BigInt.asIntN(64, 18_000_000_000_000_000_000n + BigInt(i)),
      );
      expect(plain!.columns.get("quantity")!.values[k]).toBe(BigInt(2 ** 40 + i));
      expect(plain!.columns.get("price")!.values[k]).toBe(BigInt(-5 + (i % 97)));
      expect(plain!.columns.get("participantid")!.values[k]).toBe(1000 + (i % 50));
      expect(plain!.columns.get("exchangeordertype")!.values[k]).toBe(64 | (i % 2 === 0 ? 2048 : 0));
    }
  });

  it("comes part by part, none larger than a page, and checks the kept rows only", () => {
    const o = orders();
    const parts = [...ordersTableParts(ORDERS_TABLE, JOB, o, 6464)];
    expect(parts.length).toBeGreaterThan(2 * ORDERS_TABLE.length);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(8 * PAGE_VALUES + 64);
    // A kept participant id beyond Int32: refused, naming the table row, before any part is made.
    o.participantId[PAGE_VALUES + 10] = 2 ** 31;
    const k = keptIndex(PAGE_VALUES + 10);
    expect(() => ordersTableParts(ORDERS_TABLE, JOB, o, 6464)).toThrow(
      `column participantid: row ${k} is ${2 ** 31}, not a whole int32`,
    );
  });
});
