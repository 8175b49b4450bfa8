/**
 * Code tables of the order and trade files: every value the exchange defines for each coded column
 * (Genium INET Direct Drop specification 3.0, as listed in the project's formats reference
 * CODES.md), with its meaning, and the meanings the analysis uses (which change reasons end an
 * order's life, which deal sources are Centre Point liquidity, which order status is not live).
 * This file is the one place these values live: the readers (model/fields.ts and io/csv/fast-plan.ts,
 * whose tables fast-row.ts reads), the book replay and the simulation all read it.
 *
 * A value outside a table is still data (a later release of the exchange's system may add codes):
 * the readers keep its row and count the value per column (`FileReport.unknownCodes`), or reject
 * it as `unknown_code` when the run asks for that (`unknownCodes: "reject"`).
 */

/**
 * Side: 1 buy, 2 sell. Not a code table of CODES.md (the protocol's side is a two-valued field,
 * not a list that grows), and every stage needs it to put an order on a side of a book: a row with
 * any other side cannot be analysed, so the readers stay strict and reject it as `unknown_side`.
 */
export const SIDE = { buy: 1, sell: 2 } as const;
/** The valid side codes. */
export const SIDES: ReadonlySet<number> = new Set([1, 2]);

/** orderstatus values and their meaning. */
export const ORDER_STATUS: Readonly<Record<number, string>> = {
  1: "stored on the order book",
  2: "not stored on the book (incoming, not yet handled, or cancelled)",
  3: "trigger order not yet triggered",
  4: "inactive (purged or inactivated)",
};
/**
 * orderstatus 2: not stored on the book — an incoming order not yet handled (a later row stores it),
 * or one the exchange did not keep: a fill-and-kill order's remainder (timevalidity 0, "not stored
 * unless fully matched") has no cancel row. An order whose LAST row has it is not on the book after
 * that row: the book replay and the simulation take it off there.
 */
export const ORDER_STATUS_NOT_STORED = 2;
/** orderstatus 4: an inactive order (purged or inactivated): not live, whatever its change reason. */
export const ORDER_STATUS_INACTIVE = 4;
/**
 * orderstatus 3: a trigger order not yet triggered. It cannot trade until a later row of the order
 * with another status (changereason 12 triggered, 37 triggered by a session change): until then it
 * is known but dormant — neither resting liquidity in the book replay nor in the simulation.
 */
export const ORDER_STATUS_UNTRIGGERED = 3;
/** The known orderstatus codes. */
export const ORDER_STATUSES: ReadonlySet<number> = new Set(Object.keys(ORDER_STATUS).map(Number));

/** ordertype: 1 limit, 2 market, 3 market-to-limit (not a table of CODES.md; the sweeplab format's). */
export const ORDER_TYPE = { limit: 1, market: 2, marketToLimit: 3 } as const;
/** The known ordertype codes. */
export const ORDER_TYPES: ReadonlySet<number> = new Set([1, 2, 3]);

/** Named changereason codes the analysis and the generator use. */
export const CHANGE_REASON = {
  userCancel: 1,
  traded: 3,
  updated: 5,
  new: 6,
  systemCancel: 9,
  cancelOnBehalf: 10,
  triggered: 12,
  haltCancel: 20,
  purged23: 23,
  purged24: 24,
  purged25: 25,
  purged26: 26,
  purged27: 27,
  newInactive: 29,
  reloaded: 30,
  reloadedIntraday: 31,
  purged35: 35,
  activated: 36,
  sessionTriggered: 37,
  sweepConversion48: 48,
  sweepConversion49: 49,
  sweepConversion50: 50,
} as const;

