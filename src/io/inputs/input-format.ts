import { isGzip } from "../csv/source.js";
import type { DuplicateInput, InputListing } from "./inputs.js";

/** What a copy shares with the file read instead: bytes, data once decompressed, or text. */
function copyKind(d: DuplicateInput): string {
  const gz = isGzip(d.file) || isGzip(d.sameAs);
  if (d.differsIn === "line_ends")
    return `text${gz ? " once decompressed" : ""} but for line ends or a byte order mark`;
  return gz ? "data once decompressed" : "bytes";
}

/**
 * An input listing as terminal lines: a count line, then one line per reference table (and how it
 * is used), ignored file (and why), duplicate read once (a copy under another name is a WARNING
 * naming both files) and folder not read. Data files are not listed one by one (the per-file
 * accounting does that).
 */
export function formatInputListing(l: InputListing): string[] {
  const tables = new Map<string, number>();
  for (const d of l.data) tables.set(d.table ?? "unknown", (tables.get(d.table ?? "unknown") ?? 0) + 1);
  const counts = [
    `${l.data.length} data file(s)${tables.size === 0 ? "" : ` (${[...tables].map(([t, n]) => `${n} ${t}`).join(", ")})`}`,
    `${l.reference.length} reference`,
    `${l.ignored.length} ignored`,
    `${l.duplicates.length} duplicate(s) read once`,
    `${l.skipped.length} folder(s) not read`,
  ];
  return [
    `inputs: ${counts.join(", ")}`,
    ...l.reference.map((r) => `  reference ${r.file}: ${r.table}${r.note === undefined ? "" : ` — ${r.note}`}`),
    ...l.ignored.map((f) => `  ignored ${f.file}: ${f.reason}`),
    ...l.duplicates.map((d) =>
      d.reason === "same_content"
        ? `  WARNING ${d.file} is a copy of ${d.sameAs} (the same ${copyKind(d)}): only ${d.sameAs} is read`
        : `  duplicate ${d.file}: the same file as ${d.sameAs}, read once`,
    ),
    ...l.skipped.map((s) => `  not read ${s.path}: ${s.reason}`),
  ];
}
