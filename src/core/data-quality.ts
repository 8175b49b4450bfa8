import type { AnalysisConfig } from "../model/analysis-config.js";
import type { OrderEvents, QuoteSeries } from "../model/partition.js";
import type { BookWarningCode } from "./book-warnings.js";
import type { RealFills } from "./match.js";
import type { SweepMetrics } from "./metrics.js";
import type { RepeatedOrderEvent, RepeatedTradeLeg, Repeats } from "./duplicates.js";
import { midHalfTicks } from "./nbbo.js";
import type { OrderShapeEvidence } from "./order-shape.js";
import type { OrderSummary } from "./states.js";
import {
  noShortFilled,
  overfilledOrders,
  type OverfilledOrder,
  type ShortFilled,
  type ShortFilledOrder,
} from "./fill-checks.js";

/**
 * What a job could not use or found suspect, as additive counts (the counts of N jobs sum to the
 * counts of one job over their union). The context counts (`centrePointOrders`, `selectedOrders`,
 * `tradeLegs`, `matchedTradeLegs`) are there so that a ratio — "0 of 128 orders in the session" — can be formed after
 * summing.
 */
export interface DataQualityCounts {
  /** Centre Point orders of the partition (selected or not). */
  centrePointOrders: number;
  /** Centre Point orders selected for the analysis (in the session, of the chosen participants). */
  selectedOrders: number;
  /** Centre Point orders placed outside the session window: not analysed. */
  outsideSessionOrders: number;
  /** Trade legs read, repeats included. */
  tradeLegs: number;
  /** Trade legs analysed that belong to an order of the partition. */
  matchedTradeLegs: number;
  /** Order event rows equal in every field to an earlier row with its (order_id, timestamp, sequence). */
  repeatedOrderEvents: number;
  /** Order event rows with an earlier row's (order_id, timestamp, sequence) but other values (kept). */
  conflictingOrderEvents: number;
  /** Trade legs with an earlier leg's (matchgroupid, orderid, side). */
  repeatedTradeLegs: number;
  /** Trade legs (after repeats were handled) whose order id is not among the partition's orders. */
  unknownOrderLegs: number;
  /** Book replay integrity warnings, by kind (see `BookWarningCode`). */
  bookCrossed: number;
  bookUnknownOrderId: number;
  bookNegativeLeaves: number;
  bookDuplicateAdd: number;
  /** Orders whose quantity matched by trade legs exceeds their quantity (final state), and Σ the excess. */
  overfilledOrders: number;
  overfilledQty: number;
  /**
   * Centre Point orders whose rows report more matched (`totalmatchedquantity`) than their trade
   * legs add up to — trades missing from the extract —, and Σ the missing shares. 0 in a job
   * without any trade leg: its orders are counted in `noTradeFilledOrders` instead.
   */
  shortFilledOrders: number;
  shortFilledQty: number;
  /**
   * In a job without any trade leg (no trades supplied for its security and date): its Centre Point
   * orders whose rows report shares matched, and Σ those shares. Context, not a warning: the run
   * summary names these jobs when other jobs have trades, and says "no trade leg" when none has.
   */
  noTradeFilledOrders: number;
  noTradeFilledQty: number;
  /** Quotes with no midpoint (a side missing, or bid > offer). */
  quotesWithoutMidpoint: number;
  /** Sweeps with no midpoint at any time of their life (no cost scenario, no simulated fill). */
  sweepsWithoutMidpoint: number;
  /** 1 when the job's order rows are final states (one row per order): no book replay, no simulation. */
  finalStateJobs: number;
  /** Orders of those jobs (their sweeps have real fills, groups and bands only). */
  finalStateOrders: number;
}

/** The field names of {@link DataQualityCounts}, in a stable order (the columns of `data_quality.csv`). */
export const DATA_QUALITY_FIELDS = [
  "centrePointOrders",
  "selectedOrders",
  "outsideSessionOrders",
  "tradeLegs",
  "matchedTradeLegs",
  "repeatedOrderEvents",
  "conflictingOrderEvents",
  "repeatedTradeLegs",
  "unknownOrderLegs",
  "bookCrossed",
  "bookUnknownOrderId",
  "bookNegativeLeaves",
  "bookDuplicateAdd",
  "overfilledOrders",
  "overfilledQty",
  "shortFilledOrders",
  "shortFilledQty",
  "noTradeFilledOrders",
  "noTradeFilledQty",
  "quotesWithoutMidpoint",
  "sweepsWithoutMidpoint",
  "finalStateJobs",
  "finalStateOrders",
] as const satisfies readonly (keyof DataQualityCounts)[];

/**
 * The counts that are warnings: rows that should not exist or that the analysis could not use as
 * they are. Not warnings: the context counts, orders outside the session (pre-open orders are
 * normal), quotes with no midpoint (one-sided quotes are normal outside the session),
 * final-state jobs (a real extract shape, reported as a reason line instead) and filled orders of
 * jobs without trades (reported as a reason line).
 */
export const DATA_QUALITY_WARNINGS = [
  "repeatedOrderEvents",
  "conflictingOrderEvents",
  "repeatedTradeLegs",
  "unknownOrderLegs",
  "bookCrossed",
  "bookUnknownOrderId",
  "bookNegativeLeaves",
  "bookDuplicateAdd",
  "overfilledOrders",
  "shortFilledOrders",
  "sweepsWithoutMidpoint",
] as const satisfies readonly (keyof DataQualityCounts)[];

