import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunConfig } from "../../src/config/index.js";
import { AnalysisConfig } from "../../src/model/analysis-config.js";

// README's configuration table names every field of the run config, and the defaults it states are
// the ones the schema fills in.

const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

/** README's table under "## Configuration": field cell → default cell. */
function table(): Map<string, string> {
  const start = readme.indexOf("| field ", readme.indexOf("\n## Configuration\n"));
  const rows = readme.slice(start, readme.indexOf("\n\n", start)).split("\n").slice(2);
  return new Map(rows.map((r) => r.split("|").map((c) => c.trim())).map((c) => [c[1]!, c[2]!]));
}

describe("README's configuration table", () => {
  const rows = table();
  const documented = new Set([...rows.keys()].flatMap((k) => [...k.matchAll(/`([\w.]+)`/g)].map((m) => m[1]!)));

  it("names every field of the run config and of analysis", () => {
    const fields = [
      ...Object.keys(RunConfig.shape).filter((k) => k !== "analysis" && k !== "outputs"),
      ...Object.keys(AnalysisConfig.shape).map((k) => `analysis.${k}`),
      "outputs.detailFormat",
    ];
    expect(fields.length).toBeGreaterThanOrEqual(20);
    expect(fields.filter((f) => !documented.has(f))).toEqual([]);
  });

  it("states the schema's defaults", () => {
    const c = RunConfig.parse({ inputs: ["x"] });
    const cell = (field: string): string => rows.get(`\`${field}\``) ?? "";
    expect(cell("analysis.centrePointMask")).toBe(String(c.analysis.centrePointMask));
    expect(cell("analysis.sweepMask")).toBe(String(c.analysis.sweepMask));
    expect(cell("analysis.session")).toBe(`${c.analysis.session.start}–${c.analysis.session.end}`);
    expect(cell("analysis.sizeBands")).toBe(`${c.analysis.sizeBands.smallMax}, ${c.analysis.sizeBands.mediumMax}`);
    expect(cell("analysis.impactTicks")).toBe(String(c.analysis.impactTicks));
    expect(cell("analysis.duplicates")).toBe(`\`${c.analysis.duplicates}\``);
    expect(cell("chunkSize")).toBe(`${c.chunkSize / 1024 ** 2}MB`);
    expect(rows.get("`jobTimeoutMs`, `retries`")).toBe(`${c.jobTimeoutMs}, ${c.retries}`);
    expect(cell("outputDir")).toBe(`\`${c.outputDir}\``);
    expect(cell("strict")).toBe(String(c.strict));
    expect(cell("unknownCodes")).toBe(`\`${c.unknownCodes}\``);
    expect(cell("outputs.detailFormat")).toBe(`\`${c.outputs.detailFormat}\``);
  });
});
