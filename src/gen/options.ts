/**
 * Options and summary of the synthetic data generator, with edge validation (zod) of the options.
 */
import { z } from "zod";
import { SweeplabError } from "../model/errors.js";
import { isCalendarDate } from "../model/fields.js";
import { resolveRules, type MarketRules, type RuleEvent } from "./market-rules.js";

/** Options of `generate()`. */
export interface GenOptions {
  /** Target total number of order rows (events) across all securities and dates; met within ±5 %. */
  orders: number;
  /** Number of securities (codes 110621, 110622, …). */
  securities: number;
  /** Number of trading dates (consecutive weekdays from `startDate`). */
  dates: number;
  /** PRNG seed (safe integer); the same options give byte-identical files. */
  seed: number;
  /** Output directory (created if missing). */
  outDir: string;
  /** Write orders/trades/nbbo as deterministic `.csv.gz` (no mtime) instead of `.csv`. */
  gzip?: boolean;
  /** First trading date `YYYY-MM-DD` (a weekend rolls forward); default `2024-10-02`. */
  startDate?: string;
  /** Called with the cumulative number of order rows written so far (about every 1 MB of output). */
  onProgress?: (rowsWritten: number) => void;
  /**
   * Market rules beyond the simulation's midpoint matching (market-rules.ts); a rule left out is
   * on. `SIMULATION_RULES_ONLY` turns every one off.
   */
  rules?: Partial<MarketRules>;
  /** Called with every tagged event (each Centre Point trade, each order row a rule wrote), in writing order per partition. */
  onRuleEvent?: (e: RuleEvent) => void;
  /**
   * Stops the generator: it writes no more, removes every file it wrote and rejects with
   * `GenerateInterruptedError` (`generate_interrupted`), having stopped writing before it does.
   */
  signal?: AbortSignal;
}

/** What `generate()` wrote. */
export interface GenSummary {
  /** Every file written, as `join(outDir, relativePath)`, in writing order. */
  files: string[];
  /** Order rows written (all dates). */
  orderRows: number;
  /** Trade legs written (two per match). */
  tradeRows: number;
  /** NBBO rows written. */
  nbboRows: number;
  /** Security codes, as in ob.csv `Id`. */
  securities: string[];
  /** Trading dates `YYYY-MM-DD`. */
  dates: string[];
}

/** Default first trading date: four weekdays from it span the Sydney DST start of 2024-10-06. */
export const DEFAULT_START_DATE = "2024-10-02";

/** Schema of the data fields of `GenOptions` (the callback is checked separately). */
export const GenOptionsSchema = z.object({
  orders: z.number().int().min(1).max(1e11),
  securities: z.number().int().min(1).max(100_000),
  dates: z.number().int().min(1).max(5_000),
  seed: z.number().int().refine(Number.isSafeInteger, "seed must be a safe integer"),
  outDir: z.string().min(1),
  gzip: z.boolean().optional(),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "startDate must be YYYY-MM-DD")
    .optional(),
  rules: z
    .object({
      preferenceMatching: z.boolean(),
      anyPriceBlocks: z.boolean(),
      sweepsToLit: z.boolean(),
      maqConversions: z.boolean(),
      purges: z.boolean(),
      rareCodes: z.boolean(),
    })
    .partial()
    .strict()
    .optional(),
});

/** Every key of {@link GenOptions}. */
const GEN_OPTION_KEYS: readonly string[] = [
  ...Object.keys(GenOptionsSchema.shape),
  "onProgress",
  "onRuleEvent",
  "signal",
];

/** Options after validation, with defaults applied. */
export interface ResolvedGenOptions {
  orders: number;
  securities: number;
  dates: number;
  seed: number;
  outDir: string;
  gzip: boolean;
  startDate: string;
  onProgress: ((rowsWritten: number) => void) | undefined;
  rules: MarketRules;
  onRuleEvent: ((e: RuleEvent) => void) | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Options `generate()` refuses (code `bad_option`): the message names every bad field, the value it
 * got and what is allowed. A typed error of the toolkit, so the CLI (`sweeplab gen --orders 0`),
 * the REPL and a notebook show it as one line, not a stack trace.
 */
export class GenOptionsError extends SweeplabError {
  override readonly name = "GenOptionsError";
  readonly code = "bad_option";
}

/**
 * Validates `opts` and applies defaults. Throws {@link GenOptionsError} (`bad_option`) naming every
 * bad field and its value, every missing one, and every key that is no option.
 */
export function resolveOptions(opts: GenOptions): ResolvedGenOptions {
  // generate() with nothing, as typed at the REPL: said so (its keys cannot be listed).
  const given: unknown = opts;
  if (typeof given !== "object" || given === null || Array.isArray(given))
    throw new GenOptionsError(
      "invalid generator options: expected an object of options ({ orders, securities, dates, seed, outDir, … }), " +
        `got ${given === undefined ? "nothing" : Array.isArray(given) ? "a list" : shown(given)}`,
    );
  const parsed = GenOptionsSchema.safeParse(opts);
  // A key it does not take (`gzp`, `order`), from the REPL or a script: named, not ignored.
  const unknown = Object.keys(opts).filter((k) => !GEN_OPTION_KEYS.includes(k));
  if (!parsed.success || unknown.length > 0) {
    const msg = [
      ...unknown.map((k) => `${k}: no option of generate (${GEN_OPTION_KEYS.join(", ")})`),
      ...(parsed.success ? [] : parsed.error.issues).map((i) => {
        const got = fieldValue(opts, i.path);
        return `${i.path.join(".")}: ${got === undefined ? "required" : `${i.message}, got ${shown(got)}`}`;
      }),
    ].join("; ");
    throw new GenOptionsError(`invalid generator options: ${msg}`);
  }
  if (opts.onProgress !== undefined && typeof opts.onProgress !== "function") {
    throw new GenOptionsError("invalid generator options: onProgress must be a function");
  }
  if (opts.onRuleEvent !== undefined && typeof opts.onRuleEvent !== "function") {
    throw new GenOptionsError("invalid generator options: onRuleEvent must be a function");
  }
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
    throw new GenOptionsError("invalid generator options: signal must be an AbortSignal");
  }
  const v = parsed.data;
  if (v.startDate !== undefined && !isCalendarDate(v.startDate)) {
    throw new GenOptionsError(`invalid generator options: startDate: not a calendar date, got "${v.startDate}"`);
  }
  return {
    orders: v.orders,
    securities: v.securities,
    dates: v.dates,
    seed: v.seed,
    outDir: v.outDir,
    gzip: v.gzip ?? false,
    startDate: v.startDate ?? DEFAULT_START_DATE,
    onProgress: opts.onProgress,
    rules: resolveRules(v.rules),
    onRuleEvent: opts.onRuleEvent,
    signal: opts.signal,
  };
}

/** A value for the message: JSON, a bigint as `42n` (JSON.stringify throws on one), else its text. */
function shown(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The value at `path` of the options, for the message. */
function fieldValue(opts: GenOptions, path: readonly PropertyKey[]): unknown {
  let v: unknown = opts;
  for (const k of path) v = typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
