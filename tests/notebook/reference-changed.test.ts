import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { aggregate, compare, run, RunSourceError } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";
import { smallData } from "../pipeline/helpers.js";

/*
 * A notebook edits the instruments file (a security's DecimalsInPrice) and runs again: the run uses
 * the new decimals (the reference cache is keyed by the file's fingerprint, not its path). Then
 * the file is put back: the readers refuse that run's jobs, recorded with the edited file's values,
 * as `jobs_changed`. The message said only that a later run rewrote or removed them, or they were
 * damaged: nothing of the kind had happened; it names the reference files changed since.
 */
describe("the instruments file edited between cells", () => {
  it("a run after the edit uses the new decimals; the file put back, the readers say the reference files changed", async () => {
    const data = tmp("sweeplab-ref-edit-");
    cpSync(await smallData(7), data, { recursive: true });
    const ob = join(data, "ob.csv");
    const config = resolveConfig({
      inputs: [data],
      reference: { instruments: ob },
      outputDir: tmp("sweeplab-ref-edit-out-"),
      workers: 1,
      retries: 0,
    });
    const first = await run(config, {}, { progress: false });
    const before = await compare(first, { securities: ["110621"] });
    const text = readFileSync(ob, "utf8");
    const header = text
      .split("\n")[0]!
      .split(",")
      .map((h) => h.trim());
    const at = header.indexOf("DecimalsInPrice");
    const id = header.indexOf("Id");
    const lines = text.split("\n");
    const row = lines.findIndex((l) => l.split(",")[id]?.trim() === "110621");
    const cells = lines[row]!.split(",");
    const decimals = Number(cells[at]);
    cells[at] = String(decimals - 1);
    lines[row] = cells.join(",");
    writeFileSync(ob, lines.join("\n"));
    const edited = await run(config, {}, { progress: false });
    expect(edited.summary.jobs).toMatchObject({ done: 3, skipped: 3 }); // 110621's three jobs
    const after = await compare(edited, { securities: ["110621"] });
    const vwap = (f: typeof before): number => (f.column("real_vwap_aud").values as number[]).find((v) => v > 0)!;
    expect(vwap(after) / vwap(before)).toBeCloseTo(10, 9); // one decimal fewer: ten times the price
    writeFileSync(ob, text);
    const e = (await aggregate(edited).catch((x: unknown) => x)) as RunSourceError;
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e.code).toBe("jobs_changed");
    expect(e.message).toContain("the run's reference files (instruments, sessions) were changed since");
    expect(e.message).toContain("110621|2024-10-02 (recorded with another reference fingerprint)");
  }, 120_000);
});
