import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/*
 * A security missing from a configured instruments file is priced at 2 implied decimals. When the
 * file names it under another code (ob.csv's Id 123 for the orders' 00123: codes are text) or is
 * incomplete, every money figure of its jobs is off by a power of ten, and the run said nothing,
 * exit 0. Now a run warns, naming the securities it priced at the default.
 */
describe("securities a configured instruments file does not list", () => {
  it("are named in a run warning (85603 is not in ob.csv; 110621 is)", async () => {
    const data = tmp("sweeplab-nodec-");
    writeFixture(data, "orders.csv", readFileSync(join(FORMATS, "orders-example.csv"), "utf8")); // 85603
    writeFixture(data, "trades.csv", readFileSync(join(FORMATS, "trades-example.csv"), "utf8")); // 110621
    writeFixture(data, "ob.csv", readFileSync(join(FORMATS, "ob.csv"))); // 110621 only
    const warnings: string[] = [];
    const summary = await runPipeline(configFor(data, tmp("sweeplab-nodec-out-")), {
      onWarning: (w) => warnings.push(w),
    });
    const expected =
      "the instruments file lists no DecimalsInPrice for 1 security of this run (85603): priced at 2 implied decimals";
    expect(warnings.filter((w) => w.includes("instruments file"))).toEqual([expect.stringContaining(expected)]);
    expect(summary.warnings ?? []).toContainEqual(expect.stringContaining(expected));
    expect((summary.warnings ?? []).join("\n")).not.toContain("(110621");
  });

  it("are named when the instruments file lists no instrument at all (a header only), configured or found among the inputs", async () => {
    // An ob.csv extract cut to its header (an empty query result, a failed export) is a valid
    // file of no rows: every security is then priced at the default, and the run said nothing.
    const header = readFileSync(join(FORMATS, "ob.csv"), "utf8").split("\n")[0] as string;
    for (const configured of [true, false]) {
      const data = tmp("sweeplab-nodec-empty-");
      writeFixture(data, "orders.csv", readFileSync(join(FORMATS, "orders-example.csv"), "utf8")); // 85603
      writeFixture(data, "ob.csv", `${header}\n`);
      const over = configured ? {} : { reference: { instruments: null } }; // null: found among the inputs
      const summary = await runPipeline(configFor(data, tmp("sweeplab-nodec-empty-out-"), over));
      expect(summary.warnings ?? [], `configured: ${configured}`).toContainEqual(
        `the instruments file ${join(data, "ob.csv")} lists no instrument (a header only): the 1 security of ` +
          "this run (85603) is priced at 2 implied decimals; give the instruments extract with its rows",
      );
    }
  });

  it("are not named without an instruments file (2 decimals is then the documented default)", async () => {
    const data = tmp("sweeplab-nodec2-");
    writeFixture(data, "orders.csv", readFileSync(join(FORMATS, "orders-example.csv"), "utf8"));
    const summary = await runPipeline(
      configFor(data, tmp("sweeplab-nodec2-out-"), { reference: { instruments: null } }),
    );
    expect((summary.warnings ?? []).join("\n")).not.toContain("instruments file");
  });
});
