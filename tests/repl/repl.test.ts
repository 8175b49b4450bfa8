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
      /^sweeplab REPL: \d+ functions, classes and constants preloaded; top-level await works\./,
    );
  });

  it(".sweeplab lists the main calls and every preloaded function", async () => {
    const help = await repl.send(".sweeplab");
    expect(help).toContain("Main calls:");
    for (const name of ["scan(inputs", "run(config", "aggregate(", "compare(", "show(", "plot("])
      expect(help).toContain(name);
    expect(help).toMatch(/Functions \(\d+\):[\s\S]*\brunPipeline\b[\s\S]*\bsweepStatistics\b/);
    expect(help).toMatch(/Classes \(\d+\):[\s\S]*\bRunHandle\b/);
  });

  it("has the toolkit preloaded from dist/, also as `sweeplab`", async () => {
    expect(await repl.send("typeof runPipeline")).toContain("'function'");
    expect(await repl.send("sweeplab.SAMPLE_CONFIG_PATH === SAMPLE_CONFIG_PATH")).toContain("true");
  });

  it("awaits at top level: a scan of the sample data, shown as a text table", async () => {
    await repl.send("const s = await scan(SAMPLE_CONFIG_PATH.replace(/sweeplab\\.yaml$/, ''))");
    expect(await repl.send("s.partitions.length")).toContain("12");
    const table = await repl.send("show(s.frames.files, { maxRows: 4 })");
    expect(table).toMatch(/\[9 rows × 8 columns\]\n\s*file\s+table\s+bytes/);
    expect(await repl.send("await Promise.resolve(6 * 7)")).toContain("42");
  });
});
