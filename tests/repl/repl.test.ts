import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Repl } from "./repl-child.js";

let repl: Repl;

beforeAll(async () => {
  repl = new Repl();
  await repl.until(/sweeplab> $/);
});
afterAll(async () => {
  expect(await repl.close()).toBe(0);
});

describe("npm run repl", () => {
  it("greets with what is preloaded", () => {
    expect(repl.output).toMatch(
      /^sweeplab REPL: \d+ functions, classes and constants preloaded, the rest as internal\.<name>; top-level await works\./,
    );
  });

  it(".sweeplab lists the main calls, the public API by kind, the charts, then the internal names", async () => {
    const help = await repl.send(".sweeplab");
    expect(help).toContain("Main calls:");
    for (const name of ["scan(inputs", "run(config", "aggregate(", "compare(", "show(", "plot("])
      expect(help).toContain(name);
    const at = (heading: string): number => help.indexOf(heading);
    const functions = help.slice(at("Functions ("), at("Classes ("));
    expect(functions).toMatch(/\baggregate\b[\s\S]*\bgroupStats\b[\s\S]*\bsweepRows\b/);
    expect(functions).not.toMatch(/\brunPipeline\b/);
    expect(help.slice(at("Classes ("), at("Constants and schemas ("))).toMatch(/\bRunHandle\b/);
    expect(help.slice(at("Charts ("), at("internal ("))).toMatch(/\bfillRatio\b[\s\S]*\btimeSeries\b/);
    expect(help.slice(at("internal ("))).toMatch(/\brunPipeline\b[\s\S]*\bsweepStatistics\b/);
  });

  it("has the public API preloaded from dist/, the rest as `internal`, both also under `sweeplab`", async () => {
    expect(await repl.send("typeof internal.runPipeline")).toContain("'function'");
    expect(await repl.send("typeof runPipeline")).toContain("'undefined'");
    expect(await repl.send("typeof charts.sizeBand")).toContain("'function'");
    expect(await repl.send("sweeplab.SAMPLE_CONFIG_PATH === SAMPLE_CONFIG_PATH")).toContain("true");
    expect(await repl.send("sweeplab.internal.runPipeline === internal.runPipeline")).toContain("true");
  });

  it("awaits at top level: a scan of the sample data, shown as a text table", async () => {
    await repl.send("const s = await scan(SAMPLE_CONFIG_PATH.replace(/sweeplab\\.yaml$/, ''))");
    expect(await repl.send("s.partitions.length")).toContain("12");
    const table = await repl.send("show(s.frames.files, { maxRows: 4 })");
    expect(table).toMatch(/\[9 rows × 8 columns\]\n\s*file\s+table\s+bytes/);
    expect(await repl.send("await Promise.resolve(6 * 7)")).toContain("42");
  });
});
