import { defineTable } from "../table-spec.js";

/**
 * The national best bid/offer file (optional): one row per quote. `tradedate` and `timestamp` are
 * ns since the epoch; a side with no price is `-9223372036854775808` (NO_PRICE).
 */
export const NBBO_TABLE = defineTable({
  kind: "nbbo",
  timeColumn: "timestamp",
  securityColumn: "orderbookid",
  sequenceColumn: "sequence",
  columns: {
    partition: { field: "partition", kind: "int", doc: "Feed partition." },
    sequence: {
      field: "sequence",
      kind: "int",
      required: true,
      store: { kind: "int", at: 1, delta: true },
      doc: "Quote sequence number (sorts a partition's quotes; not kept in it).",
    },
    tradedate: { field: "tradeDate", kind: "ns", doc: "Trade date, ns since the epoch." },
    bidprice: {
      field: "bidTicks",
      kind: "quote",
      required: true,
      store: { kind: "int", at: 2 },
      partition: "IntColumn",
      doc: "National best bid, ticks (NO_PRICE: none).",
    },
    creationtime: { field: "creationTime", kind: "ns", doc: "When the quote was created, ns since the epoch." },
    offerprice: {
      field: "offerTicks",
      kind: "quote",
      required: true,
      store: { kind: "int", at: 3 },
      partition: "IntColumn",
      doc: "National best offer, ticks (NO_PRICE: none).",
    },
    orderbookid: { field: "securityCode", kind: "security", required: true, doc: "The security's code." },
    timestamp: {
      field: "tsNs",
      kind: "ns",
      required: true,
      store: { kind: "ns", at: 0, delta: true },
      doc: "Exact UTC time of the quote, ns since the epoch (a partition keeps only its tNs).",
    },
    userid: { field: "userId", kind: "text", doc: "User id." },
    runid: { field: "runId", kind: "text", doc: "Run id." },
  },
});
