import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { SCAN_COLUMNS } from "../../src/io/scan/scan-accumulator.js";
import { STORE_COLUMNS } from "../../src/io/store/store-schema.js";
import { NBBO_HEADER, ORDER_HEADER, TRADE_HEADER } from "../../src/model/headers.js";
import {
  allocOrderEvents,
  allocQuoteSeries,
  allocTradeLegs,
  type OrderEvents,
  type QuoteSeries,
  type TradeLegs,
} from "../../src/model/partition.js";
import { NbboRow, ORDERS, OrderRow, TABLES, TradeRow } from "../../src/model/schemas.js";
import type { IntColumn, TableDef } from "../../src/model/table-spec.js";
import { NBBO_TABLE } from "../../src/model/tables/nbbo.js";
import { ORDER_TABLE } from "../../src/model/tables/orders.js";
import { TRADE_TABLE } from "../../src/model/tables/trades.js";

const DEFS = { orders: ORDER_TABLE, trades: TRADE_TABLE, nbbo: NBBO_TABLE } as const;
const ROWS = { orders: OrderRow, trades: TradeRow, nbbo: NbboRow } as const;
const HEADERS = { orders: ORDER_HEADER, trades: TRADE_HEADER, nbbo: NBBO_HEADER } as const;
const KINDS = ["orders", "trades", "nbbo"] as const;

// The exchange's headers, in its order (ARCHITECTURE.md §1): the generator writes exactly these.
const EXCHANGE_HEADERS = {
  orders:
    "order_id,exchange,timestamp,security_code,price,side,changereason,orderstatus,quantity,leavesquantity," +
    "ordertype,exchangeordertype,national_bid,national_offer,bid,offer,participantid,preferenceonly,midtick," +
    "singlefillminimumquantity,minimumquantity,sequence,crossingkey,totalmatchedquantity,shortsellquantity," +
    "triggercondition,timevaliditydecoded,row_num,timevalidity,date",
  trades:
    "EXCHANGE,sequence,tradedate,tradetime,securitycode,orderid,dealsource,dealsourcedecoded,exchangeinfo," +
    "matchgroupid,nationalbidpricesnapshot,nationalofferpricesnapshot,tradeprice,quantity,side,sidedecoded," +
    "participantid,passiveaggressive,row_num",
  nbbo: "partition,sequence,tradedate,bidprice,creationtime,offerprice,orderbookid,timestamp,userid,runid",
};

// What an existing store holds, column by column in file order (name:kind, + = delta): a change
// here changes every piece's bytes and fingerprint.
const STORE_LAYOUT = {
  orders:
    "order_id:u64+ timestamp:ns+ sequence:int+ price:int side:code changereason:code orderstatus:code " +
    "ordertype:code exchangeordertype:mask quantity:int leavesquantity:int totalmatchedquantity:int " +
    "minimumquantity:int singlefillminimumquantity:int national_bid:int national_offer:int participantid:int",
  trades:
    "orderid:u64+ matchgroupid:u64+ tradetime:ns+ sequence:int+ tradeprice:int quantity:int side:code " +
    "dealsource:code participantid:int passiveaggressive:code nationalbidpricesnapshot:int nationalofferpricesnapshot:int",
  nbbo: "timestamp:ns+ sequence:int+ bidprice:int offerprice:int",
};

// The partition columns as allocated (field:array; an IntColumn is allocated as a Float64Array).
const PARTITION_LAYOUT = {
  orders:
    "length tNs orderId:BigUint64Array tsNs:BigInt64Array sequence:Float64Array priceTicks:Float64Array " +
    "side:Uint8Array changeReason:Uint8Array orderStatus:Uint8Array orderType:Uint8Array " +
    "exchangeOrderType:Uint16Array qty:Float64Array leavesQty:Float64Array matchedQty:Float64Array " +
    "minQty:Float64Array singleFillMinQty:Float64Array nationalBidTicks:Float64Array " +
    "nationalOfferTicks:Float64Array participantId:Float64Array",
  trades:
    "length tNs orderId:BigUint64Array matchGroupId:BigUint64Array tsNs:BigInt64Array sequence:Float64Array " +
    "priceTicks:Float64Array qty:Float64Array side:Uint8Array dealSource:Uint8Array participantId:Float64Array " +
    "passiveAggressive:Uint8Array nationalBidTicks:Float64Array nationalOfferTicks:Float64Array",
  nbbo: "length tNs bidTicks:Float64Array offerTicks:Float64Array",
};

const layoutOf = (cols: object): string =>
  Object.entries(cols)
    .map(([k, v]) => (typeof v === "number" || k === "tNs" ? k : `${k}:${(v as object).constructor.name}`))
    .join(" ");

