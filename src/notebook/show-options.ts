import { showValue } from "../config/errors.js";
import { FrameError } from "../frames/frame-error.js";
import { nameList } from "../frames/name-list.js";
import type { ShowOptions } from "./show.js";

const KEYS = { maxRows: true, title: true, columns: true, formats: true, index: true } as const satisfies Record<
  keyof ShowOptions,
  true
>;

/**
 * The options of a `show` call checked, as typed at the REPL or in a script (nothing type-checks
 * them there): a misspelt one (`maxrows`) was ignored, `columns: "sweeps"` threw a TypeError
 * ("options.columns.map is not a function") and `maxRows: 0` showed two rows (`Infinity`: every row). One column name is
 * a list of one. FrameError `bad_argument` naming the option and what it takes.
 */
export function showOptions(given: ShowOptions | null | undefined): ShowOptions {
  if (given === undefined || given === null) return {};
  if (typeof given !== "object")
    throw new FrameError(
      "bad_argument",
      `show: its options must be an object ({ maxRows: 10 }), got ${showValue(given)}`,
    );
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(KEYS, k));
  if (unknown.length > 0)
    throw new FrameError(
      "bad_argument",
      `show: ${unknown.map((k) => `"${k}"`).join(", ")} ${unknown.length === 1 ? "is no option" : "are no options"} ` +
        `of show (${Object.keys(KEYS).join(", ")})`,
    );
  const { maxRows, columns } = given as Record<string, unknown>;
  // Infinity: every row (as before the options were checked).
  const count = typeof maxRows === "number" && (Number.isInteger(maxRows) || maxRows === Infinity) && maxRows >= 1;
  if (maxRows !== undefined && !count)
    throw new FrameError(
      "bad_argument",
      `show: maxRows must be an integer ≥ 1 (or Infinity: every row), got ${showValue(maxRows)}`,
    );
  if (columns === undefined) return given;
  return {
    ...given,
    columns: nameList(columns, "show: columns", 'show(frame, { columns: ["security_code", "sweeps"] })'),
  };
}
