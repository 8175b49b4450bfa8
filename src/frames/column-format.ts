import { formatSydneyTime, nsSinceLocalMidnight, tradingDate } from "../model/time.js";
import { FrameError } from "./frame-error.js";
import { isMissing } from "./frame-read.js";

/**
 * How a column's values print in a table (`show`, a frame left as a notebook cell's value):
 * - `aud`: money, `A$31,858,367.38` (thousands separators, 2 decimals; exact AUD text rounds exactly);
 * - `price`: a price per share, `A$31.2345` (2 to 4 decimals);
 * - `ratio`: a fraction shown as a percentage, `98.7 %`; `ratio_change`: a change of one, `+1.2 pp`;
 * - `bps`: basis points with 1 decimal, `-3.4`;
 * - `time`: a timestamp as Sydney local time to the millisecond, `2024-09-05 10:02:16.001`, from
 *   bigint ns since the epoch, their digits, or ISO-8601 UTC text; `time_ns`: the same to the
 *   nanosecond, exact; a number of ns under a day (`placed_ns`: since Sydney local midnight) as
 *   that time of day, `10:02:16.001`; other texts (a clock time `10:02:16.001`) print as they are;
 * - `id`: identifiers as text, digit for digit, no separators, never an exponent (a non-integer,
 *   such as the mean of ids in `describe()`, is no id: it prints as a `number`);
 * - `count`: integers with thousands separators;
 * - `number`: integers with thousands separators; others with 6 significant digits, thousands
 *   separators from 1,000, an exponent below 1e-4 (`2.2e-50`);
 * - `p_value`: 4 significant digits, an exponent below 1e-4 (`2.2e-50`); `text`: as it is.
 * Missing values (undefined, null, NaN) print as an empty cell.
 */
export const COLUMN_FORMATS = [
  "aud",
  "price",
  "ratio",
  "ratio_change",
  "bps",
  "time",
  "time_ns",
  "id",
  "count",
  "number",
  "p_value",
  "text",
] as const;

/** One of {@link COLUMN_FORMATS}. */
export type ColumnFormat = (typeof COLUMN_FORMATS)[number];

/** A custom cell format: a value (never missing) to its text. */
export type CellFormatter = (value: unknown) => string;

const STAT_SUFFIX = /_(mean|median|sum|min|max|std)$/;

/**
 * The format of a column from its name — the rule the toolkit's frames follow (aggregated tables,
 * `compare`, `scan`, `groupStats` results), lower-cased, in this order:
 * `security`, `security_code`, `id`, `*_id`, `*_code` → id; `*_count`, `*_rows` → count;
 * `p_value`, `*_p_value` → p_value; `*_ns`, `*_time`, `*_ts`, `*_event`, `timestamp` → time;
 * `*_aud` → price when a word of the name is `vwap`, `price` or `mid` (`real_vwap_aud`,
 * `sim_avg_price_aud`, `mean_mid_aud`; not `cost_midpoint_aud`), else aud; `*_ratio`, `*_share` →
 * ratio; `*_ratio_change`, `*_share_change` → ratio_change; `*_bps` → bps; `date`, `*_date` →
 * text; anything else → number. A statistic suffix (`_mean`, `_median`, `_sum`, `_min`, `_max`,
 * `_std`, as `groupStats` names its columns) is looked through: `savings_aud_mean` is aud. A
 * camelCase name reads as its snake_case (the keys of `sweepRows`' rows: `orderId` is an id,
 * `placedNs` a time), and the numeric suffix danfojs' merge adds (`savings_aud_1`) is looked
 * through; `*_micro_aud` (`savingsMicroAud`: whole micro-AUD) → number.
 */
export function columnFormatOf(name: string): ColumnFormat {
  // A numeric suffix is looked through: danfojs' merge names the right frame's column of a name
  // both frames have `savings_aud_1`.
  const n = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/_\d+$/, "");
  if (/^(security|security_code|id)$|_id$|_code$/.test(n)) return "id";
  if (/(^|_)(count|rows)$/.test(n)) return "count";
  if (/(^|_)p_value$/.test(n)) return "p_value";
  if (/(^|_)(ns|time|ts|event|timestamp)$/.test(n)) return "time";
  const base = n.replace(STAT_SUFFIX, "");
  if (base.endsWith("_micro_aud")) return "number";
  if (base.endsWith("_aud")) return /(^|_)(vwap|price|mid)_/.test(base) ? "price" : "aud";
  if (/_(ratio|share)$/.test(base)) return "ratio";
  if (/_(ratio|share)_change$/.test(base)) return "ratio_change";
  if (/(^|_)bps$/.test(base)) return "bps";
  if (/(^|_)date$/.test(n)) return "text";
  return "number";
}

/** A format given by name, checked: FrameError `bad_argument` listing the formats for an unknown one. */
export function checkFormat(format: string, column: string): ColumnFormat {
  if ((COLUMN_FORMATS as readonly string[]).includes(format)) return format as ColumnFormat;
  throw new FrameError(
    "bad_argument",
    `unknown format "${format}" for column "${column}"; use one of ${COLUMN_FORMATS.join(", ")} or a function`,
  );
}

const grouped = (min: number, max: number): Intl.NumberFormat =>
  new Intl.NumberFormat("en-AU", { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true });
const FIXED = [0, 1, 2].map((d) => grouped(d, d));
const PRICE = grouped(2, 4);
const SIGNIFICANT = new Intl.NumberFormat("en-AU", { maximumSignificantDigits: 6, useGrouping: true });
const GROUPED_2 = grouped(0, 2);
const CHANGE = new Intl.NumberFormat("en-AU", {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});

const EXACT_DECIMAL = /^-?\d+(\.\d+)?$/;

