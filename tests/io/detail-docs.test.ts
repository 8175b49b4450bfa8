import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DETAIL_TABLES, type DetailType } from "../../src/core/detail-tables/index.js";

/** How REFERENCE.md names each declared type: the Parquet type, then what DuckDB shows. */
const SHOWN: Record<DetailType, string> = {
  u64: "INT64 UINT_64 (UBIGINT)",
  timestamp_ns: "INT64 ns since the epoch, UTC (BIGINT)",
  int64: "INT64 (BIGINT)",
  int32: "INT32 (INTEGER)",
  float64: "DOUBLE",
  date: "INT32 DATE (DATE)",
  text: "BYTE_ARRAY UTF8 (VARCHAR)",
};

/** The REFERENCE.md table of one detail table, rendered from its declaration. */
function renderTable(name: keyof typeof DETAIL_TABLES): string {
  const rows = DETAIL_TABLES[name].map(
    (c) => `| \`${c.name}\` | ${SHOWN[c.type]}${"nullable" in c && c.nullable ? ", nullable" : ""} | ${c.doc} |`,
  );
  return ["| column | Parquet (DuckDB) | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

describe("REFERENCE.md documents the detail tables as declared", () => {
  const text = readFileSync(join(import.meta.dirname, "..", "..", "REFERENCE.md"), "utf8");
  // Prettier pads the columns of a Markdown table: compare without the padding.
  const squeeze = (s: string): string => s.replace(/ *\| */g, "|").replace(/\|-+/g, "|-");
  for (const name of Object.keys(DETAIL_TABLES) as (keyof typeof DETAIL_TABLES)[])
    it(`${name}: every column, in order, with its type and meaning`, () => {
      expect(squeeze(text), renderTable(name)).toContain(squeeze(renderTable(name)));
    });
});
