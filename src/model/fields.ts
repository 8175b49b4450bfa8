import { z } from "zod";
import type { RowErrorCode } from "./errors.js";
import { CODE_TABLES, KNOWN_ORDER_TYPE_BITS } from "./codes.js";
import { NO_PRICE, NO_PRICE_TEXT } from "./price.js";
import { dateHint, epochUnitHint, withHint, withNumberHint, type NumberWhat } from "./number-hints.js";

/**
 * Field kinds of the input files and their exact parsers. One parser per kind is the single source
 * of truth: the zod row schemas (./schemas.ts) and the columnar batch builder (io/) both call
 * {@link parseField}, so a value accepted in one place is accepted everywhere.
 */
export type FieldKind =
  | "u64" // unsigned 64-bit id → bigint
  | "ns" // ns since the epoch (UTC) → bigint
  | "int" // signed integer, |v| ≤ 2^53 − 1 → number
  | "qty" // quantity, integer ≥ 0 → number
  | "price" // price in integer ticks ≥ 0 → number
  | "quote" // a quote side's price in ticks ≥ 0, or NO_PRICE (−1) for the file's "-9223372036854775808"
  | "side" // 1 buy | 2 sell
  | "changereason"
  | "orderstatus"
  | "ordertype"
  | "otype" // exchangeordertype bit mask
  | "dealsource"
  | "pa" // passiveaggressive 0 | 1
  | "midtick" // midtick 0–6
  | "security" // security code, safe as a path component
  | "date" // YYYY-MM-DD
  | "text"; // any text, kept as is

/** The JS type each kind parses to. */
export interface FieldValue {
  u64: bigint;
  ns: bigint;
  int: number;
  qty: number;
  price: number;
  quote: number;
  side: number;
  changereason: number;
  orderstatus: number;
  ordertype: number;
  otype: number;
  dealsource: number;
  pa: number;
  midtick: number;
  security: string;
  date: string;
  text: string;
}

/** A failed parse: the error code and a message quoting the value. */
export interface FieldError {
  code: RowErrorCode;
  message: string;
}

const U64_MAX = (1n << 64n) - 1n;
// Plausible data: 1990-01-01 .. 2100-01-01 in ns.
const NS_MIN = 631_152_000_000_000_000n;
const NS_MAX = 4_102_444_800_000_000_000n;
const DIGITS = /^[0-9]+$/;
const SIGNED = /^-?[0-9]+$/;
/**
 * A security code as it may appear in file paths: 1–32 of [A-Za-z0-9._-], not starting with a dot
 * (so never `.` or `..`). The one definition every layer checks against.
 */
export const SECURITY_CODE_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$/;
const SECURITY = SECURITY_CODE_PATTERN;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function fail(code: RowErrorCode, message: string): FieldError {
  return { code, message };
}

/** Value of an all-digit string of at most 15 characters, or −1 (hot path: no regex, no allocation). */
function smallDigits(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** True when every character is a decimal digit. */
function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return text.length > 0;
}

function parseNonNegative(text: string, what: string, as: NumberWhat): number | FieldError {
  const fast = smallDigits(text);
  if (fast >= 0) return fast;
  if (!DIGITS.test(text)) {
    return SIGNED.test(text)
      ? fail("negative", `${what} must not be negative, got "${text}"`)
      : fail("not_integer", withNumberHint(`${what} must be a whole number, got "${text}"`, text, as));
  }
  const v = Number(text);
  if (!Number.isSafeInteger(v)) return fail("out_of_range", `${what} exceeds 2^53 − 1: "${text}"`);
  return v;
}

/** The coded field kinds: their values come from a table of model/codes.ts. */
export type CodeKind = keyof typeof CODE_TABLES | "otype";

/** The column name each coded kind's messages use (e.g. "pa" → passiveaggressive). */
const CODE_WHAT: Readonly<Record<CodeKind, string>> = {
  changereason: "changereason",
  orderstatus: "orderstatus",
  ordertype: "ordertype",
  dealsource: "dealsource",
  pa: "passiveaggressive",
  midtick: "midtick",
  otype: "exchangeordertype",
};

/** True for the field kinds whose values come from a code table (see {@link isKnownCode}). */
export function isCodeKind(kind: FieldKind): kind is CodeKind {
  return kind in CODE_WHAT;
}

/**
 * True when `v` (a value {@link parseField} accepted for the coded kind) is in its table of
 * model/codes.ts (for `otype`: sets only known bits). A value outside is still a parsed value: the
 * readers keep it and count it, or reject it as `unknown_code` when asked.
 */
export function isKnownCode(kind: CodeKind, v: number): boolean {
  if (kind === "otype") return (v & ~KNOWN_ORDER_TYPE_BITS) === 0;
  return CODE_TABLES[kind].has(v);
}

/** The `unknown_code` error for a value outside its table (what the readers report under `unknownCodes: "reject"`). */
export function unknownCodeError(kind: CodeKind, v: number): FieldError {
  const what = CODE_WHAT[kind];
  if (kind === "otype") return fail("unknown_code", `exchangeordertype ${v} sets bits outside 2|64|256|2048|4096`);
  return fail("unknown_code", `unknown ${what} ${v}; expected one of ${[...CODE_TABLES[kind]].join(", ")}`);
}

/**
 * A code: any integer the field's width holds (one byte for the code tables, 16 bits for the
 * exchangeordertype mask — the stored widths, see io/store/store-schema.ts), known or not.
 */