/** A job's data-quality block (serialised into job.json): counts, small samples, the policy applied. */
export interface DataQuality {
  /** What was done with repeated rows (`AnalysisConfig.duplicates`); they are counted either way. */
  duplicates: "drop" | "keep";
  /** The shape of the order rows and the counts that decided it (see `orderShape`). */
  orderShape: OrderShapeEvidence;
  counts: DataQualityCounts;
  /** First and last placement time of the Centre Point orders outside the session, ns since Sydney local midnight. */
  outsideSessionPlacedNs: { first: number; last: number } | null;
  /** Up to 10 of each, in row order. */
  samples: {
    repeatedOrderEvents: RepeatedOrderEvent[];
    conflictingOrderEvents: RepeatedOrderEvent[];
    repeatedTradeLegs: RepeatedTradeLeg[];
    overfilledOrders: OverfilledOrder[];
    shortFilledOrders: ShortFilledOrder[];
  };
}

/** All-zero counts. */
export function emptyDataQualityCounts(): DataQualityCounts {
  return Object.fromEntries(DATA_QUALITY_FIELDS.map((f) => [f, 0])) as unknown as DataQualityCounts;
}

/** Σ of the warning counts ({@link DATA_QUALITY_WARNINGS}) of a job or of a sum of jobs. */
export function dataQualityWarnings(c: DataQualityCounts): number {
  return DATA_QUALITY_WARNINGS.reduce((s, f) => s + c[f], 0);
}

/** Everything {@link dataQuality} reads: the stages' outputs of one job. */
export interface DataQualityInput {
  orders: OrderEvents;
  table: OrderSummary;
  config: Pick<AnalysisConfig, "centrePointMask" | "duplicates">;
  sessionStartNs: number;
  sessionEndNs: number;
  selectedOrders: number;
  /** The repeats found (their counts and samples; the keep masks are not read). */
  orderRepeats: Omit<Repeats<RepeatedOrderEvent>, "keep">;
  legRepeats: Omit<Repeats<RepeatedTradeLeg>, "keep">;
  tradeLegs: number;
  matchedTradeLegs: number;
  unknownOrderLegs: number;
  bookWarnings: Record<BookWarningCode, number>;
  fills: RealFills;
  /** The Centre Point orders filled short of their rows' `totalmatchedquantity` (`shortFilledOrders`). */
  shortFilled: ShortFilled;
  quotes: QuoteSeries;
  sweeps: SweepMetrics;
  /** The shape of the order rows; omitted, "events". */
  orderShape?: OrderShapeEvidence;
}

/** The data-quality block of one job from its stages' outputs (pure, O(orders + quotes + sweeps)). */
export function dataQuality(x: DataQualityInput): DataQuality {
  const { orders, table } = x;
  let centrePoint = 0;
  let outside = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let k = 0; k < table.length; k++) {
    const r = table.firstRow[k] as number;
    if (((orders.exchangeOrderType[r] as number) & x.config.centrePointMask) === 0) continue;
    centrePoint++;
    const t = orders.tNs[r] as number;
    if (t >= x.sessionStartNs && t < x.sessionEndNs) continue;
    outside++;
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  let noMidQuotes = 0;
  for (let i = 0; i < x.quotes.length; i++)
    if (midHalfTicks(x.quotes.bidTicks[i] as number, x.quotes.offerTicks[i] as number) === undefined) noMidQuotes++;
  let noMidSweeps = 0;
  for (let i = 0; i < x.sweeps.length; i++) if (Number.isNaN(x.sweeps.meanMidHalfTicks[i])) noMidSweeps++;
  const over = overfilledOrders(orders, table, x.fills);
  // Without any trade leg the job was given no trades: every filled order is "short" of its trades.
  // Counted apart, as context: the run summary says it once, by job or for the whole run.
  const short = x.tradeLegs > 0 ? x.shortFilled : noShortFilled();
  const noTrades = x.tradeLegs > 0 ? noShortFilled() : x.shortFilled;
  const shape = x.orderShape ?? { shape: "events", rows: orders.length, orders: table.length, placementRows: 0 };
  const finalState = shape.shape === "final_state";
  return {
    duplicates: x.config.duplicates,
    orderShape: shape,
    counts: {
      centrePointOrders: centrePoint,
      selectedOrders: x.selectedOrders,
      outsideSessionOrders: outside,
      tradeLegs: x.tradeLegs,
      matchedTradeLegs: x.matchedTradeLegs,
      repeatedOrderEvents: x.orderRepeats.repeated,
      conflictingOrderEvents: x.orderRepeats.conflicting,
      repeatedTradeLegs: x.legRepeats.repeated,
      unknownOrderLegs: x.unknownOrderLegs,
      bookCrossed: x.bookWarnings.book_crossed,
      bookUnknownOrderId: x.bookWarnings.unknown_order_id,
      bookNegativeLeaves: x.bookWarnings.negative_leaves,
      bookDuplicateAdd: x.bookWarnings.duplicate_add,
      overfilledOrders: over.count,
      overfilledQty: over.excessQty,
      shortFilledOrders: short.count,
      shortFilledQty: short.missingQty,
      noTradeFilledOrders: noTrades.count,
      noTradeFilledQty: noTrades.missingQty,
      quotesWithoutMidpoint: noMidQuotes,
      sweepsWithoutMidpoint: noMidSweeps,
      finalStateJobs: finalState ? 1 : 0,
      finalStateOrders: finalState ? table.length : 0,
    },
    outsideSessionPlacedNs: outside === 0 ? null : { first, last },
    samples: {
      repeatedOrderEvents: x.orderRepeats.repeatedSample,
      conflictingOrderEvents: x.orderRepeats.conflictingSample,
      repeatedTradeLegs: x.legRepeats.repeatedSample,
      overfilledOrders: over.sample,
      shortFilledOrders: short.sample,
    },
  };
}
