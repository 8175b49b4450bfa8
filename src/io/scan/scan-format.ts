import type { UnknownCodeCounts } from "../../model/unknown-codes.js";
import { formatSydneyTime } from "../../model/time.js";
import { formatInputListing } from "../inputs/input-format.js";
import type { ScanResult } from "./scan.js";

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]): string =>
    r
      .map((v, c) => (c < 2 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/**
 * One note per partition a run will treat as final-state order rows ({@link PartitionScan.orderShape},
 * the run's own rule `orderShapeOf`: every order on one row, under half of them placements): what
 * the run then computes. Empty when every partition is event data.
 */
export function finalStateNotes(partitions: readonly ScanResult["partitions"][number][]): string[] {
  return partitions.flatMap((p) =>
    p.finalState === undefined
      ? []
      : [
          `note: ${p.securityCode} ${p.date}: final-state order rows (every order on one row, ` +
            `${fmt(p.finalState.placementRows)} of ${fmt(p.finalState.rows)} rows placements): ` +
            "a run computes real fills, groups and size bands only (no book replay or simulation)",
        ],
  );
}

/** The files holding unknown code values (up to 3 named) and what the values are and what to do. */
function unknownFiles(files: ScanResult["files"]): string {
  const where = files.filter((f) => f.unknownCodes !== undefined).map((f) => f.file);
  const named = where.length <= 3 ? where.join(", ") : `${where.slice(0, 3).join(", ")}, … (${where.length} files)`;
  return (
    `${named} (outside the exchange's code tables, e.g. a later release's: kept and counted; ` +
    "--unknown-codes reject makes each a reject naming its file and line)"
  );
}

/** A scan result as plain text: per-partition table (with what a run makes of the order rows), final-state notes, per-file accounting and throughput. */
export function formatScan(r: ScanResult): string {
  const parts = table(
    [
      "security",
      "date",
      "orders",
      "CP rows",
      "sweep rows",
      "sweeps",
      "trades",
      "CP trades",
      "nbbo",
      "parts",
      "first (Sydney)",
      "last (Sydney)",
      "orders as",
    ],
    r.partitions.map((p) => [
      p.securityCode,
      p.date,
      fmt(p.orderRows),
      fmt(p.centrePointRows),
      fmt(p.sweepRows),
      fmt(p.sweepOrders),
      fmt(p.tradeRows),
      fmt(p.centrePointTradeRows),
      fmt(p.nbboRows),
      String(p.participants.length),
      formatSydneyTime(p.firstTsNs),
      formatSydneyTime(p.lastTsNs),
      p.orderRows === 0 ? "" : p.orderShape,
    ]),
  );
  const files = table(
    ["file", "table", "rows read", "accepted", "rejected", "blank", "error"],
    r.files.map((f) => [
      f.file,
      f.table,
      fmt(f.rowsRead),
      fmt(f.accepted),
      fmt(f.rejected),
      fmt(f.blankLines),
      f.error?.code ?? "",
    ]),
  );
  const t = r.totals;
  const unknown = formatUnknownCodes(t.unknownCodes);
  const summary =
    `${fmt(t.files)} files, ${(t.bytes / 1e6).toFixed(1)} MB, ${fmt(t.rowsRead)} rows read = ${fmt(t.accepted)} accepted + ${fmt(t.rejected)} rejected` +
    ` in ${t.seconds.toFixed(2)} s (${fmt(Math.round(t.rowsPerSecond))} rows/s, ${t.mbPerSecond.toFixed(1)} MB/s)` +
    (r.rejectsPath !== undefined && t.rejected > 0 ? `\nrejected rows written to ${r.rejectsPath}` : "") +
    (unknown === "" ? "" : `\nunknown code values (rows kept): ${unknown} — in ${unknownFiles(r.files)}`);
  const inputs = r.inputs === undefined ? "" : `\n${formatInputListing(r.inputs).join("\n")}\n`;
  const notes = finalStateNotes(r.partitions);
  const noted = notes.length === 0 ? "" : `\n${notes.join("\n")}`;
  return `Partitions (security × Sydney trading date): ${r.partitions.length}\n${parts}${noted}\n\nFiles\n${files}\n${inputs}\n${summary}\n`;
}

/**
 * Unknown code values as one line, columns by name and values ascending, each `value×count`:
 * `changereason 99×3, 120×1; dealsource 60×2`; "" when there are none.
 */
export function formatUnknownCodes(u: UnknownCodeCounts | undefined): string {
  if (u === undefined) return "";
  return Object.keys(u)
    .sort()
    .map(
      (c) =>
        `${c} ${Object.entries(u[c] ?? {})
          .map(([v, n]) => `${v}×${fmt(n)}`)
          .join(", ")}`,
    )
    .join("; ");
}

/** A scan result as JSON text (bigints as decimal strings). */
export function scanToJson(r: ScanResult): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}
