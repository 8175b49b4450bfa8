import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/*
 * A run whose every row was rejected (an extract in a layout the reader refuses row by row) stopped
 * with "the store … holds no partition (run `sweeplab run` or `sweeplab partition` first)": wrong
 * advice to someone who just ran `sweeplab run`. The refusal now says what happened: how many rows
 * were read, that every one was rejected, the commonest codes, and where the rejects are.
 */

async function refusal(files: Record<string, string>): Promise<{ e: Error & { code?: string }; out: string }> {
  const data = tmp("sweeplab-rejected-");
  for (const [name, text] of Object.entries(files)) writeFixture(data, name, text);
  writeFixture(data, "ob.csv", readFileSync(join(FORMATS, "ob.csv")));
  const out = tmp("sweeplab-rejected-out-");
  const e = await runPipeline(configFor(data, out)).then(
    () => new Error("the run did not refuse"),
    (x: unknown) => x as Error,
  );
  return { e, out };
}

describe("a run whose every row was rejected", () => {
  it("says every row read was rejected, by code, and where the rejects file is", async () => {
    // A stray quote in an extra last column of every row: each row a csv_syntax reject.
    const [head, ...rows] = readFileSync(join(FORMATS, "orders-example.csv"), "utf8").trimEnd().split("\n");
    const text = [`${head},comment`, ...rows.map((r) => `${r},5" screen`)].join("\n") + "\n";
    const { e, out } = await refusal({ "orders.csv": text });
    expect(e.code).toBe("aggregate_empty");
    expect(e.message).toContain("all 3 rows read from the inputs were rejected (csv_syntax 3)");
    expect(e.message).toContain(join(out, "rejects"));
    expect(e.message).not.toContain("first)");
    expect(e.message).not.toContain("securities/dates");
    const rejects = readdirSync(join(out, "rejects"));
    expect(rejects.length).toBeGreaterThan(0);
  });

  it("a file whose every row was rejected, among good ones, is named in a run warning with its codes", async () => {
    const data = tmp("sweeplab-rejected-one-");
    const text = readFileSync(join(FORMATS, "orders-example.csv"), "utf8");
    // Sides written B/S: every row of this file an unknown_side reject; the trades file is fine.
    const bs = text.replace(/^((?:[^,\n]*,){5})1,/gm, "$1B,").replace(/^((?:[^,\n]*,){5})2,/gm, "$1S,");
    const orders = writeFixture(data, "orders.csv", bs);
    writeFixture(data, "trades.csv", readFileSync(join(FORMATS, "trades-example.csv"), "utf8"));
    writeFixture(data, "ob.csv", readFileSync(join(FORMATS, "ob.csv")));
    const out = tmp("sweeplab-rejected-one-out-");
    const warnings: string[] = [];
    const summary = await runPipeline(configFor(data, out), { onWarning: (w) => warnings.push(w) });
    expect(summary.partition?.rejected).toBe(3);
    const expected = `${orders}: all 3 rows rejected (unknown_side 3): each with its line and reason in ${join(out, "rejects")}`;
    expect(warnings).toContain(expected);
    expect(summary.warnings).toContain(expected);
  });

  it("says the inputs hold no row when every file is a header only", async () => {
    const head = readFileSync(join(FORMATS, "orders-example.csv"), "utf8").split("\n")[0] as string;
    const { e } = await refusal({ "orders.csv": `${head}\n` });
    expect(e.code).toBe("aggregate_empty");
    expect(e.message).toContain("the inputs hold no data row (header lines only)");
  });
});
