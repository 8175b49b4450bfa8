/**
 * Why a value meant as plain digits is not, for the reject messages of model/fields.ts: real
 * extracts that went through a spreadsheet or a formatting export carry a leading `+`, thousands
 * separators (`1,200`), a decimal point (a price converted to dollars), scientific notation (an
 * id or timestamp a spreadsheet rounded) or a database's missing value (`NULL`, `NaN`, `N/A`). None is read — reading them would guess at the value —
 * but the message says which it is and what to do, so one look at the rejects file tells the fix.
 */

/** What a numeric value holds, for {@link numberHint}: an id, a ns timestamp, a price, a quantity or an integer. */
export type NumberWhat = "id" | "timestamp" | "price" | "qty" | "int";

const EXPONENT = /^[+-]?[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+$/;
const THOUSANDS = /^[+-]?[0-9]{1,3}([,' _][0-9]{3})+(\.[0-9]+)?$/;
const DECIMAL = /^[+-]?[0-9]*\.[0-9]+$|^[+-]?[0-9]+\.$/;
const PLUS = /^\+[0-9]+$/;
const DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]/;
const MISSING = /^(null|nan|none|n\/a|na|nil|#n\/a)$/i;

/**
 * The reason `text` (trimmed, not plain digits) is refused and what to do, as a clause to append to
 * a reject message (`"… got \"1,200\": thousands separators …"`), or "" when it is none of the
 * formats above (a word, a stray character: the message alone says enough).
 */
export function numberHint(text: string, what: NumberWhat): string {
  if (what === "timestamp" && DATE_TIME.test(text))
    return "a date-time text: the extract's times must be nanoseconds since the epoch, UTC (19 digits)";
  if (MISSING.test(text))
    return "a database's missing value: export it as an empty field (an empty value of an optional column reads as 0)";
  if (EXPONENT.test(text))
    return what === "id" || what === "timestamp"
      ? "scientific notation, as a spreadsheet writes a long number: its last digits are lost; export the extract again without opening it in a spreadsheet"
      : "scientific notation is not read: export the column as plain digits";
  if (THOUSANDS.test(text))
    return `thousands separators are not read: export plain digits (${text.replace(/[,' _]/g, "")}, not ${text})`;
  if (PLUS.test(text)) return `a leading "+" is not read: export plain digits (${text.slice(1)})`;
  if (DECIMAL.test(text)) {
    if (what === "price")
      return (
        "prices are whole ticks with the security's DecimalsInPrice implied (3340 = A$33.40 at 2 decimals); a decimal " +
        "point means the prices were converted, e.g. to dollars: export the extract's raw integer prices"
      );
    if (what === "qty") return "quantities are whole shares: a decimal point is not read";
    return "a decimal point is not read: export whole numbers";
  }
  return "";
}

/** `message`, then `: hint` when {@link numberHint} has one for `text`. */
export function withNumberHint(message: string, text: string, what: NumberWhat): string {
  return withHint(message, numberHint(text, what));
}

/** `message`, then `: hint` unless `hint` is "". */
export function withHint(message: string, hint: string): string {
  return hint === "" ? message : `${message}: ${hint}`;
}

/** Seconds, milliseconds and microseconds since the epoch, by their digit count in 1990–2100. */
const EPOCH_UNITS: Readonly<Record<number, [string, bigint]>> = {
  9: ["seconds", 1_000_000_000n],
  10: ["seconds", 1_000_000_000n],
  12: ["milliseconds", 1_000_000n],
  13: ["milliseconds", 1_000_000n],
  15: ["microseconds", 1_000n],
  16: ["microseconds", 1_000n],
};

/**
 * For a timestamp of plain digits outside 1990–2100 as ns (`min`, `max`: that range in ns): when it
 * is in the range as seconds, milliseconds or microseconds since the epoch, the clause saying so
 * and that the extract's times must be ns; else "".
 */
export function epochUnitHint(digits: string, min: bigint, max: bigint): string {
  const unit = EPOCH_UNITS[digits.length];
  if (unit === undefined || !/^[0-9]+$/.test(digits)) return "";
  const ns = BigInt(digits) * unit[1];
  return ns >= min && ns <= max
    ? `${digits.length} digits: this looks like ${unit[0]} since the epoch; the extract's times must be nanoseconds (19 digits)`
    : "";
}

const OTHER_DATE =
  /^([0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{8}|[0-9]{4}[/.][0-9]{1,2}[/.][0-9]{1,2}|[0-9]{4}-[0-9]{2}-[0-9]{2}[ T].*)$/;

/**
 * For a date column's value that is not `YYYY-MM-DD`: when it is another common date form
 * (`05/09/2024`, `20240905`, `2024/09/05`, a date-time), the clause saying to export ISO dates; else "".
 * The day and month are never guessed (05/09 is May or September depending on the locale).
 */
export function dateHint(text: string): string {
  return OTHER_DATE.test(text)
    ? "another date form (a spreadsheet's?): export dates as YYYY-MM-DD, e.g. 2024-09-05"
    : "";
}