function parseCode(text: string, kind: CodeKind, max: number): number | FieldError {
  const what = CODE_WHAT[kind];
  const v = parseNonNegative(text, what, "int");
  if (typeof v !== "number")
    return v.code === "negative" ? fail("out_of_range", `${what} must be a code from 0 to ${max}, got "${text}"`) : v;
  return v <= max ? v : fail("out_of_range", `${what} must be a code from 0 to ${max}, got ${text}`);
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD` ("2024-02-30", "2024-13-05" are not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

// Spaces and tabs around a value (the exchange's ob.csv puts a space before every row; exports
// pad columns): never part of a number, code, date or security code, so they are dropped.
const PAD = /^[ \t]+|[ \t]+$/g;

/** True when `text` starts or ends with a space or a tab (hot path: two char codes, no regex). */
function padded(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const a = text.charCodeAt(0);
  const z = text.charCodeAt(n - 1);
  return a === 32 || a === 9 || z === 32 || z === 9;
}

/**
 * Parses one field of the given kind exactly. Returns the value, or a {@link FieldError} whose code
 * is one of `empty_field | not_integer | negative | out_of_range | unknown_side | bad_timestamp |
 * bad_date | bad_security_code`. Never throws; ids and timestamps go straight from text to bigint.
 * A coded kind accepts any value of its width (0–255; 0–65535 for `otype`), known or not: whether it
 * is in its table is {@link isKnownCode}'s question, answered by the readers. A `quote` field reads
 * the NBBO's no-price text `-9223372036854775808` as {@link NO_PRICE}. Spaces and tabs around the
 * value are dropped for every kind but `text` (kept as is); a value of spaces only is `empty_field`.
 */
export function parseField<K extends FieldKind>(kind: K, text: string): FieldValue[K] | FieldError;
export function parseField(kind: FieldKind, raw: string): FieldValue[FieldKind] | FieldError {
  if (kind === "text") return raw;
  const text = padded(raw) ? raw.replace(PAD, "") : raw;
  if (text === "") return fail("empty_field", `empty value for a ${kind} field`);
  switch (kind) {
    case "u64": {
      if (!allDigits(text) || text.length > 20) {
        return SIGNED.test(text)
          ? fail(
              text.startsWith("-") ? "negative" : "out_of_range",
              `id must be an unsigned 64-bit integer, got "${text}"`,
            )
          : fail("not_integer", withNumberHint(`id must be an unsigned 64-bit integer, got "${text}"`, text, "id"));
      }
      const v = BigInt(text);
      return v > U64_MAX ? fail("out_of_range", `id exceeds 2^64 − 1: "${text}"`) : v;
    }
    case "ns": {
      if (!(allDigits(text) || SIGNED.test(text)) || text.length > 20)
        return fail(
          "bad_timestamp",
          withNumberHint(`timestamp must be ns since the epoch, got "${text}"`, text, "timestamp"),
        );
      const v = BigInt(text);
      if (v >= NS_MIN && v <= NS_MAX) return v;
      const outside = `timestamp ${text} is outside 1990–2100 (ns since the epoch, UTC)`;
      return fail("bad_timestamp", withHint(outside, epochUnitHint(text, NS_MIN, NS_MAX)));
    }
    case "int": {
      const fast = smallDigits(text);
      if (fast >= 0) return fast;
      if (!SIGNED.test(text))
        return fail("not_integer", withNumberHint(`expected a whole number, got "${text}"`, text, "int"));
      const v = Number(text);
      return Number.isSafeInteger(v) ? v : fail("out_of_range", `integer exceeds 2^53 − 1: "${text}"`);
    }
    case "qty":
      return parseNonNegative(text, "quantity", "qty");
    case "price":
      return parseNonNegative(text, "price (integer ticks)", "price");
    case "quote":
      return text === NO_PRICE_TEXT ? NO_PRICE : parseNonNegative(text, "price (integer ticks)", "price");
    case "side": {
      // Strict, not a code table: CODES.md lists no side table (the protocol's side is two-valued),
      // and a row of another side could not be put on either side of a book (see codes.ts SIDE).
      if (text === "1") return 1;
      if (text === "2") return 2;
      return fail("unknown_side", `side must be 1 (buy) or 2 (sell), got "${text}"`);
    }
    case "changereason":
    case "orderstatus":
    case "ordertype":
    case "dealsource":
    case "pa":
    case "midtick":
      return parseCode(text, kind, 255);
    case "otype":
      return parseCode(text, kind, 0xffff);
    case "security":
      return SECURITY.test(text)
        ? text
        : fail(
            "bad_security_code",
            `security code must be 1–32 of [A-Za-z0-9._-], not starting with a dot, got "${text.slice(0, 80)}"`,
          );
    case "date":
      if (isCalendarDate(text)) return text;
      return fail("bad_date", withHint(`expected a YYYY-MM-DD date, got "${text}"`, dateHint(text)));
  }
}

/** True when a {@link parseField} result is an error. */
export function isFieldError(v: unknown): v is FieldError {
  return typeof v === "object" && v !== null && "code" in v && "message" in v;
}

/** A zod schema for one field kind: text in, exact typed value out, issues carry the error code. */
export function fieldSchema<K extends FieldKind>(kind: K): z.ZodType<FieldValue[K], string> {
  return z.string().transform((text, ctx) => {
    const v = parseField(kind, text);
    if (isFieldError(v)) {
      ctx.addIssue({ code: "custom", message: v.message, params: { code: v.code } });
      return z.NEVER;
    }
    return v;
  });
}
