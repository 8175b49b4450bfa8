/**
 * Synthetic ASX Centre Point data generator (ARCHITECTURE.md §5): seeded, streaming, in the exact
 * formats of the real extracts. Public API of `src/gen/`.
 */
import { mkdir, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { tradingDates } from "./calendar.js";
import { CsvSink } from "./csv-sink.js";
import { GenerateInterruptedError } from "./interrupted.js";
import { NBBO_HEADER } from "../model/headers.js";
import { resolveOptions, type GenOptions, type GenSummary, type ResolvedGenOptions } from "./options.js";
import { writeOb, writePar, writeSession } from "./reference-files.js";
import { deriveSeed, Rng } from "./rng.js";
import { makeParticipants, makeSecurities, planBudgets } from "./universe.js";
import { writeDate, type WriteCounters } from "./write-day.js";

export type { GenOptions, GenSummary } from "./options.js";
export { GenerateInterruptedError } from "./interrupted.js";
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
 * Rejects with `GenOptionsError` (`bad_option`, naming each bad field) on invalid options, and on
 * I/O errors. Stopped by `opts.signal` (checked
 * about every 1 MB written, and between files), it writes nothing more, removes every file it
 * wrote (only those: a file there it had not opened, of an earlier data set, is left as it was),
 * then rejects with `GenerateInterruptedError` (`generate_interrupted`): nothing of this call is
 * left, and nothing of it writes into the folder once it has rejected.
 */
export async function generate(opts: GenOptions): Promise<GenSummary> {
  const o = resolveOptions(opts);
  if (aborted(o.signal)) throw new GenerateInterruptedError(o.outDir);
  const open: CsvSink[] = [];
  try {
    return await generateInto(o, open);
  } catch (e) {
    // Stop writing first (every open file closed, a write under way ended), then, interrupted,
    // remove what this call wrote: no half data set, nothing written after the rejection.
    await Promise.all(open.map((s) => s.abort()));
    if (!aborted(o.signal)) throw e;
    await removeWritten(o.outDir, open);
    throw new GenerateInterruptedError(o.outDir);
  }
}

// A function, not `signal.aborted` inline: TypeScript would take it for unchanged since the last look.
const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

/** Removes the files of `sinks`, then `orders/` and `trades/` when that leaves them empty. */
async function removeWritten(outDir: string, sinks: readonly CsvSink[]): Promise<void> {
  await Promise.all(sinks.map((s) => rm(s.path, { force: true })));
  for (const sub of ["orders", "trades"]) await rmdir(join(outDir, sub)).catch(() => undefined);
}

/** The body of {@link generate}: each file it opens is added to `opened`, to be closed or removed on a stop. */
async function generateInto(o: ResolvedGenOptions, opened: CsvSink[]): Promise<GenSummary> {
  const stop = (): void => {
    if (aborted(o.signal)) throw new GenerateInterruptedError(o.outDir);
  };
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
    stop();
    const path = join(o.outDir, rel);
    files.push(path);
    const sink = CsvSink.open(path, gzip);
    opened.push(sink);
    return sink;
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
      signal: o.signal,
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
  // Stopped while the last files were closed: no data set is returned that the caller gave up on.
  stop();

  return {
    files,
    orderRows: counters.orderRows,
    tradeRows: counters.tradeRows,
    nbboRows: counters.nbboRows,
    securities: secs.map((s) => String(s.code)),
    dates,
  };
}
