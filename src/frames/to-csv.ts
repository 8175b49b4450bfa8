import { writeFileSync } from "node:fs";
import type { DanfoModule } from "./danfo.js";
import { isMissing } from "./frame-read.js";

/*
 * danfojs-node 1.2's `toCSV` joins each row's cells with the separator as they print in JavaScript:
 * a missing value is the text `NaN` (pandas' `to_csv`, Excel and `csv` readers take an empty field
 * as missing; `NaN` is a text to Excel and to Python's csv module), and a text holding the
 * separator, a quote or a line end is written bare, so a participant name "Smith, Jones" shifts
 * every later column of its row. And a frame from `head`, `loc`, `query` or `iloc` (danfojs' base
 * class) has no `toCSV` at all: it throws "`toCSV` function is deprecated". sweeplab's `toCSV`
 * writes as pandas' `to_csv(index=False)` does by default: a missing value (NaN, null, undefined)
 * as an empty field, a field holding the separator, `"` or a line end quoted (`"` doubled), `\n`
 * after every row; ids and bigints as their exact digits; on every frame and Series.
 */

/** The options of danfojs' `toCSV` that sweeplab's keeps. */
export interface CsvOptions {
  /** Write here (`.csv` appended when the name lacks it, as danfojs does) instead of returning the text. */
  filePath?: string;
  /** The field separator (default `,`). */
  sep?: string;
  /** Whether a DataFrame's first line names its columns (default true). */
  header?: boolean;
}

type Csvable = {
  readonly $isSeries?: boolean;
  readonly values: readonly unknown[];
  readonly columns?: readonly string[];
};

/** One field: empty when missing, quoted when it holds the separator, a quote or a line end. */
export function csvField(value: unknown, sep: string): string {
  if (isMissing(value)) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.includes(sep) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV text of a frame (a header line unless `header: false`, then a line a row) or of a Series
 * (its values on one line, as danfojs writes one), written to `options.filePath` (undefined is
 * returned then) or returned. Errors: the file system's, writing the file.
 */
export function frameToCsv(frame: Csvable, options: CsvOptions = {}): string | undefined {
  const { sep = ",", header = true } = options;
  const line = (cells: readonly unknown[]): string => cells.map((c) => csvField(c, sep)).join(sep);
  const text =
    frame.$isSeries === true
      ? line(frame.values)
      : (header ? `${line(frame.columns ?? [])}\n` : "") +
        (frame.values as readonly (readonly unknown[])[]).map((row) => `${line(row)}\n`).join("");
  if (options.filePath === undefined) return text;
  const path = options.filePath.endsWith(".csv") ? options.filePath : `${options.filePath}.csv`;
  writeFileSync(path, text, "utf8");
  return undefined;
}

const CSV_INSTALLED = Symbol.for("sweeplab.toCSV");

/**
 * Gives danfojs' DataFrame and Series, and the base classes their `head`, `loc` and `query` return,
 * sweeplab's `toCSV` method ({@link frameToCsv}), once.
 */
export function installToCSV(danfo: Pick<DanfoModule, "DataFrame" | "Series">): void {
  for (const cls of [danfo.DataFrame, danfo.Series] as unknown as { prototype: object }[]) {
    // The node class and its base (danfojs' own base `toCSV` throws "deprecated").
    const own = cls.prototype as Record<PropertyKey, unknown>;
    const base = Object.getPrototypeOf(own) as Record<PropertyKey, unknown>;
    for (const proto of [own, base]) {
      if (Object.prototype.hasOwnProperty.call(proto, CSV_INSTALLED)) continue;
      proto.toCSV = function (this: Csvable, options?: CsvOptions) {
        return frameToCsv(this, options);
      };
      Object.defineProperty(proto, CSV_INSTALLED, { value: true });
    }
  }
}
