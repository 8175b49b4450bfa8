import { danfo, type DataFrame } from "./danfo.js";
import { aggregateAll, type AggregateOptions } from "../aggregate/aggregate.js";
import type { JobSumsInput } from "../aggregate/jobs.js";
import { parseAud } from "../aggregate/money.js";
import type { AnyTableName, Cell, Table, TableName } from "../aggregate/table.js";

/*
 * The danfojs interop (danfojs itself is loaded on first use, through danfo.ts). Its DataFrame
 * constructor takes `any`, so plain rows go in without a cast; the one cast of the layer is marked below.
 */

/**
 * A table as a danfojs DataFrame with the same columns in the same order and one row per table
 * row. Keys stay text (or integers: participant_id); sums stay integers; AUD columns become numbers
 * in AUD (exact integer micro-AUD ÷ 1e6, the nearest float — the exact text stays in the table and
 * its CSV); ratios become numbers; every "" of a non-key column (no answer, or not simulated) is
 * NaN. dtypes: "string" for text keys, "int32" for integer keys and sums, "float32" for AUD,
 * ratios and sums with an empty cell (danfojs labels: the values are plain JS numbers, never narrowed).
 */
export function toDataFrame(table: Table): DataFrame {
  const first = table.rows[0];
  // A sum column with an empty cell (a simulated count of final-state jobs: not simulated) holds NaN.
  const gaps = table.kinds.map((k, i) => k === "sum" && table.rows.some((r) => r[i] === ""));
  const dtypes = table.kinds.map((k, i) =>
    k === "aud" || k === "ratio" || gaps[i] === true
      ? "float32"
      : k === "sum" || typeof first?.[i] === "number"
        ? "int32"
        : "string",
  );
  const data = table.rows.map((row) =>
    row.map((v: Cell, i): Cell => {
      const kind = table.kinds[i];
      if (kind !== "key" && v === "") return Number.NaN;
      if (kind === "aud") return Number(parseAud(String(v))) / 1e6;
      return v;
    }),
  );
  return new (danfo().DataFrame)(data, { columns: table.columns, dtypes });
}

/** Tables as DataFrames by table name ({@link toDataFrame} of each). */
export function tablesToFrames(tables: readonly Table[]): Partial<Record<AnyTableName, DataFrame>> {
  const out: Partial<Record<AnyTableName, DataFrame>> = {};
  for (const t of tables) out[t.name] = toDataFrame(t);
  return out;
}

/** {@link aggregateAll} as DataFrames by table name (same inputs, options and errors). */
export function aggregateFrames(
  jobs: readonly JobSumsInput[],
  options: AggregateOptions = {},
): Record<TableName, DataFrame> {
  // Cast: aggregateAll returns every one of TABLE_NAMES, so every name is filled.
  return tablesToFrames(aggregateAll(jobs, options)) as Record<TableName, DataFrame>;
}
