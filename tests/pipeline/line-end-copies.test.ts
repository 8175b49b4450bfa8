import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * The same extract twice: beside each file, the Windows export of it (CRLF line ends, some with a
 * byte order mark, one gzipped). Under `duplicates: keep` the repeats the jobs would otherwise drop
 * are kept, so a copy read twice would double every row of every output. The aggregated tables
 * must be byte for byte those of the extract alone.
 */

const crlf = (text: string): string => text.replace(/\n/g, "\r\n");
const KEEP = { analysis: { duplicates: "keep" } };

let once = "";
let twice = "";
let onceOut = "";
let twiceOut = "";
let onceRun: RunSummary;
let twiceRun: RunSummary;

beforeAll(async () => {
  once = await smallData(7);
  twice = tmp("sweeplab-line-ends-");
  cpSync(once, twice, { recursive: true });
  for (const table of ["orders", "trades"])
    for (const [i, name] of readdirSync(join(once, table)).sort().entries()) {
      const text = readFileSync(join(once, table, name), "utf8");
      const base = join(twice, table, name.replace(/\.csv$/, "-win"));
      if (table === "trades" && i === 0) writeFileSync(`${base}.csv.gz`, gzipSync(crlf(text)));
      else writeFileSync(`${base}.csv`, (i % 2 === 1 ? "\ufeff" : "") + crlf(text));
    }
  writeFileSync(join(twice, "nbbo-win.csv"), "\ufeff" + crlf(readFileSync(join(once, "nbbo.csv"), "utf8")));
  onceOut = tmp("sweeplab-line-ends-once-out-");
  twiceOut = tmp("sweeplab-line-ends-twice-out-");
  onceRun = await runPipeline(configFor(once, onceOut, KEEP));
  twiceRun = await runPipeline(
    configFor(twice, twiceOut, { ...KEEP, reference: { instruments: join(twice, "ob.csv") } }),
  );
}, 180_000);

describe("an extract beside its Windows export, under duplicates: keep", () => {
  it("gives the aggregated tables of the extract alone, byte for byte", () => {
    const agg = (out: string): Map<string, Buffer> =>
      new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));
    expect(agg(onceOut).size).toBe(8);
    expect(diffSnapshots(agg(twiceOut), agg(onceOut))).toEqual([]);
  });

  it("reads each row once and lists every Windows export as a copy", () => {
    expect(twiceRun.partition?.accepted).toBe(onceRun.partition?.accepted);
    expect(twiceRun.partition?.rowsRead).toBe(onceRun.partition?.rowsRead);
    const copies = twiceRun.inputs?.duplicates ?? [];
    const exported = readdirSync(join(twice, "orders")).length / 2 + readdirSync(join(twice, "trades")).length / 2 + 1;
    expect(copies).toHaveLength(exported);
    for (const c of copies) {
      expect(c.reason).toBe("same_content");
      expect(c.differsIn).toBe("line_ends");
      expect(c.file).toMatch(/-win\.csv(\.gz)?$/);
    }
  });
});
