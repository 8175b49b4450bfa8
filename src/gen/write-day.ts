/**
 * Writes one trading date: runs every security's partition simulation, merges their rows in time
 * order, and streams them to the date's orders and trades files and to the shared NBBO file,
 * assigning `row_num` per file and the trade and NBBO `sequence` counters.
 */
import type { MarketRules, RuleEvent } from "./market-rules.js";
import { NBBO_HEADER, ORDER_HEADER, TRADE_HEADER } from "../model/headers.js";
import { sydneyLocalToUtcNs } from "../model/time.js";
import { OPEN_SECONDS } from "./calendar.js";
import type { CsvSink } from "./csv-sink.js";
import { IdSource } from "./ids.js";
import { DayMerge } from "./merge.js";
import { deriveSeed, Rng } from "./rng.js";
import { SecurityDay } from "./security-day.js";
import { rowText } from "./row-text.js";
import type { ParticipantSpec, SecuritySpec } from "./universe.js";
import { participantCumulative } from "./universe.js";

/** Running counters across all dates (rows written per file kind and the NBBO sequence). */
export interface WriteCounters {
  orderRows: number;
  tradeRows: number;
  nbboRows: number;
  /** Last NBBO `sequence` written (the file spans all dates). */
  nbboSeq: number;
}

/** Inputs of `writeDate`. */
export interface WriteDateInput {
  seed: number;
  dateIndex: number;
  date: string;
  secs: readonly SecuritySpec[];
  parts: readonly ParticipantSpec[];
  /** Order-row budget per security of this date. */
  budgets: readonly number[];
  /** Reference prices (price units) per security at the start of the date; updated in place. */
  fairs: number[];
  orders: CsvSink;
  trades: CsvSink;
  nbbo: CsvSink;
  counters: WriteCounters;
  onProgress: ((rowsWritten: number) => void) | undefined;
  /** The market rules beyond midpoint matching. */
  rules: MarketRules;
  /** Receives every tagged event. */
  onRuleEvent: ((e: RuleEvent) => void) | undefined;
  /** Checked after each flush: once aborted, throws its reason (nothing more is written). */
  signal?: AbortSignal | undefined;
}

/** The rows' text, in the declared column order (model/tables/), the writer's columns filled in here. */
const ORDER_ROW = rowText(ORDER_HEADER, ["row_num"]);
const TRADE_ROW = rowText(TRADE_HEADER, ["sequence", "row_num"]);
const NBBO_ROW = rowText(NBBO_HEADER, ["sequence"]);

/** First trade `sequence` of each trades file (then +1 per leg). */
const TRADE_SEQ_START = 3_000_000;

/** Simulates and writes one date; resolves when its rows are handed to the sinks (not closed). */
export async function writeDate(inp: WriteDateInput): Promise<void> {
  const { date, orders, trades, nbbo, counters } = inp;
  const ids = new IdSource(inp.dateIndex);
  const openUtcNs = sydneyLocalToUtcNs(date, OPEN_SECONDS);
  const tradeDateNs = sydneyLocalToUtcNs(date, 0);
  const participantIds = inp.parts.map((p) => p.id);
  const cum = participantCumulative(participantIds.length);
  const days = inp.secs.map(
    (sec, i) =>
      new SecurityDay({
        sec,
        date,
        openUtcNs,
        tradeDateNs,
        rng: new Rng(deriveSeed(inp.seed, 1 + inp.dateIndex, i)),
        ids,
        participantIds,
        participantCumulative: cum,
        budgetRows: inp.budgets[i] ?? 0,
        fairUnits: inp.fairs[i] ?? sec.startPriceUnits,
        rules: inp.rules,
        onRuleEvent: inp.onRuleEvent,
      }),
  );
  orders.push(`${ORDER_HEADER.join(",")}\n`);
  trades.push(`${TRADE_HEADER.join(",")}\n`);
  let orderRow = 0;
  let tradeRow = 0;
  let tradeSeq = TRADE_SEQ_START;
  const merge = new DayMerge(days);
  for (let m = merge.next(); m !== undefined; m = merge.next()) {
    const ev = m.ev;
    orders.push(ORDER_ROW(ev.order, { row_num: ++orderRow }));
    if (ev.trades !== undefined) {
      for (const leg of ev.trades) trades.push(TRADE_ROW(leg, { sequence: ++tradeSeq, row_num: ++tradeRow }));
    }
    if (ev.nbbo !== undefined) {
      nbbo.push(NBBO_ROW(ev.nbbo, { sequence: ++counters.nbboSeq }));
      counters.nbboRows++;
    }
    if (orders.needsFlush || trades.needsFlush || nbbo.needsFlush) {
      await Promise.all([orders.flush(), trades.flush(), nbbo.flush()]);
      inp.signal?.throwIfAborted();
      inp.onProgress?.(counters.orderRows + orderRow);
    }
  }
  counters.orderRows += orderRow;
  counters.tradeRows += tradeRow;
  days.forEach((d, i) => {
    inp.fairs[i] = d.fair;
  });
  inp.onProgress?.(counters.orderRows);
}
