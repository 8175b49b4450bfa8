import type { OrderEvents, Partition, QuoteSeries, TradeLegs } from "../model/partition.js";
import { dropRows } from "./duplicates.js";

/**
 * The quotes of a partition, sorted by tNs (ns since Sydney local midnight), prices in ticks: the
 * NBBO file's quotes (`p.quotes`) when present and non-empty, each quote once (a quote equal to the
 * one before it in time, bid and offer is a repeat, e.g. from two NBBO files that overlap: left out,
 * as it changes no midpoint; `p.quotes` itself when there is none); otherwise the
 * national bid/offer snapshots of the order rows and trade legs, merged by tNs (at equal tNs order
 * rows come before trade legs, each in its own row order). Rows whose snapshot has both sides 0 carry
 * no quote and are skipped; a snapshot equal to the previous quote kept is collapsed into it, so
 * the series holds only changes (one-sided and crossed snapshots are kept: they are gaps). A side
 * of no price (NO_PRICE, −1; the NBBO file's quotes too) is a one-sided quote: it replaces the
 * previous quote and has no midpoint. O(rows).
 */
export function quotesOf(p: Partition): QuoteSeries {
  if (p.quotes !== undefined && p.quotes.length > 0) return withoutRepeats(p.quotes);
  return mergeSnapshots(p.orders, p.trades);
}

/**
 * The quotes without repeats: a quote with the time, bid and offer of the quote before it. The
 * partition's quotes are sorted by (time, sequence, stored values), so the same quote read from two
 * files (the same rows, another row order) lies next to its copy. O(quotes); no copy without repeats.
 */
function withoutRepeats(q: QuoteSeries): QuoteSeries {
  let keep: Uint8Array | undefined;
  for (let i = 1; i < q.length; i++) {
    if (q.tNs[i] !== q.tNs[i - 1] || q.bidTicks[i] !== q.bidTicks[i - 1] || q.offerTicks[i] !== q.offerTicks[i - 1])
      continue;
    keep ??= new Uint8Array(q.length).fill(1);
    keep[i] = 0;
  }
  return keep === undefined ? q : dropRows(q, keep);
}

/**
 * The merge runs twice: the first pass counts the quotes kept, the second writes them into columns
 * of that size (no columns of one entry per order row and trade leg, 24 bytes a row, then copied).
 */
function mergeSnapshots(o: OrderEvents, tr: TradeLegs): QuoteSeries {
  const n = walkSnapshots(o, tr, () => {});
  const q: QuoteSeries = {
    length: n,
    tNs: new Float64Array(n),
    bidTicks: new Float64Array(n),
    offerTicks: new Float64Array(n),
  };
  let i = 0;
  walkSnapshots(o, tr, (t, bid, offer) => {
    q.tNs[i] = t;
    q.bidTicks[i] = bid;
    q.offerTicks[i] = offer;
    i++;
  });
  return q;
}

/** Calls `emit` for every quote of the merged snapshots (see {@link quotesOf}); returns their number. */
function walkSnapshots(
  o: OrderEvents,
  tr: TradeLegs,
  emit: (tNs: number, bidTicks: number, offerTicks: number) => void,
): number {
  let n = 0;
  let prevBid = NaN;
  let prevOffer = NaN;
  const push = (t: number, bid: number, offer: number): void => {
    if (bid === 0 && offer === 0) return;
    if (bid === prevBid && offer === prevOffer) return;
    emit(t, bid, offer);
    n++;
    prevBid = bid;
    prevOffer = offer;
  };
  let i = 0;
  let j = 0;
  while (i < o.length || j < tr.length) {
    const ti = i < o.length ? (o.tNs[i] as number) : Infinity;
    const tj = j < tr.length ? (tr.tNs[j] as number) : Infinity;
    if (ti <= tj) {
      push(ti, o.nationalBidTicks[i] as number, o.nationalOfferTicks[i] as number);
      i++;
    } else {
      push(tj, tr.nationalBidTicks[j] as number, tr.nationalOfferTicks[j] as number);
      j++;
    }
  }
  return n;
}
