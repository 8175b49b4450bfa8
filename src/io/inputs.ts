import { stat } from "node:fs/promises";
import fg from "fast-glob";
import { InputError } from "../model/errors.js";

/** File name patterns picked up when a folder is given: the data tables, plain or gzip. */
export const TABLE_FILE_PATTERNS = [
  "**/orders*.csv",
  "**/orders*.csv.gz",
  "**/trades*.csv",
  "**/trades*.csv.gz",
  "**/nbbo*.csv",
  "**/nbbo*.csv.gz",
];

/**
 * Expands input arguments into a sorted, de-duplicated list of files: a file stays as is, a folder
 * yields its orders/trades/nbbo CSV files (recursively), anything else is a glob (fast-glob).
 * Throws `unreadable` InputError for a path or glob that matches nothing.
 */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const input of inputs) {
    const s = await stat(input).catch(() => undefined);
    let found: string[];
    if (s?.isFile() === true) found = [input];
    else if (s?.isDirectory() === true)
      found = await fg(TABLE_FILE_PATTERNS, { cwd: input, absolute: false, onlyFiles: true }).then((fs) =>
        fs.map((f) => `${input.replace(/\/+$/, "")}/${f}`),
      );
    else found = await fg(input, { onlyFiles: true });
    if (found.length === 0)
      throw new InputError(
        "unreadable",
        input,
        "matches no file (expected a file, a folder with orders*/trades*/nbbo*.csv[.gz], or a glob)",
      );
    for (const f of found) out.add(f);
  }
  return [...out].sort();
}
