/**
 * The simulation of one (security, trading date) partition: a lit book and a Centre Point book
 * driven by a seeded stream of actions, producing order rows (with their trade legs and NBBO
 * changes attached) lazily, in strictly increasing time. Time inside the partition is ns since the
 * 10:00 Sydney open as a JS number (< 2^53); it becomes an exact bigint timestamp only in the text.
 */
import { ACTIVITY_SPAN_NS } from "./calendar.js";
import { cancelDueSweeps, cancelSweep } from "./cp-actions.js";
import { randomAction } from "./day-actions.js";
import { nbboValues, type DayEvent, type SecurityDayInit } from "./day-event.js";
import { activateDue } from "./rule-actions.js";
import type { MarketRules, RuleTag } from "./market-rules.js";
import { CpBook } from "./cp-book.js";
import { LitBook } from "./lit-book.js";
import { litPassiveAdd } from "./lit-actions.js";
import type { NbboValues } from "./row-text.js";
import type { Rng } from "./rng.js";
import { makeOrder, orderRowValues, type OrderFields, type Quote, type SimOrder } from "./sim-order.js";
import type { SecuritySpec } from "./universe.js";

export type { DayEvent, SecurityDayInit } from "./day-event.js";

/** A (security, date) simulation. Pull rows with `peek()`/`shift()` until `peek()` is undefined. */
export class SecurityDay {
  readonly lit = new LitBook();
  readonly cp = new CpBook();
  /** Live lit orders (any order; `SimOrder.liveIdx` is the index) for random amend/cancel picks. */
  readonly liveLit: SimOrder[] = [];
  /** Sweep remainders resting in the Centre Point book until their `cancelAt`. */
  readonly restingSweeps: SimOrder[] = [];
  /** Inactivated Centre Point orders waiting for their `activateAt`. */
  readonly inactive: SimOrder[] = [];
  /** The market rules beyond midpoint matching. */
  readonly rules: MarketRules;
  /** Counters of rare events, to spread the rare codes evenly (rare-codes.ts, lit and Centre Point deals). */
  readonly rare = { turn: 0, litFills: 0, cpLegs: 0, prefs: 0, blocks: 0, sweeps: 0 };
  readonly rng: Rng;
  readonly sec: SecuritySpec;
  /** Lit tick size in price units. */
  readonly tick: number;
  /** Trading date `YYYY-MM-DD`. */
  readonly date: string;
  /** Mean ns between consecutive actions (sets how long sweep remainders rest). */
  readonly gapPerAction: number;
  /** Reference price in price units (a tick multiple); drifts during the day. */
  fair: number;
  /** Order rows generated so far. */
  rows = 0;
  /** Quote (lit best bid/offer) after the last emitted row. */
  readonly quote: Quote = { bid: 0, offer: 0 };
  /** Exact timestamp text of the last emitted row. */
  lastTsStr = "";
  /** ns since the open of the last emitted row (−1 before the first). */
  t = -1;

  private readonly init: SecurityDayInit;
  private readonly queue: DayEvent[] = [];
  private head = 0;
  private nextT = 0;
  private seq: number;
  private readonly gapPerRow: number;
  private readonly intraGap: number;
  private seeded = false;
  private done = false;
  private readonly minFair: number;
  private readonly maxFair: number;

  constructor(init: SecurityDayInit) {
    this.init = init;
    this.sec = init.sec;
    this.rng = init.rng;
    this.rules = init.rules;
    this.tick = init.sec.tickUnits;
    this.date = init.date;
    this.fair = init.fairUnits;
    this.seq = 100_000 + this.rng.int(0, 99_999);
    this.gapPerRow = ACTIVITY_SPAN_NS / Math.max(1, init.budgetRows);
    this.gapPerAction = this.gapPerRow * 1.6;
    this.intraGap = Math.max(0, Math.min(20_000, Math.floor(this.gapPerRow / 8)));
    this.minFair = Math.max(this.tick * 20, Math.round((init.sec.startPriceUnits * 0.6) / this.tick) * this.tick);
    this.maxFair = Math.round((init.sec.startPriceUnits * 1.6) / this.tick) * this.tick;
  }

  /** The next row in time order, generating actions as needed; undefined when the day is over. */
  peek(): DayEvent | undefined {
    while (this.head >= this.queue.length) {
      if (this.done) return undefined;
      this.queue.length = 0;
      this.head = 0;
      this.step();
    }
    return this.queue[this.head];
  }

  /** Removes and returns the next row (call after `peek()` returned one). */
  shift(): DayEvent | undefined {
    const ev = this.peek();
    if (ev !== undefined) this.head++;
    return ev;
  }

