/**
 * The rows a (security, date) simulation produces (`DayEvent`: an order row with its trade legs and
 * NBBO change) and what it needs from the outside (`SecurityDayInit`), and the NBBO row's values.
 */
import type { MarketRules, RuleEvent } from "./market-rules.js";
import type { IdSource } from "./ids.js";
import type { NbboValues, OrderValues, TradeValues } from "./row-text.js";
import type { Rng } from "./rng.js";
import type { Quote } from "./sim-order.js";
import type { SecuritySpec } from "./universe.js";

/** One order row, ready for the writer (which adds row numbers and sequences). */
export interface DayEvent {
  /** ns since the session open (10:00 Sydney) of the row; strictly increasing per partition. */
  t: number;
  /** The orders row but its `row_num` (see `orderRowValues`). */
  order: OrderValues;
  /** Trade legs executed with this row, each but its `sequence` and `row_num` (see `tradeLegValues`). */
  trades: TradeValues[] | undefined;
  /** The NBBO row but its `sequence`, when this row changed the lit best bid/offer. */
  nbbo: NbboValues | undefined;
}

/** Everything a partition simulation needs from the outside. */
export interface SecurityDayInit {
  sec: SecuritySpec;
  date: string;
  /** UTC ns of 10:00 Sydney local time on `date`. */
  openUtcNs: bigint;
  /** UTC ns of Sydney local midnight of `date` (nbbo `tradedate`). */
  tradeDateNs: bigint;
  rng: Rng;
  ids: IdSource;
  participantIds: readonly number[];
  participantCumulative: readonly number[];
  /** Order rows to generate (the partition stops at the first action reaching it). */
  budgetRows: number;
  /** Reference ("fair") price in price units, carried over from the previous date. */
  fairUnits: number;
  /** The market rules beyond midpoint matching, and the receiver of every tagged event. */
  rules: MarketRules;
  onRuleEvent: ((e: RuleEvent) => void) | undefined;
}

/** The NBBO value of a side without a price (the rare-codes rule writes it for an empty lit side). */
const NO_PRICE = "-9223372036854775808";

/**
 * The NBBO row (every column but `sequence`, which the writer counts) of a quote change at `tsStr`
 * (created at `createdStr`), of feed partition 1 and the real extracts' `userid` and `runid`: a side
 * without a price is the exchange's no-price value when `rareCodes` is on (the real extracts'
 * one-sided quote), else 0.
 */
export function nbboValues(
  tradeDateNs: bigint,
  quote: Quote,
  createdStr: string,
  securityCode: number,
  tsStr: string,
  rareCodes: boolean,
): NbboValues {
  const side = (p: number): string => (p > 0 ? String(p) : rareCodes ? NO_PRICE : "0");
  return {
    partition: 1,
    tradedate: tradeDateNs,
    bidprice: side(quote.bid),
    creationtime: createdStr,
    offerprice: side(quote.offer),
    orderbookid: securityCode,
    timestamp: tsStr,
    userid: "262826",
    runid: "1751364092",
  };
}
