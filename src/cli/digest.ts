import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

const COLUMNS = [
  "fill_group",
  "sweeps",
  "qty",
  "real_fill_ratio",
  "sim_fill_ratio",
  "savings_aud",
  "savings_bps",
] as const;

/** The digest's simulated columns. */
const SIMULATED: ReadonlySet<string> = new Set(["sim_fill_ratio", "savings_aud", "savings_bps"]);

/**
 * A few lines of results for the terminal: the global summary per fill group (all size bands),
 * read from `<outputDir>/aggregated/global_summary.csv`; empty when there is none. A group whose
 * sweeps were none simulated (final-state order files) reads "not simulated" in the simulated columns.
 */
export async function resultsDigest(outputDir: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(join(outputDir, "aggregated", "global_summary.csv"), "utf8");
  } catch {
    return "";
  }
  const rows = parse<Record<string, string>>(text, { columns: true }).filter((r) => r.size_band === "All");
  const cells = rows.map((r) =>
    COLUMNS.map((c) => {
      const v = r[c] ?? "";
      // savings_aud is empty only where the group's sweeps were none simulated (final-state jobs).
      if (SIMULATED.has(c) && r.savings_aud === "" && Number(r.sweeps) > 0) return "not simulated";
      return c.endsWith("ratio") && v !== ""
        ? `${(Number(v) * 100).toFixed(1)}%`
        : c === "savings_bps" && v !== ""
          ? Number(v).toFixed(3)
          : v;
    }),
  );
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]): string =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join("  ");
  return `\nSweeps, real vs simulated (aggregated/global_summary.csv):\n${[line(COLUMNS), ...cells.map(line)].join("\n")}\n`;
}
