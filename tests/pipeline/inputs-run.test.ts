import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { OUTPUT_MARKER } from "../../src/io/inputs/inputs.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { formatSummary, type RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

let data = "";
let baseline = "";
let base: RunSummary;
const aggregated = (out: string): string => readFileSync(join(out, "aggregated", "global_summary.csv"), "utf8");

beforeAll(async () => {
  data = await smallData();
  baseline = tmp("sweeplab-out-");
  base = await runPipeline(configFor(data, baseline));
}, 120_000);

describe("runPipeline inputs (issues 12.5, 13.2)", () => {
  it("overlapping, linked, looped and resent inputs and output folders inside the input are read once", async () => {
    const copy = join(tmp(), "data");
    cpSync(data, copy, { recursive: true });
    const alias = join(tmp(), "alias");
    symlinkSync(copy, alias);
    symlinkSync(copy, join(copy, "orders", "loop"));
    const trades = join(copy, "trades", "trades-2024-10-02.csv");
    cpSync(trades, join(copy, "trades", "trades-2024-10-02 (resent).csv"));
    // An older output folder of the toolkit under the inputs, holding a trades file with other bytes.
    const old = join(copy, "old-run");
    mkdirSync(old);
    writeFileSync(join(old, OUTPUT_MARKER), "{}\n");
    writeFileSync(join(old, "trades-x.csv"), readFileSync(trades, "utf8").replace(/\n[^\n]*\n$/, "\n"));
    const out = join(copy, "processed_files");
    const orders = join(copy, "orders", "orders-2024-10-03.csv");
    const config = resolveConfig(configFor(data, out), { inputs: [copy, alias, relative(process.cwd(), orders)] });
    const s = await runPipeline(config);
    expect([s.partition.rowsRead, s.partition.accepted]).toEqual([base.partition.rowsRead, base.partition.accepted]);
    expect(s.partition.files.map((f) => relative(copy, f.file))).toEqual(
      base.partition.files.map((f) => relative(data, f.file)),
    );
    expect(aggregated(out)).toBe(aggregated(baseline)); // real fills, fill ratios: not doubled
    const i = s.inputs;
    expect(i?.duplicates).toEqual([
      { file: relative(process.cwd(), orders), sameAs: orders, reason: "same_file" },
      { file: join(copy, "trades", "trades-2024-10-02 (resent).csv"), sameAs: trades, reason: "same_content" },
    ]);
    expect(i?.skipped.map((k) => [k.path, k.code])).toEqual(
      [
        [alias, "same_folder"],
        [join(copy, "old-run"), "output_folder"],
        [join(copy, "orders", "loop"), "link_loop"],
        [out, "run_output"],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(formatSummary(s)).toContain(
      `WARNING ${join(copy, "trades", "trades-2024-10-02 (resent).csv")} is a copy of ${trades} (the same bytes): only ${trades} is read`,
    );
    const again = await runPipeline(config);
    expect(again.partition.skipped).toBe(true); // its own outputs did not become inputs
  }, 120_000);

  it("takes the reference tables found among the inputs when the config names none, and says so", async () => {
    const out = tmp("sweeplab-out-");
    const s = await runPipeline(resolveConfig({ ...configFor(data, out), reference: undefined }));
    expect(s.inputs?.reference).toEqual([
      {
        file: join(data, "ob.csv"),
        table: "instruments",
        note: "taken as reference.instruments (the config names none)",
      },
      {
        file: join(data, "par.csv"),
        table: "participants",
        note: "taken as reference.participants (the config names none)",
      },
      {
        file: join(data, "session.csv"),
        table: "sessions",
        note: "taken as reference.sessions (the config names none)",
      },
    ]);
    expect(aggregated(out)).toBe(aggregated(baseline));
    expect(formatSummary(s)).toContain(
      `reference ${join(data, "ob.csv")}: instruments — taken as reference.instruments`,
    );
    expect(base.inputs?.reference[0]).toEqual({
      file: join(data, "ob.csv"),
      table: "instruments",
      note: "the config's reference.instruments",
    });
  }, 120_000);
});
