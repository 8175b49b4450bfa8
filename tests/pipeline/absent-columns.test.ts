import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { absentStoredColumns } from "../../src/io/csv/header.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/*
 * An optional column the analysis reads (an order's minimum quantities and status, the quote
 * snapshots, passiveaggressive) may be left out of a file: every row then reads it as 0. Before, a
 * run over an orders file without `minimumquantity` exited 0 with other savings and not a word;
 * now the summary warns, naming the file and each such column.
 */

/** `text` (a CSV) without the columns `drop`. */
function without(text: string, drop: readonly string[]): string {
  const lines = text.trimEnd().split("\n");
  const at = new Set((lines[0] as string).split(",").flatMap((n, i) => (drop.includes(n) ? [i] : [])));
  return (
    lines
      .map((l) =>
        l
          .split(",")
          .filter((_, i) => !at.has(i))
          .join(","),
      )
      .join("\n") + "\n"
  );
}

describe("optional columns the analysis reads, absent from a file", () => {
  it("absentStoredColumns names the stored optional columns a header lacks, nothing else", () => {
    const orders = readFileSync(join(FORMATS, "orders-example.csv"), "utf8").split("\n")[0]?.split(",") ?? [];
    expect(absentStoredColumns("orders", orders)).toEqual([]);
    const less = orders.filter((n) => !["minimumquantity", "orderstatus", "crossingkey", "row_num"].includes(n));
    expect(absentStoredColumns("orders", less)).toEqual(["orderstatus", "minimumquantity"]);
    expect(absentStoredColumns("trades", ["sequence", "tradetime"])).toEqual([
      "nationalbidpricesnapshot",
      "nationalofferpricesnapshot",
      "passiveaggressive",
    ]);
  });

  it("a run warns, naming the file and the columns read as 0", async () => {
    const data = tmp("sweeplab-absent-");
    const orders = writeFixture(
      data,
      "orders.csv",
      without(readFileSync(join(FORMATS, "orders-example.csv"), "utf8"), ["minimumquantity", "orderstatus"]),
    );
    writeFixture(data, "trades.csv", readFileSync(join(FORMATS, "trades-example.csv"), "utf8"));
    writeFixture(data, "ob.csv", readFileSync(join(FORMATS, "ob.csv")));
    const warnings: string[] = [];
    const summary = await runPipeline(configFor(data, tmp("sweeplab-absent-out-")), {
      onWarning: (w) => warnings.push(w),
    });
    const expected = `${orders}: no column(s) orderstatus, minimumquantity: every row reads them as 0`;
    expect(warnings.filter((w) => w.startsWith(orders))).toEqual([expect.stringContaining(expected)]);
    expect(summary.warnings).toContainEqual(expect.stringContaining(expected));
    expect(warnings.some((w) => w.includes("trades.csv"))).toBe(false);
  });
});
