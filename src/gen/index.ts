/**
 * Synthetic ASX Centre Point data generator (ARCHITECTURE.md §5): seeded, streaming, in the exact
 * formats of the real extracts. Public API of `src/gen/`.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { tradingDates } from "./calendar.js";
import { CsvSink } from "./csv-sink.js";
import { NBBO_HEADER } from "../model/headers.js";
import { resolveOptions, type GenOptions, type GenSummary } from "./options.js";
import { writeOb, writePar, writeSession } from "./reference-files.js";
import { deriveSeed, Rng } from "./rng.js";
import { makeParticipants, makeSecurities, planBudgets } from "./universe.js";
import { writeDate, type WriteCounters } from "./write-day.js";

export type { GenOptions, GenSummary } from "./options.js";
export { DEFAULT_START_DATE, GenOptionsError, GenOptionsSchema } from "./options.js";
export type { MarketRules, RuleEvent, RuleTag } from "./market-rules.js";
export { ALL_MARKET_RULES, MARKET_RULE_NAMES, SIMULATED_TAGS, SIMULATION_RULES_ONLY } from "./market-rules.js";
export { tradingDates, SESSION_PHASES, OPEN_SECONDS } from "./calendar.js";
export { ID_BASE } from "./ids.js";
export { wholeMidpoint, fillQuantity, minFill } from "./cp-book.js";
export { FIRST_SECURITY_CODE, FIRST_PARTICIPANT_ID } from "./universe.js";
export { OB_HEADER, PAR_HEADER, SESSION_HEADER } from "./reference-files.js";

/**
 * Generates a synthetic data set into `opts.outDir`:
 * `orders/orders-YYYY-MM-DD.csv[.gz]` and `trades/trades-YYYY-MM-DD.csv[.gz]` per trading date (all
 * securities, time order), `nbbo.csv[.gz]` (all dates), and plain `ob.csv`, `par.csv`, `session.csv`.
 * Prices are integer price units (DecimalsInPrice per security in ob.csv), timestamps UTC ns,
 * ids unsigned 64-bit decimal text. Same options ⇒ byte-identical files. Memory is bounded (about
 * 1 MB of buffered text per open file plus the live order books) whatever `opts.orders` is.
 * Rejects with `GenOptionsError` (`bad_option`, naming each bad field) on invalid options, and on I/O
 * errors.
 */
export async function generate(opts: GenOptions): Promise<GenSummary> {
  const o = resolveOptions(opts);
  const dates = tradingDates(o.startDate, o.dates);
  const rng = new Rng(deriveSeed(o.seed, 0));
  const secs = makeSecurities(o.securities, rng);
  const parts = makeParticipants(rng);
  const budgets = planBudgets(o.orders, secs, dates.length, rng);
  const ext = o.gzip ? ".csv.gz" : ".csv";
  await mkdir(join(o.outDir, "orders"), { recursive: true });
  await mkdir(join(o.outDir, "trades"), { recursive: true });

  const files: string[] = [];
  const open = (rel: string, gzip: boolean): CsvSink => {
    const path = join(o.outDir, rel);
    files.push(path);
    return CsvSink.open(path, gzip);
  };
  const counters: WriteCounters = { orderRows: 0, tradeRows: 0, nbboRows: 0, nbboSeq: 2_279_299 };
  const nbbo = open(`nbbo${ext}`, o.gzip);
  nbbo.push(`${NBBO_HEADER.join(",")}\n`);
  const fairs = secs.map((s) => s.startPriceUnits);
  for (const [dateIndex, date] of dates.entries()) {
    const orders = open(`orders/orders-${date}${ext}`, o.gzip);
    const trades = open(`trades/trades-${date}${ext}`, o.gzip);
    await writeDate({
      seed: o.seed,
      dateIndex,
      date,
      secs,
      parts,
      budgets: budgets[dateIndex] ?? [],
      fairs,
      orders,
      trades,
      nbbo,
      counters,
      onProgress: o.onProgress,
      rules: o.rules,
      onRuleEvent: o.onRuleEvent,
    });
    await Promise.all([orders.close(), trades.close()]);
  }
  await nbbo.close();

  const firstDate = dates[0] ?? o.startDate;
  const ob = open("ob.csv", false);
  await writeOb(ob, secs, firstDate);
  const par = open("par.csv", false);
  await writePar(par, parts, firstDate);
  const session = open("session.csv", false);
  await writeSession(session, secs, dates);
  await Promise.all([ob.close(), par.close(), session.close()]);

  return {
    files,
    orderRows: counters.orderRows,
    tradeRows: counters.tradeRows,
    nbboRows: counters.nbboRows,
    securities: secs.map((s) => String(s.code)),
    dates,
  };
}
