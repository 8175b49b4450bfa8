import { cpSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

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

/*
 * Extracts delivered a folder per day, each with its own ob.csv and session.csv (their TradeDate and
 * Timestamp differ from day to day): several files of one reference table among the inputs, and
 * the config naming none, are not guessed between, so none was used. Every security was then priced
 * at 2 implied decimals (the sample's 3-decimal securities' money figures 10× too large) and every
 * job used analysis.session instead of its book's window, exit 0, with only a note in the input
 * list. Now each such table is a run warning saying what the run does without it.
 */
describe("several reference files of one table among the inputs, the config naming none", () => {
  it("are a run warning each, naming the files and what the run does without them", async () => {
    const data = await smallData();
    const day = join(data, "day2");
    mkdirSync(day);
    for (const f of ["ob.csv", "session.csv"]) {
      // The second day's copy: the same rows, another TradeDate text (a different file, not a copy).
      const text = readFileSync(join(data, f), "utf8");
      writeFixture(day, f, text.replaceAll(",1727", ",1728"));
    }
    renameSync(join(data, "par.csv"), join(day, "par.csv"));
    cpSync(join(day, "par.csv"), join(data, "par-copy.csv")); // a copy (the same bytes): read once, one file
    const warnings: string[] = [];
    const summary = await runPipeline(
      configFor(data, tmp("sweeplab-tworef-out-"), { reference: { instruments: null } }),
      { onWarning: (w) => warnings.push(w) },
    );
    const [ob, obDay, s, sDay] = [
      join(data, "ob.csv"),
      join(day, "ob.csv"),
      join(data, "session.csv"),
      join(day, "session.csv"),
    ];
    const expected = [
      `2 instruments files among the inputs (${obDay}, ${ob}) and the config names none: none is used, so every ` +
        "security is priced at 2 implied decimals (its money figures a power of ten off when its DecimalsInPrice " +
        "is another); name the one to use in the config's reference.instruments (files of several days: join " +
        "their rows into one file and name it there)",
      `2 sessions files among the inputs (${sDay}, ${s}) and the config names none: none is used, so every job ` +
        "uses analysis.session 10:00..16:00 instead of its order book's own continuous-session window; name the " +
        "one to use in the config's reference.sessions (files of several days: join their rows into one file " +
        "and name it there)",
    ];
    expect(warnings.filter((w) => w.includes("files among the inputs"))).toEqual(expected);
    expect((summary.warnings ?? []).filter((w) => w.includes("files among the inputs"))).toEqual(expected);
  });
});
