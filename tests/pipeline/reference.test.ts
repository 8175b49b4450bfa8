import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { loadParticipants } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { sydneyLocalToUtcNs, tradingDate } from "../../src/model/time.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { completeJobs } from "../../src/notebook/source.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

describe("reference files are checked before any work", () => {
  it("a missing, a folder and an empty reference file are all listed, and nothing is written", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const folder = join(dir, "par-folder");
    mkdirSync(folder);
    const empty = writeFixture(dir, "session.csv", "");
    const missing = join(dir, "no-such-ob.csv");
    const config = resolveConfig({
      inputs: [join(FORMATS, "orders-example.csv")],
      reference: { instruments: missing, participants: folder, sessions: empty },
      outputDir: out,
      workers: 1,
    });
    const err = await runPipeline(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).errors.map((e) => [e.code, e.file])).toEqual([
      ["unreadable", missing],
      ["unreadable", folder],
      ["empty_file", empty],
    ]);
    expect((err as Error).message).toContain("ENOENT");
    expect(existsSync(join(out, "store"))).toBe(false);
    expect(existsSync(join(out, "run_summary.json"))).toBe(false);
  });

  it("a bad input file and a missing reference file are reported together", async () => {
    const dir = tmp();
    const bad = writeFixture(dir, "orders-empty.csv", "");
    const missing = join(dir, "par.csv");
    const config = resolveConfig({
      inputs: [bad],
      reference: { participants: missing },
      outputDir: join(dir, "out"),
      workers: 1,
    });
    const err = await runPipeline(config).catch((e: unknown) => e);
    expect((err as InputErrors).errors.map((e) => [e.code, e.file])).toEqual([
      ["empty_file", bad],
      ["unreadable", missing],
    ]);
  });
});

describe("a run with participants and sessions files", () => {
  it("uses each book's window from the sessions file (else the config's) and names the participants", async () => {
    const data = await smallData();
    const out = tmp("sweeplab-out-");
    type JobJson = { session: unknown; selection: { outsideSessionOrders: number } };
    const job = (sec: string, date: string): JobJson =>
      JSON.parse(readFileSync(join(out, "by_security", `SEC_${sec}`, date, "job.json"), "utf8")) as JobJson;
    // The generated session.csv opens every book at 10:00 and pre-closes at 16:00. Rewrite it: the
    // first book of the first date opens at 10:04:30 and pre-closes at 15:30; the second book has
    // no phases on the first date (it falls back to analysis.session).
    const lines = readFileSync(join(data, "session.csv"), "utf8").split("\n");
    const rows = lines.slice(1).filter((l) => l.trim() !== "");
    const firstDate = tradingDate(BigInt(rows[0]!.split(",")[8]!));
    const books = [...new Set(rows.map((l) => l.split(",")[7]!))];
    const [a, b] = books as [string, string];
    const edited = rows
      .filter((l) => !(l.split(",")[7] === b && tradingDate(BigInt(l.split(",")[8]!)) === firstDate))
      .map((l) => {
        const f = l.split(",");
        if (f[7] !== a || tradingDate(BigInt(f[8]!)) !== firstDate) return l;
        if (f[6] === "OPEN") f[8] = String(sydneyLocalToUtcNs(firstDate, 10 * 3600 + 4 * 60 + 30));
        if (f[6] === "PRE_CSPA") f[8] = String(sydneyLocalToUtcNs(firstDate, 15 * 3600 + 30 * 60));
        return f.join(",");
      });
    const sessions = writeFixture(data, "session-edited.csv", [lines[0], ...edited].join("\n") + "\n");
    const config = configFor(data, out, {
      reference: { instruments: join(data, "ob.csv"), participants: join(data, "par.csv"), sessions },
    });
    const s = await runPipeline(config);
    expect(s.jobs).toMatchObject({ total: 6, done: 6, failed: 0 });
    expect(job(a, firstDate).session).toEqual({
      startNs: (10 * 3600 + 4 * 60 + 30) * 1e9,
      endNs: (15 * 3600 + 30 * 60) * 1e9,
      source: "sessions file",
    });
    expect(job(b, firstDate).session).toEqual({ startNs: 10 * 3600e9, endNs: 16 * 3600e9, source: "config" });
    const other = (await completeJobs(out)).find((k) => k.date !== firstDate && k.securityCode === b)!;
    expect(job(b, other.date).session).toEqual({ startNs: 10 * 3600e9, endNs: 16 * 3600e9, source: "sessions file" });

    // The same run without the sessions file: book a's first date selects more orders in session.
    const plainOut = tmp("sweeplab-out-");
    await runPipeline(configFor(data, plainOut));
    const plain = JSON.parse(
      readFileSync(join(plainOut, "by_security", `SEC_${a}`, firstDate, "job.json"), "utf8"),
    ) as { session: unknown; selection: { outsideSessionOrders: number } };
    expect(plain.session).toEqual({ startNs: 10 * 3600e9, endNs: 16 * 3600e9, source: "config" });
    expect(job(a, firstDate).selection.outsideSessionOrders).toBeGreaterThan(plain.selection.outsideSessionOrders);

    // by_participant: every id of the generated par.csv gets its name and type.
    const par = await loadParticipants(join(data, "par.csv"));
    const table = parse<Record<string, string>>(readFileSync(join(out, "aggregated", "by_participant.csv"), "utf8"), {
      columns: true,
    });
    expect(table.length).toBeGreaterThan(0);
    for (const r of table) {
      const p = par.get(Number(r.participant_id));
      expect([r.participant_name, r.participant_type]).toEqual([p?.name, p?.type]);
    }
    // The plain run found par.csv among its inputs and used it (the config names no participants
    // file); with no participants file at all the name columns are empty.
    const bare = tmp("sweeplab-bare-");
    cpSync(data, bare, { recursive: true, filter: (src) => !src.endsWith("par.csv") });
    const bareOut = tmp("sweeplab-out-");
    await runPipeline(configFor(bare, bareOut));
    const plainTable = readFileSync(join(bareOut, "aggregated", "by_participant.csv"), "utf8");
    expect(plainTable.split("\n")[0]).toMatch(/^participant_id,participant_name,participant_type,sweeps,/);
    expect(plainTable.split("\n")[1]).toMatch(/^\d+,,,/);
  }, 180_000);
});
