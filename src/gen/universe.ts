/**
 * The synthetic universe: securities (ob.csv), participants (par.csv) and the split of the order-row
 * target over (date, security) partitions. All drawn from one seeded `Rng`.
 */
import { cumulativeOf, type Rng } from "./rng.js";

/** First security code; later ones count up (110621, 110622, …). */
export const FIRST_SECURITY_CODE = 110621;
/** First participant id; later ones count up (1001, 1002, …). */
export const FIRST_PARTICIPANT_ID = 1001;

/** One instrument. Prices are integer units with `decimals` implied decimals. */
export interface SecuritySpec {
  /** ob.csv `Id`, the security_code of orders and trades. */
  code: number;
  /** DecimalsInPrice: 3 (lit tick 10 units = A$0.01, every midpoint whole) or 2 (tick 1 unit). */
  decimals: 2 | 3;
  /** Lit tick size in price units. */
  tickUnits: number;
  /** Opening reference price in price units (a tick multiple, about A$5–A$60). */
  startPriceUnits: number;
  /** Three-letter ticker, e.g. `KQW`. */
  ticker: string;
  sector: string;
  /** Relative activity; the partition row budgets are proportional to it. */
  weight: number;
}

/** One participant (broker). */
export interface ParticipantSpec {
  /** par.csv `Id`, the participantid of orders and trades. */
  id: number;
  name: string;
  longName: string;
  type: "Broker" | "Market Maker";
}

const SECTORS = ["Technology", "Financials", "Materials", "Energy", "Health Care", "Industrials"];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * `n` securities. All have DecimalsInPrice 3 and a 10-unit tick except the last one (when n ≥ 2),
 * which has DecimalsInPrice 2 and a 1-unit tick, so that its midpoint is whole only on even spreads.
 */
export function makeSecurities(n: number, rng: Rng): SecuritySpec[] {
  const out: SecuritySpec[] = [];
  for (let i = 0; i < n; i++) {
    const decimals: 2 | 3 = n >= 2 && i === n - 1 ? 2 : 3;
    const cents = rng.logInt(500, 6000);
    const tickUnits = decimals === 3 ? 10 : 1;
    const ticker = [0, 1, 2].map(() => LETTERS[rng.int(0, 25)] ?? "X").join("");
    out.push({
      code: FIRST_SECURITY_CODE + i,
      decimals,
      tickUnits,
      startPriceUnits: cents * tickUnits,
      ticker,
      sector: SECTORS[rng.int(0, SECTORS.length - 1)] ?? "Technology",
      weight: 0.5 + rng.float(),
    });
  }
  return out;
}

/** 8–12 participants, a few of them market makers. */
export function makeParticipants(rng: Rng): ParticipantSpec[] {
  const n = rng.int(8, 12);
  const out: ParticipantSpec[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Broker${LETTERS[i] ?? "Z"}`;
    out.push({
      id: FIRST_PARTICIPANT_ID + i,
      name,
      longName: `${name} Securities Pty Ltd`,
      type: i % 4 === 2 ? "Market Maker" : "Broker",
    });
  }
  return out;
}

/**
 * Cumulative weights of a skewed (Zipf, exponent 1.1) choice among `n` participants in id order:
 * the first participant sends about a quarter of the flow, the last a few percent.
 */
export function participantCumulative(n: number): number[] {
  return cumulativeOf(Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, 1.1)));
}

/**
 * Order-row budget per partition, `[dateIndex][securityIndex]`: proportional to the security weight
 * with ±15 % day-to-day noise, summing to `orders` exactly (largest-remainder rounding).
 */
export function planBudgets(orders: number, secs: readonly SecuritySpec[], nDates: number, rng: Rng): number[][] {
  const raw: number[] = [];
  for (let d = 0; d < nDates; d++) for (const s of secs) raw.push(s.weight * (0.85 + 0.3 * rng.float()));
  const total = raw.reduce((a, b) => a + b, 0);
  const exact = raw.map((w) => (w / total) * orders);
  const floor = exact.map(Math.floor);
  let rest = orders - floor.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of byRemainder) {
    if (rest <= 0) break;
    floor[i] = (floor[i] ?? 0) + 1;
    rest--;
  }
  const out: number[][] = [];
  for (let d = 0; d < nDates; d++) out.push(floor.slice(d * secs.length, (d + 1) * secs.length));
  return out;
}