/** An exact decimal text rounded half away from zero to `d` decimals, as bigint units of 10^−d (sign kept apart). */
function roundDecimalText(text: string, d: number): { negative: boolean; units: bigint } {
  const negative = text.startsWith("-");
  const [int = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  const padded = (frac + "0".repeat(d + 1)).slice(0, d + 1);
  const scaled = BigInt(int + padded);
  return { negative, units: (scaled + 5n) / 10n };
}

/** Money below this many AUD is whole micro-AUD exactly as a float (2^53 micro-AUD). */
const EXACT_MICRO_AUD_LIMIT = 9e9;

function money(v: unknown, min: number, max: number): string | undefined {
  // An amount is whole micro-AUD: a float of one (a sum of them: 21.634999999999998 for 21.635)
  // rounds as its micro-AUD text does, like the tables' exact text, not as the float's binary value.
  if (typeof v === "number" && min === max && Math.abs(v) < EXACT_MICRO_AUD_LIMIT)
    return money((Math.round(v * 1e6) / 1e6).toFixed(6), min, max);
  if (typeof v === "string" && EXACT_DECIMAL.test(v) && min === max) {
    const { negative, units } = roundDecimalText(v, min);
    const whole = FIXED[0]?.format(units / 10n ** BigInt(min)) ?? "";
    const cents = (units % 10n ** BigInt(min)).toString().padStart(min, "0");
    return `${negative && units !== 0n ? "-" : ""}A$${whole}${min > 0 ? `.${cents}` : ""}`;
  }
  const x =
    typeof v === "number"
      ? v
      : typeof v === "bigint" || (typeof v === "string" && EXACT_DECIMAL.test(v))
        ? Number(v)
        : undefined;
  if (x === undefined || !Number.isFinite(x)) return undefined;
  const f = min === max ? (FIXED[min] ?? FIXED[2]) : PRICE;
  const text = f?.format(Math.abs(x)) ?? "";
  return `${x < 0 && !/^[0.,]+$/.test(text) ? "-" : ""}A$${text}`;
}

/** ns since the epoch of a time cell: bigint, integer digits, or ISO-8601 UTC text (to the ns); undefined otherwise. */
export function timeNs(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isFinite(v) && Math.abs(v) > 1e15 ? BigInt(Math.round(v)) : undefined;
  if (v instanceof Date) return BigInt(v.getTime()) * 1_000_000n;
  if (typeof v !== "string") return undefined;
  if (/^-?\d{16,}$/.test(v)) return BigInt(v);
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(v);
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

const DAY_NS = 86_400_000_000_000n;

/** A time of day of ns since midnight (0 ≤ ns < a day), `HH:MM:SS.mmm` (to the ns when `exact`); undefined otherwise. */
function timeOfDay(v: unknown, exact: boolean): string | undefined {
  const ns = typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : undefined;
  if (ns === undefined || ns < 0n || ns >= DAY_NS) return undefined;
  const s = ns / 1_000_000_000n;
  const two = (x: bigint): string => x.toString().padStart(2, "0");
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${two(s / 3600n)}:${two((s / 60n) % 60n)}:${two(s % 60n)}.${exact ? frac : frac.slice(0, 3)}`;
}

function sydney(ns: bigint, exact: boolean): string {
  if (!exact) return `${tradingDate(ns)} ${formatSydneyTime(ns)}`;
  const frac = String(nsSinceLocalMidnight(ns) % 1e9).padStart(9, "0");
  return `${tradingDate(ns)} ${formatSydneyTime(ns).slice(0, 8)}.${frac}`;
}

function general(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x + 0);
  if (Number.isInteger(x)) return FIXED[0]?.format(x) ?? String(x);
  const a = Math.abs(x);
  if (a < 1e-4) return x.toExponential(1);
  return a >= 1000 ? GROUPED_2.format(x) : SIGNIFICANT.format(x);
}

function numeric(v: unknown, format: ColumnFormat): string | undefined {
  if (typeof v === "bigint") return format === "id" || format === "text" ? v.toString() : FIXED[0]?.format(v);
  if (typeof v !== "number") return undefined;
  switch (format) {
    case "ratio":
      return `${FIXED[1]?.format(v * 100) ?? ""} %`;
    case "ratio_change":
      return `${CHANGE.format(v * 100)} pp`;
    case "bps":
      return FIXED[1]?.format(v);
    case "count":
      return FIXED[0]?.format(v);
    case "p_value":
      return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
    case "id":
      // A mean or std of ids (describe(), groupStats) is no id: a number, 6 significant digits.
      return Number.isInteger(v) ? BigInt(v).toString() : general(v);
    case "text":
      return String(v);
    default:
      return general(v);
  }
}

/** One value as table text in `format` (see {@link COLUMN_FORMATS}); "" for a missing value. */
export function formatValue(v: unknown, format: ColumnFormat | CellFormatter): string {
  if (isMissing(v)) return "";
  if (typeof format === "function") return format(v);
  if (format === "aud" || format === "price") {
    const m = money(v, 2, format === "aud" ? 2 : 4);
    if (m !== undefined) return m;
  } else if (format === "time" || format === "time_ns") {
    const clock = timeOfDay(v, format === "time_ns");
    if (clock !== undefined) return clock;
    const ns = timeNs(v);
    if (ns !== undefined) return sydney(ns, format === "time_ns");
  } else {
    const n = numeric(v, format);
    if (n !== undefined) return n;
  }
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? "";
}

/** Whether a column of this format holding these values is right-aligned: numbers are, texts, ids and times are not. */
export function rightAligned(format: ColumnFormat | CellFormatter, values: readonly unknown[]): boolean {
  if (typeof format === "string" && ["id", "text", "time", "time_ns"].includes(format)) return false;
  return values.some((v) => typeof v === "number" || typeof v === "bigint");
}
