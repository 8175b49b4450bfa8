/**
 * The generator's market rules that the simulation (core/simulate.ts) does not model, each an
 * option of `generate()`, and the tags of what they did. With every rule off the generator's
 * Centre Point market follows exactly the simulation's rule (midpoint matching in time priority),
 * so replaying its orders reproduces its Centre Point fills; with them on (the default) the real
 * fills differ from the simulated ones, and only through orders these rules touched.
 */

/** Switches for the rules beyond midpoint matching in time priority; every one defaults to on. */
export interface MarketRules {
  /**
   * Preference matching within a broker: an arriving Centre Point order flagged for preference
   * (a third of them) first trades with resting opposite orders of its own participant, ahead of
   * time priority (dealsource 46 "preference matched", some 49 "preference-only matched").
   */
  preferenceMatching: boolean;
  /**
   * Any-price block trades: an arriving block order (4096/4098) that found no midpoint fill trades
   * with a resting opposite block whose limit it crosses, at the resting limit (dealsource 50, or
   * 51/52 within one participant), even when the midpoint is outside a limit or does not exist.
   */
  anyPriceBlocks: boolean;
  /**
   * Sweeps whose unfilled rest goes to the lit book: about a third of the sweeps left with a
   * remainder execute it against lit liquidity within their limit (dealsource 1) before the rest is
   * killed (changereason 9).
   */
  sweepsToLit: boolean;
  /**
   * Minimum-quantity conversions: a Centre Point order whose leaves fall below its minimum
   * quantity after a fill drops the minimum (changereason 49), and a sweep with a minimum that is
   * not filled is reloaded without it and rests (changereason 50).
   */
  maqConversions: boolean;
  /**
   * Purges and inactive orders: some resting Centre Point orders are purged (changereason 24,
   * orderstatus 4: the simulation models this exit) and some are inactivated (35, orderstatus 4)
   * and activated again later (36), resting anew (the simulation does not re-enter them).
   */
  purges: boolean;
  /**
   * Every code of model/codes.ts at a low rate on lit orders and trades (cancel, inactivation,
   * entry and informational change reasons, orderstatus 3 and 4, ordertype 3, every dealsource,
   * passiveaggressive 2), a few Centre Point legs as 48 "book trade, Centre Point", sweeps
   * converted (48), and NBBO sides without a price written as -9223372036854775808. None of these
   * changes a Centre Point fill.
   */
  rareCodes: boolean;
}

/** The rule names, in a fixed order. */
export const MARKET_RULE_NAMES = [
  "preferenceMatching",
  "anyPriceBlocks",
  "sweepsToLit",
  "maqConversions",
  "purges",
  "rareCodes",
] as const satisfies readonly (keyof MarketRules)[];

/** Every rule on: the default of `generate()`, `sweeplab gen` and sample_data. */
export const ALL_MARKET_RULES: Readonly<MarketRules> = {
  preferenceMatching: true,
  anyPriceBlocks: true,
  sweepsToLit: true,
  maqConversions: true,
  purges: true,
  rareCodes: true,
};

/** Every rule off: a market that follows only the simulation's rules. */
export const SIMULATION_RULES_ONLY: Readonly<MarketRules> = {
  preferenceMatching: false,
  anyPriceBlocks: false,
  sweepsToLit: false,
  maqConversions: false,
  purges: false,
  rareCodes: false,
};

/**
 * What made a generated event: `midpoint` is the simulation's own rule (a Centre Point trade at the
 * midpoint in time priority), `purge` an exit the simulation models; the others are rules the
 * simulation does not model.
 */
export type RuleTag =
  | "midpoint"
  | "preference"
  | "anyPriceBlock"
  | "sweepToLit"
  | "maqConversion"
  | "sweepReload"
  | "purge"
  | "reactivation";

/** Tags of events the simulation models: they never make real and simulated fills differ. */
export const SIMULATED_TAGS: ReadonlySet<RuleTag> = new Set<RuleTag>(["midpoint", "purge"]);

/**
 * One tagged generated event: every Centre Point trade (with its match group), every lit execution
 * of a sweep, and every Centre Point order row written by a rule (conversion, purge, activation).
 */
export interface RuleEvent {
  /** The rule that made it. */
  rule: RuleTag;
  /** Trading date `YYYY-MM-DD`. */
  date: string;
  /** Security code, as in ob.csv `Id`. */
  securityCode: string;
  /** The orders it touched (decimal id text): for a trade the passive then the aggressive order. */
  orderIds: string[];
  /** The trade's matchgroupid (decimal text) for a trade; undefined for an order row. */
  matchGroupId: string | undefined;
  /** The trade's dealsource for a trade; undefined for an order row. */
  dealSource: number | undefined;
}

/** The rules of `partial` over the defaults (every rule on). */
export function resolveRules(partial: { [K in keyof MarketRules]?: boolean | undefined } | undefined): MarketRules {
  const r = { ...ALL_MARKET_RULES };
  for (const name of MARKET_RULE_NAMES) {
    const v = partial?.[name];
    if (v !== undefined) r[name] = v;
  }
  return r;
}
