/**
 * Code tables of the order and trade files (ARCHITECTURE.md §1). Values are the exchange's
 * integer codes; the readers reject any value outside these sets with code `unknown_code`.
 */

/** Side: 1 buy, 2 sell. */
export const SIDE = { buy: 1, sell: 2 } as const;
/** The valid side codes. */
export const SIDES: ReadonlySet<number> = new Set([1, 2]);

/** orderstatus: 1 on book, 2 off book. */
export const ORDER_STATUSES: ReadonlySet<number> = new Set([1, 2]);

/** ordertype: 1 limit, 2 market, 3 market-to-limit. */
export const ORDER_TYPE = { limit: 1, market: 2, marketToLimit: 3 } as const;
/** The valid ordertype codes. */
export const ORDER_TYPES: ReadonlySet<number> = new Set([1, 2, 3]);

/** changereason codes and their meaning. */
export const CHANGE_REASON = {
  userCancel: 1,
  traded: 3,
  updated: 5,
  new: 6,
  systemCancel: 9,
  cancelOnBehalf: 10,
  haltCancel: 20,
  purged23: 23,
  purged24: 24,
  purged25: 25,
  purged26: 26,
  purged27: 27,
  reloaded: 30,
  purged35: 35,
  sweepConversion48: 48,
  sweepConversion49: 49,
  sweepConversion50: 50,
} as const;
/** The valid changereason codes. */
export const CHANGE_REASONS: ReadonlySet<number> = new Set(Object.values(CHANGE_REASON));

/** Change reasons that end an order's life (cancels and purges). */
export const EXIT_REASONS: ReadonlySet<number> = new Set([1, 9, 10, 20, 23, 24, 25, 26, 27, 35]);

/** exchangeordertype bits. */
export const ORDER_TYPE_BIT = {
  shortSell: 2,
  centrePoint: 64,
  cpCrossing: 256,
  cpSweep: 2048,
  cpBlock: 4096,
} as const;

/** Any of these bits set marks a Centre Point order (64 | 256 | 2048 | 4096). */
export const CENTRE_POINT_MASK = 64 | 256 | 2048 | 4096;
/** The sweep bit. */
export const SWEEP_MASK = 2048;
/** Every bit the exchange defines for exchangeordertype; other bits are rejected. */
export const KNOWN_ORDER_TYPE_BITS = 2 | 64 | 256 | 2048 | 4096;

/** dealsource codes of the trades file and their decoded names. */
export const DEAL_SOURCE: Readonly<Record<number, string>> = {
  1: "Continuous Lit",
  5: "Trade Report Crossing",
  20: "Auction",
  44: "Lit UCP",
  45: "Auction UCP",
  46: "CP Preferencing",
  47: "Centre Point",
  48: "CP Book Trade",
};
/** The valid dealsource codes. */
export const DEAL_SOURCES: ReadonlySet<number> = new Set(Object.keys(DEAL_SOURCE).map(Number));

/** passiveaggressive: 0 passive, 1 aggressive. */
export const PASSIVE_AGGRESSIVE: ReadonlySet<number> = new Set([0, 1]);