/** Every changereason code of the exchange and its meaning (why the row was sent). */
export const CHANGE_REASON_MEANING: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "cancelled by the trader",
  3: "traded",
  4: "inactivated when the user lost the connection",
  5: "updated by the user",
  6: "new order",
  7: "market order converted (equilibrium price in an auction)",
  8: "market order converted to a limit order",
  9: "cancelled by the system",
  10: "cancelled on behalf",
  11: "bait recalculated",
  12: "trigger order triggered and converted to an active order",
  13: "reserved order refreshed",
  15: "cancelled by the system after a price limit change",
  19: "expired (last trading day)",
  20: "cancelled because trading is halted",
  21: "inactivated because trading is halted",
  23: "inactivated/purged: corporate action",
  24: "rest-of-day order inactivated/purged",
  25: "inactivated: delisting",
  26: "other than rest-of-day order inactivated/purged",
  27: "inactivated/purged: outside the purge price limits",
  28: "ownership transferred",
  29: "new inactive order",
  30: "reloaded by the system on a new trading day",
  31: "reloaded at an intraday market place restart",
  34: "cancelled after the opening auction",
  35: "inactivated/purged: outside the price limits",
  36: "activated: price limits changed and the order is inside them",
  37: "trigger-on-session order triggered by a session change",
  38: "trigger-on-session order inactivated",
  39: "undisclosed-quantity order converted to a regular order",
  40: "volume-match order inactivated due to its value",
  41: "quote cancelled by market-maker protection",
  42: "quote cancelled by market-maker protection",
  43: "deleted due to internal crossing",
  48: "Centre Point sweep market-to-limit order converted",
  49: "minimum-quantity Centre Point order traded below its minimum",
  50: "Centre Point sweep order reloaded without its minimum-quantity and mid-tick conditions",
  51: "cancelled: invalid clearing participant id",
};
/** The known changereason codes. */
export const CHANGE_REASONS: ReadonlySet<number> = new Set(Object.keys(CHANGE_REASON_MEANING).map(Number));

/**
 * Change reasons that end an order's life: a cancel, expiry, inactivation or purge (CODES.md: 1, 4,
 * 9, 10, 15, 19, 20, 21, 23–27, 34, 35, 38, 40–43, 51). A row with orderstatus 4 (inactive) ends
 * it too, whatever its change reason; being fully traded ends it by its leaves.
 */
export const EXIT_REASONS: ReadonlySet<number> = new Set([
  1, 4, 9, 10, 15, 19, 20, 21, 23, 24, 25, 26, 27, 34, 35, 38, 40, 41, 42, 43, 51,
]);

/**
 * Change reasons that (re)place an order with the row's state: new (6), trigger order triggered
 * (12), reloaded (30, 31), activated (36), trigger-on-session triggered (37) and the Centre Point
 * sweep conversions (48–50). A row with orderstatus 4 is never an entry.
 */
export const ENTRY_REASONS: ReadonlySet<number> = new Set([6, 12, 30, 31, 36, 37, 48, 49, 50]);

/**
 * Change reasons that change a live order's state in place (its price, type and leaves, as the row
 * carries them): 5 updated, and the rows that are neither an entry, an exit nor an execution — 0
 * undefined, 7 and 8 market order converted (at the auction's equilibrium price, to a limit order),
 * 11 bait recalculated, 13 reserved order refreshed, 28 ownership transferred, 39 undisclosed-quantity
 * order converted. With ENTRY_REASONS, EXIT_REASONS, 3 (traded) and 29 (new inactive: not live)
 * every changereason of CODES.md has exactly one meaning in the book replay.
 */
export const UPDATE_REASONS: ReadonlySet<number> = new Set([0, 5, 7, 8, 11, 13, 28, 39]);

/** True when row state (changereason, orderstatus) ends the order's life (an exit or inactive). */
export function endsOrder(changeReason: number, orderStatus: number): boolean {
  return orderStatus === ORDER_STATUS_INACTIVE || EXIT_REASONS.has(changeReason);
}

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
/** Every bit sweeplab knows for exchangeordertype; a mask with other bits (≤ 0xffff) is an unknown code. */
export const KNOWN_ORDER_TYPE_BITS = 2 | 64 | 256 | 2048 | 4096;