  /** A new order of this partition with the next id and a skewed random participant. */
  newOrder(o: OrderFields): SimOrder {
    const participant = this.init.participantIds[this.rng.pickCumulative(this.init.participantCumulative)] ?? 0;
    const idStr = this.init.ids.next(this.rng.int(1, 48));
    return makeOrder(o, idStr, participant);
  }

  /** The next matchgroupid, from the date's shared id counter. */
  nextMatchGroupId(): string {
    return this.init.ids.next(1);
  }

  /** Records `o` as a live lit order (it must also be in `lit`). */
  addLiveLit(o: SimOrder): void {
    o.liveIdx = this.liveLit.length;
    this.liveLit.push(o);
  }

  /** Forgets a live lit order in O(1). */
  removeLiveLit(o: SimOrder): void {
    const last = this.liveLit.pop();
    if (last !== undefined && last !== o) {
      this.liveLit[o.liveIdx] = last;
      last.liveIdx = o.liveIdx;
    }
    o.liveIdx = -1;
  }

  /** Reports a tagged event to `onRuleEvent` (no-op without a listener). */
  tag(rule: RuleTag, orderIds: string[], matchGroupId: string | undefined, dealSource: number | undefined): void {
    const e = { rule, date: this.date, securityCode: String(this.sec.code), orderIds, matchGroupId, dealSource };
    this.init.onRuleEvent?.(e);
  }

  /**
   * Writes the row of `o` after an event with `changeReason` (orderstatus `status`, else from the
   * event), once the books reflect it: its quote is the lit best bid/offer now, and an NBBO row is
   * attached if that changed.
   */
  emit(o: SimOrder, changeReason: number, status?: number): DayEvent {
    const ts = this.nextT;
    this.t = ts;
    this.nextT = ts + 1 + (this.intraGap > 0 ? this.rng.int(0, this.intraGap) : 0);
    this.seq += this.rng.chance(0.3) ? this.rng.int(2, 4) : 1;
    const tsStr = (this.init.openUtcNs + BigInt(ts)).toString();
    this.lastTsStr = tsStr;
    const bid = this.lit.bestBid();
    const offer = this.lit.bestOffer();
    let nbbo: NbboValues | undefined;
    if (bid !== this.quote.bid || offer !== this.quote.offer) {
      this.quote.bid = bid;
      this.quote.offer = offer;
      const created = (this.init.openUtcNs + BigInt(ts - 500_000)).toString();
      nbbo = nbboValues(this.init.tradeDateNs, this.quote, created, this.sec.code, tsStr, this.rules.rareCodes);
    }
    const ev: DayEvent = {
      t: ts,
      order: orderRowValues(o, this.date, tsStr, this.sec.code, changeReason, this.quote, this.seq, status),
      trades: undefined,
      nbbo,
    };
    this.queue.push(ev);
    this.rows++;
    return ev;
  }

  /**
   * Starts an action: its first row lands at the time proportional to the rows done so far (plus
   * jitter), never past the end of the activity span, so the day fills 10:00–15:59 evenly.
   */
  private beginAction(): void {
    const frac = Math.min(1, (this.rows + this.rng.float()) / (this.init.budgetRows + 1));
    this.nextT = Math.max(this.t + 1, Math.floor(frac * ACTIVITY_SPAN_NS));
  }

  private step(): void {
    if (this.rows >= this.init.budgetRows) {
      this.finish();
      return;
    }
    this.beginAction();
    cancelDueSweeps(this, this.nextT);
    if (this.inactive.length > 0) activateDue(this, this.nextT);
    if (!this.seeded) {
      this.seeded = true;
      const perSide = Math.min(8, Math.max(1, Math.floor(this.init.budgetRows / 40)));
      for (let i = 0; i < perSide; i++) {
        litPassiveAdd(this, 1);
        litPassiveAdd(this, 2);
      }
      return;
    }
    if (this.rng.chance(0.02)) {
      const f = this.fair + (this.rng.chance(0.5) ? this.tick : -this.tick);
      this.fair = Math.min(this.maxFair, Math.max(this.minFair, f));
    }
    if (this.lit.depth(1) < 3) litPassiveAdd(this, 1);
    else if (this.lit.depth(2) < 3) litPassiveAdd(this, 2);
    else randomAction(this);
  }

  /** End of the day: resting sweep remainders are user-cancelled; lit and other CP orders expire. */
  private finish(): void {
    this.beginAction();
    for (const o of [...this.restingSweeps]) cancelSweep(this, o);
    this.done = true;
  }
}
