import type { OrderEvents, Partition, QuoteSeries, TradeLegs } from "../model/partition.js";

/**
 * The quotes of a partition, sorted by tNs (ns since Sydney local midnight), prices in ticks: the
 * NBBO file's quotes (`p.quotes`, returned as they are) when present and non-empty; otherwise the
 * national bid/offer snapshots of the order rows and trade legs, merged by tNs (at equal tNs order
 * rows come before trade legs, each in its own row order). Rows whose snapshot has both sides 0 carry
 * no quote and are skipped; a snapshot equal to the previous quote kept is collapsed into it, so
 * the series holds only changes (one-sided and crossed snapshots are kept: they are gaps). A side
 * of no price (NO_PRICE, −1; the NBBO file's quotes too) is a one-sided quote: it replaces the
 * previous quote and has no midpoint. O(rows).
 */
export function quotesOf(p: Partition): QuoteSeries {
  if (p.quotes !== undefined && p.quotes.length > 0) return p.quotes;
  return mergeSnapshots(p.orders, p.trades);
}

function mergeSnapshots(o: OrderEvents, tr: TradeLegs): QuoteSeries {
  const cap = o.length + tr.length;
  const tNs = new Float64Array(cap);
  const bidTicks = new Float64Array(cap);
  const offerTicks = new Float64Array(cap);
  let n = 0;
  let prevBid = NaN;
  let prevOffer = NaN;
  const push = (t: number, bid: number, offer: number): void => {
    if (bid === 0 && offer === 0) return;
    if (bid === prevBid && offer === prevOffer) return;
    tNs[n] = t;
    bidTicks[n] = bid;
    offerTicks[n] = offer;
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
  return { length: n, tNs: tNs.slice(0, n), bidTicks: bidTicks.slice(0, n), offerTicks: offerTicks.slice(0, n) };
}
