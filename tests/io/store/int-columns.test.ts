import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../../src/core/job.js";
import { generate } from "../../../src/gen/index.js";
import { fromInt64IntoNarrow } from "../../../src/io/store/int64.js";
import { loadPartitions } from "../../../src/io/store/load-partitions.js";
import { readPartition } from "../../../src/io/store/read-partition.js";
import { defaultAnalysisConfig } from "../../../src/model/analysis-config.js";
import type { Partition } from "../../../src/model/partition.js";
import { partitionColumnsOf } from "../../../src/model/table-spec.js";
import { NBBO_TABLE } from "../../../src/model/tables/nbbo.js";
import { ORDER_TABLE } from "../../../src/model/tables/orders.js";
import { TRADE_TABLE } from "../../../src/model/tables/trades.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../../helpers.js";
import { partitionAll } from "./fixture.js";

// Integer partition columns (IntColumn: prices, quantities, sequence numbers, participant ids) are
// held as Int32Array when every value of the partition fits, and as exact Float64Array otherwise.

const BIG = { qty: 3_000_000_000, participant: 2_147_483_648, sequence: 10_000_000_000_000, price: 2_147_483_648 };
const INT_FIELDS = (def: Parameters<typeof partitionColumnsOf>[0]) =>
  partitionColumnsOf(def)
    .filter((c) => c.array === "IntColumn")
    .map((c) => c.field);

let inputsDir: string;
let plain: string;
let withBig: string;
let first: { security: string; date: string };

beforeAll(async () => {
  const data = tmp("sweeplab-intcol-");
  inputsDir = data;
  const g = await generate({ orders: 3000, securities: 1, dates: 1, seed: 5, outDir: data, startDate: "2024-10-04" });
  const file = g.files.find((f) => f.includes("orders-"))!;
  const [header, row] = readFileSync(file, "utf8").split("\n", 2) as [string, string];
  const names = header.split(",");
  const field = (n: string): string => row.split(",")[names.indexOf(n)]!;
  first = { security: field("security_code"), date: "2024-10-04" };
  plain = join(tmp(), "store");
  await partitionAll([data], plain, { flushRows: 700 });
  // A second store with one more file, read after the generated pieces: its order is beyond 32 bits
  // in quantity, participant, sequence and price, so those columns widen part-way through reading.
  writeFixture(
    join(data, "orders"),
    "orders-zz-big.csv",
    `${ORDERS_HEAD}\n${stubOrder({
      timestamp: field("timestamp"),
      security_code: first.security,
      order_id: 7,
      changereason: 6,
      quantity: BIG.qty,
      leavesquantity: BIG.qty,
      totalmatchedquantity: 0,
      participantid: BIG.participant,
      sequence: BIG.sequence,
      price: BIG.price,
    })}\n`,
  );
  withBig = join(tmp(), "store");
  await partitionAll([data], withBig, { flushRows: 700 });
}, 60_000);

const read = (store: string): Promise<Partition> => readPartition(store, first.security, first.date, 2);

describe("integer partition columns (IntColumn)", () => {
  it("are Int32Array when every value fits, in every table", async () => {
    const p = await read(plain);
    for (const [name, cols, def] of [
      ["orders", p.orders, ORDER_TABLE],
      ["trades", p.trades, TRADE_TABLE],
      ["nbbo", p.quotes, NBBO_TABLE],
    ] as const) {
      if (cols === undefined) continue;
      for (const f of INT_FIELDS(def)) expect((cols as never)[f], `${name}.${f}`).toBeInstanceOf(Int32Array);
    }
  });

  it("widen to an exact Float64Array where a value is beyond 32 bits, only in the columns that need it", async () => {
    const p = await read(withBig);
    const at = [...p.orders.orderId].indexOf(7n);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(p.orders.qty).toBeInstanceOf(Float64Array);
    expect([p.orders.qty[at], p.orders.leavesQty[at], p.orders.participantId[at]]).toEqual([
      BIG.qty,
      BIG.qty,
      BIG.participant,
    ]);
    expect([p.orders.sequence[at], p.orders.priceTicks[at]]).toEqual([BIG.sequence, BIG.price]);
    for (const f of ["qty", "leavesQty", "participantId", "sequence", "priceTicks"] as const)
      expect(p.orders[f], f).toBeInstanceOf(Float64Array);
    expect(p.orders.matchedQty).toBeInstanceOf(Int32Array);
    expect(p.trades.qty).toBeInstanceOf(Int32Array);
    // The other rows are the plain store's, value for value.
    const q = await read(plain);
    const others = [...p.orders.qty].filter((_, i) => i !== at);
    expect(others).toEqual([...q.orders.qty]);
  });

  it("are what loadPartitions gives for the same inputs (the same arrays, the same widths)", async () => {
    const p = await read(withBig);
    const { partitions } = await loadPartitions([inputsDir]);
    const same = partitions.find((x) => x.securityCode === first.security && x.date === first.date)!;
    expect(isDeepStrictEqual({ ...p, decimals: 0 }, { ...same, decimals: 0 })).toBe(true);
  });

  it("give a job the same result whatever their width", async () => {
    const p = await read(plain);
    const wide = widenAll(p);
    expect(wide.orders.qty).toBeInstanceOf(Float64Array);
    const config = defaultAnalysisConfig();
    expect(runJob(wide, config)).toStrictEqual(runJob(p, config));
  });

  it("decode Int64 values into 32 bits exactly at the bounds, and refuse one beyond them", () => {
    const out = new Int32Array(3);
    expect(fromInt64IntoNarrow(BigInt64Array.of(-(2n ** 31n), 2n ** 31n - 1n, 0n), out, 0)).toBe(true);
    expect([...out]).toEqual([-(2 ** 31), 2 ** 31 - 1, 0]);
    expect(fromInt64IntoNarrow(BigInt64Array.of(2n ** 31n), out, 0)).toBe(false);
    expect(fromInt64IntoNarrow(BigInt64Array.of(-(2n ** 31n) - 1n), out, 0)).toBe(false);
    expect(fromInt64IntoNarrow(BigInt64Array.of(2n ** 32n), out, 0)).toBe(false);
  });
});

/** A copy of `p` with every IntColumn held as a Float64Array. */
function widenAll(p: Partition): Partition {
  const widen = <T extends object>(cols: T, def: Parameters<typeof partitionColumnsOf>[0]): T => {
    const out: Record<string, unknown> = { ...(cols as unknown as Record<string, unknown>) };
    for (const f of INT_FIELDS(def)) out[f] = Float64Array.from(out[f] as Int32Array);
    return out as T;
  };
  return {
    ...p,
    orders: widen(p.orders, ORDER_TABLE),
    trades: widen(p.trades, TRADE_TABLE),
    ...(p.quotes === undefined ? {} : { quotes: widen(p.quotes, NBBO_TABLE) }),
  };
}
