import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { aggregatedSnapshot, configFor, diffSnapshots, smallData } from "./helpers.js";

/*
 * The same extract twice: beside each file, the Windows export of it (CRLF line ends, some with a
 * byte order mark, one gzipped; some without the final CRLF, some with blank lines at the end: before,
 * those were read as second inputs). Under `duplicates: keep` the repeats the jobs would otherwise drop
 * are kept, so a copy read twice would double every row of every output. The aggregated tables
 * must be byte for byte those of the extract alone.
 */

const crlf = (text: string): string => text.replace(/\n/g, "\r\n");
/** Without its final CRLF, as many Windows exports end. */
const lastUnended = (text: string): string => {
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2);
};
/** The `i`-th export's end: as the extract's, without the final CRLF, or with blank lines after it. */
const ending = (i: number, text: string): string =>
  i % 3 === 0 ? text : i % 3 === 1 ? lastUnended(text) : `${text}\r\n\r\n`;
const KEEP = { analysis: { duplicates: "keep" } };

/** The extract alone (`once`) and beside its Windows export (`twice`): folders, outputs, runs. */
interface Runs {
  twice: string;
  onceOut: string;
  twiceOut: string;
  onceRun: RunSummary;
  twiceRun: RunSummary;
}
let r: Runs;

beforeAll(async () => {
  const once = await smallData(7);
  const twice = tmp("sweeplab-line-ends-");
  cpSync(once, twice, { recursive: true });
  // At least three files a table: each of the three endings of `ending` is met.
  for (const table of ["orders", "trades"]) expect(readdirSync(join(once, table)).length).toBeGreaterThanOrEqual(3);
  for (const table of ["orders", "trades"])
    for (const [i, name] of readdirSync(join(once, table)).sort().entries()) {
      const text = readFileSync(join(once, table, name), "utf8");
      const base = join(twice, table, name.replace(/\.csv$/, "-win"));
      if (table === "trades" && i === 0) writeFileSync(`${base}.csv.gz`, gzipSync(lastUnended(crlf(text))));
      else writeFileSync(`${base}.csv`, (i % 2 === 1 ? "\ufeff" : "") + ending(i, crlf(text)));
    }
  writeFileSync(
    join(twice, "nbbo-win.csv"),
    "\ufeff" + lastUnended(crlf(readFileSync(join(once, "nbbo.csv"), "utf8"))),
  );
  const onceOut = tmp("sweeplab-line-ends-once-out-");
  const twiceOut = tmp("sweeplab-line-ends-twice-out-");
  const onceRun = await runPipeline(configFor(once, onceOut, KEEP));
  const twiceConfig = configFor(twice, twiceOut, { ...KEEP, reference: { instruments: join(twice, "ob.csv") } });
  r = { twice, onceOut, twiceOut, onceRun, twiceRun: await runPipeline(twiceConfig) };
}, 180_000);

describe("an extract beside its Windows export, under duplicates: keep", () => {
  it("gives the aggregated tables of the extract alone, byte for byte", () => {
    expect(aggregatedSnapshot(r.onceOut).size).toBe(8);
    expect(diffSnapshots(aggregatedSnapshot(r.twiceOut), aggregatedSnapshot(r.onceOut))).toEqual([]);
  });

  it("reads each row once and lists every Windows export as a copy", () => {
    expect(r.twiceRun.partition?.accepted).toBe(r.onceRun.partition?.accepted);
    expect(r.twiceRun.partition?.rowsRead).toBe(r.onceRun.partition?.rowsRead);
    const copies = r.twiceRun.inputs?.duplicates ?? [];
    const exported =
      readdirSync(join(r.twice, "orders")).length / 2 + readdirSync(join(r.twice, "trades")).length / 2 + 1;
    expect(copies).toHaveLength(exported);
    for (const c of copies) {
      expect(c.reason).toBe("same_content");
      expect(c.differsIn).toBe("line_ends");
      expect(c.file).toMatch(/-win\.csv(\.gz)?$/);
    }
  });
});