describe("one declaration per input table (model/tables/)", () => {
  it.each(KINDS)("%s: the header, field kinds, required set and zod row keys are the declaration's", (kind) => {
    const def: TableDef = DEFS[kind];
    const names = Object.keys(def.columns);
    expect(HEADERS[kind].join(",")).toBe(EXCHANGE_HEADERS[kind]);
    expect([...HEADERS[kind]]).toEqual(names);
    expect(Object.keys(ROWS[kind].shape)).toEqual(names);
    const spec = TABLES[kind];
    expect(spec.header).toEqual(names);
    expect(Object.entries(spec.columns)).toEqual(names.map((n) => [n, def.columns[n]?.kind]));
    expect([...spec.required].sort()).toEqual(names.filter((n) => def.columns[n]?.required === true).sort());
    expect([spec.timeColumn, spec.securityColumn]).toEqual([def.timeColumn, def.securityColumn]);
    // Every column has a camelCase field and a doc; the key columns are declared and required.
    for (const [name, c] of Object.entries(def.columns)) {
      expect(c.field, name).toMatch(/^[a-z][A-Za-z]*$/);
      expect(c.doc.length, name).toBeGreaterThan(3);
    }
    for (const key of [def.timeColumn, def.securityColumn, def.sequenceColumn])
      expect(def.columns[key]?.required, key).toBe(true);
  });

  it("keeps the orders' required set the analysis relies on", () => {
    expect([...ORDERS.required]).toEqual([
      "order_id",
      "timestamp",
      "security_code",
      "price",
      "side",
      "changereason",
      "quantity",
      "leavesquantity",
      "ordertype",
      "exchangeordertype",
      "participantid",
      "sequence",
      "totalmatchedquantity",
    ]);
  });

  it.each(KINDS)("%s: the store's columns are the declared `store` entries, in the existing stores' order", (kind) => {
    const stored = STORE_COLUMNS[kind];
    expect(stored.map((c) => `${c.name}:${c.kind}${c.delta ? "+" : ""}`).join(" ")).toBe(STORE_LAYOUT[kind]);
    for (const c of stored) expect(DEFS[kind].columns[c.name as never], c.name).toBeDefined();
  });

  it("derives the partition column arrays (allocation and types) from the `partition` entries", () => {
    expect(layoutOf(allocOrderEvents(2))).toBe(PARTITION_LAYOUT.orders);
    expect(layoutOf(allocTradeLegs(2))).toBe(PARTITION_LAYOUT.trades);
    expect(layoutOf(allocQuoteSeries(2))).toBe(PARTITION_LAYOUT.nbbo);
    // An IntColumn is allocated wide (exact for any safe integer); the store's reader narrows it.
    expect(allocOrderEvents(3).participantId).toEqual(new Float64Array(3));
    // The derived types are exactly the interfaces the analysis was written against.
    expectTypeOf<OrderEvents>().toEqualTypeOf<HandWrittenOrderEvents>();
    expectTypeOf<TradeLegs>().toEqualTypeOf<HandWrittenTradeLegs>();
    expectTypeOf<QuoteSeries>().toEqualTypeOf<{
      length: number;
      tNs: Float64Array;
      bidTicks: IntColumn;
      offerTicks: IntColumn;
    }>();
  });

  it("is what the generator writes: its header, and rows whose every field parses by the declared kinds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sweeplab-spec-"));
    try {
      await generate({ orders: 1500, securities: 2, dates: 1, seed: 3, outDir: dir });
      const files = {
        orders: "orders/orders-2024-10-02.csv",
        trades: "trades/trades-2024-10-02.csv",
        nbbo: "nbbo.csv",
      };
      for (const kind of KINDS) {
        const [head = "", ...lines] = readFileSync(join(dir, files[kind]), "utf8").trimEnd().split("\n");
        expect(head.split(","), kind).toEqual(Object.keys(DEFS[kind].columns));
        expect(lines.length, kind).toBeGreaterThan(10);
        for (const line of lines) {
          const r = ROWS[kind].safeParse(Object.fromEntries(line.split(",").map((v, i) => [head.split(",")[i], v])));
          expect(r.success, `${kind}: ${line}`).toBe(true);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names only declared columns where a reader picks columns by name (the scan)", () => {
    const all = new Set(KINDS.flatMap((k) => Object.keys(DEFS[k].columns)));
    for (const c of SCAN_COLUMNS) expect(all.has(c), c).toBe(true);
  });
});

interface HandWrittenOrderEvents {
  length: number;
  orderId: BigUint64Array;
  tsNs: BigInt64Array;
  tNs: Float64Array;
  sequence: IntColumn;
  priceTicks: IntColumn;
  side: Uint8Array;
  changeReason: Uint8Array;
  orderStatus: Uint8Array;
  orderType: Uint8Array;
  exchangeOrderType: Uint16Array;
  qty: IntColumn;
  leavesQty: IntColumn;
  matchedQty: IntColumn;
  minQty: IntColumn;
  singleFillMinQty: IntColumn;
  nationalBidTicks: IntColumn;
  nationalOfferTicks: IntColumn;
  participantId: IntColumn;
}

interface HandWrittenTradeLegs {
  length: number;
  orderId: BigUint64Array;
  matchGroupId: BigUint64Array;
  tsNs: BigInt64Array;
  tNs: Float64Array;
  sequence: IntColumn;
  priceTicks: IntColumn;
  qty: IntColumn;
  side: Uint8Array;
  dealSource: Uint8Array;
  participantId: IntColumn;
  passiveAggressive: Uint8Array;
  nationalBidTicks: IntColumn;
  nationalOfferTicks: IntColumn;
}