/** Every dealsource code of the trades file and its meaning. */
export const DEAL_SOURCE: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "continuous matching",
  3: "reported trade between different participants",
  4: "reported trade by the exchange between different participants",
  5: "reported trade within one participant",
  6: "reported trade by the exchange within one participant",
  7: "standard combination order book, continuous matching",
  20: "auction",
  36: "tailor-made combination, continuous matching",
  42: "priority crossing",
  43: "combination order against outright",
  44: "book trade, continuous matching",
  45: "book trade, auction",
  46: "preference matched",
  47: "Centre Point",
  48: "book trade, Centre Point",
  49: "preference-only matched",
  50: "any-price block matched",
  51: "preference any-price block matched",
  52: "preference-only any-price block matched",
};
/** The known dealsource codes. */
export const DEAL_SOURCES: ReadonlySet<number> = new Set(Object.keys(DEAL_SOURCE).map(Number));
/** Deal sources of Centre Point liquidity: 46, 47, 48 and the any-price block codes 50–52. */
export const CENTRE_POINT_DEAL_SOURCES: ReadonlySet<number> = new Set([46, 47, 48, 50, 51, 52]);

/** passiveaggressive: 0 passive, 1 aggressive, 2 neither. */
export const PASSIVE_AGGRESSIVE_MEANING: Readonly<Record<number, string>> = {
  0: "passive",
  1: "aggressive",
  2: "neither",
};
/** The known passiveaggressive codes. */
export const PASSIVE_AGGRESSIVE: ReadonlySet<number> = new Set([0, 1, 2]);

/** midtick values and their meaning (not read by the analysis; a value outside is counted as any code is). */
export const MIDTICK: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "yes",
  2: "no",
  3: "dark execution",
  4: "dark execution with mid-tick",
  5: "any-price block execution",
  6: "any-price block execution with mid-tick",
};
/** The known midtick codes. */
export const MIDTICKS: ReadonlySet<number> = new Set(Object.keys(MIDTICK).map(Number));

/** What a timevalidity value says: the kind of its high byte, its argument and its flags. */
export interface TimeValidity {
  /** The kind: "fill and kill", "rest of day", "good till cancelled", "days", "current max", "session", or "kind N". */
  kind: string;
  /** The low byte: the number of days (kind "days") or the session type (kind "session"). */
  arg: number;
  /** Flag 64 of the high byte: purged. */
  purged: boolean;
  /** Flag 128 of the high byte: negative indicator. */
  negative: boolean;
}

const VALIDITY_KIND: Readonly<Record<number, string>> = {
  0: "fill and kill",
  1: "rest of day",
  2: "good till cancelled",
  5: "days",
  6: "current max",
  32: "session",
};

/**
 * Decodes a timevalidity value (two bytes: the high byte the kind plus flags 64 purged and 128
 * negative, the low byte its argument): 256 → rest of day, 1288 → 8 days, 16640 → rest of day,
 * purged. Undefined when the value is not an integer in 0..65535.
 */
export function decodeTimeValidity(value: number): TimeValidity | undefined {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) return undefined;
  const high = value >>> 8;
  const base = high & ~(64 | 128);
  return {
    kind: VALIDITY_KIND[base] ?? `kind ${base}`,
    arg: value & 0xff,
    purged: (high & 64) !== 0,
    negative: (high & 128) !== 0,
  };
}

/** The code tables of the coded columns, by field kind (model/fields.ts); codes are one byte (0–255). */
export const CODE_TABLES = {
  changereason: CHANGE_REASONS,
  orderstatus: ORDER_STATUSES,
  ordertype: ORDER_TYPES,
  dealsource: DEAL_SOURCES,
  pa: PASSIVE_AGGRESSIVE,
  midtick: MIDTICKS,
} as const;
