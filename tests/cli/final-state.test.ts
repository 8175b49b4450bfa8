import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp, writeFixture } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");
const REAL = join(ROOT, "tests", "fixtures", "formats", "real");
const FILES = ["orders-final-2024-09-04-85603.csv", "orders-final-2024-09-04-110621.csv"];

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/*
 * The two real final-state extracts (one last-state row per order, 2024-09-04 at 21:22 Sydney), run
 * as they are. With a session over the whole day the run reaches them and says, in one line, that
 * it could compute real fills, groups and size bands only; job.json says `final_state`.
 */
let data: string;
const config = (name: string, out: string, analysis: object = {}): string =>
  writeFixture(data, name, JSON.stringify({ inputs: ["data"], outputDir: out, analysis }));
beforeAll(() => {
  data = tmp();
  mkdirSync(join(data, "data"));
  for (const f of FILES) copyFileSync(join(REAL, f), join(data, "data", f));
});

describe("sweeplab run over real final-state order files", () => {
  it("says in one line what it could not compute, and job.json says final_state", () => {
    const out = join(tmp(), "out");
    const r = cli("run", "--config", config("wide.json", out, { session: { start: "00:00", end: "23:59:59" } }));
    expect(r.err).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "  ! 2 jobs hold final-state order rows (one row per order, no placements) (110621|2024-09-04, 85603|2024-09-04): " +
        "real fills, groups and size bands only; no book replay or simulation (simulated fills and savings not computed)\n",
    );
    // No flood of book warnings: the replay was not run.
    expect(r.out).toContain("data quality: 0 warnings in 2 jobs");
    expect(r.out).not.toContain("bookUnknownOrderId");
    for (const [code, orders] of [
      ["85603", 128],
      ["110621", 21],
    ] as const) {
      const job = JSON.parse(readFileSync(join(out, "by_security", `SEC_${code}`, "2024-09-04", "job.json"), "utf8"));
      expect(job.orderShape).toBe("final_state");
      expect(job.book.skipped).toBe("final_state");
      expect(job.simulation.skipped).toBe("final_state");
      expect(job.dataQuality.orderShape).toEqual({ shape: "final_state", rows: orders, orders, placementRows: 0 });
      expect(job.dataQuality.counts).toMatchObject({
        finalStateJobs: 1,
        finalStateOrders: orders,
        bookUnknownOrderId: 0,
      });
    }
    const summary = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8"));
    expect(summary.dataQuality.totals).toMatchObject({ finalStateJobs: 2, finalStateOrders: 149 });
  });

  it("beside an event file of the same security and date: read as events, and the summary says the final-state rows' orders were never placed", () => {
    // One order's life in event rows (placed, then cancelled by the system), 110621 on 2024-09-04.
    const file = join(REAL, "orders-final-2024-09-04-110621.csv");
    const [head = "", row = ""] = readFileSync(file, "utf8").split("\n");
    const cells = row.split(",");
    const event = (reason: string, dt: bigint): string =>
      [
        cells[0]?.replace(/.$/, "0") ?? "",
        cells[1],
        String(BigInt(cells[2] ?? "") + dt),
        ...cells.slice(3, 6),
        reason,
        ...cells.slice(7),
      ].join(",");
    const mixed = tmp();
    mkdirSync(join(mixed, "data"));
    copyFileSync(file, join(mixed, "data", "orders-final-2024-09-04-110621.csv"));
    writeFileSync(
      join(mixed, "data", "orders-events-2024-09-04-110621.csv"),
      `${head}\n${event("6", 0n)}\n${event("9", 1n)}\n`,
    );
    const out = join(tmp(), "out");
    const r = cli("run", "--inputs", join(mixed, "data"), "--output", out, "--session", "00:00..23:59:59");
    expect(r.code, r.err).toBe(0);
    const job = JSON.parse(readFileSync(join(out, "by_security", "SEC_110621", "2024-09-04", "job.json"), "utf8"));
    expect(job.orderShape).toBe("events");
    // The 10 system-cancel rows of the final-state file change orders the extract never placed.
    expect(job.dataQuality.counts.bookUnknownOrderId).toBe(10);
    expect(r.out).toContain(
      "  ! orders: 10 rows change orders never placed before them (no placement or reload row: a final-state extract beside the event extract of the same securities and dates",
    );
  });

  it("`sweeplab scan` says final_state for each partition, the word job.json has after the run", () => {
    const r = cli("scan", join(data, "data"), "--json", "--rejects", join(tmp(), "rejects.csv"));
    expect(r.code, r.err).toBe(0);
    const scanned = (JSON.parse(r.out) as { partitions: { securityCode: string; orderShape: string }[] }).partitions;
    expect(scanned.map((p) => [p.securityCode, p.orderShape])).toEqual([
      ["110621", "final_state"],
      ["85603", "final_state"],
    ]);
    const out = join(tmp(), "out");
    cli("run", "--config", config("scan-vs-run.json", out, { session: { start: "00:00", end: "23:59:59" } }));
    for (const p of scanned) {
      const job = JSON.parse(
        readFileSync(join(out, "by_security", `SEC_${p.securityCode}`, "2024-09-04", "job.json"), "utf8"),
      );
      expect(job.orderShape).toBe(p.orderShape);
    }
    const text = cli("scan", join(data, "data"), "--rejects", join(tmp(), "rejects.csv")).out;
    expect(text).toMatch(/^85603 +2024-09-04 .* final_state$/m);
  });

  it("with the default session, says the orders' last changes are outside it (and that they are final states)", () => {
    const out = join(tmp(), "out");
    const r = cli("run", "--config", config("default.json", out));
    // 149 Centre Point orders (148 sweeps and one plain Centre Point order); their rows' time is
    // the last change (a final-state file has no placement time).
    expect(r.out).toContain(
      '  ! 0 of 149 Centre Point orders inside the session 10:00–16:00 Sydney: all last changed 21:22–21:22; widen analysis.session (e.g. start "00:00", end "24:00", or run with --session 00:00..24:00) to analyse them\n',
    );
    expect(r.out).toContain("  ! 2 jobs hold final-state order rows");
  });

  it("--inputs with --session 00:00..23:59:59 (no config file) reaches them as the config's session does", () => {
    const viaConfig = join(tmp(), "out");
    cli("run", "--config", config("wide2.json", viaConfig, { session: { start: "00:00", end: "23:59:59" } }));
    const viaFlag = join(tmp(), "out");
    const r = cli("run", "--inputs", join(data, "data"), "--output", viaFlag, "--session", "00:00..23:59:59");
    expect(r.err).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("inside the session");
    for (const code of ["85603", "110621"]) {
      const job = (out: string): unknown => {
        const j = JSON.parse(readFileSync(join(out, "by_security", `SEC_${code}`, "2024-09-04", "job.json"), "utf8"));
        return { dataQuality: j.dataQuality, sums: j.record.sums, stamp: j.record.stamp.analysis };
      };
      expect(job(viaFlag)).toEqual(job(viaConfig));
    }
    for (const t of ["global_summary.csv", "data_quality.csv"])
      expect(readFileSync(join(viaFlag, "aggregated", t), "utf8")).toBe(
        readFileSync(join(viaConfig, "aggregated", t), "utf8"),
      );
  });

  it("--session without FROM..TO is a usage error (exit 2); a bad clock a config error (exit 1), no stack trace", () => {
    for (const [flag, code, said] of [
      ["23:59", 2, "--session 23:59: expected FROM..TO"],
      [
        "10:00..25:00",
        1,
        'analysis.session.end: expected HH:MM or HH:MM:SS, or 24:00 for the end of the day, got "25:00"',
      ],
    ] as const) {
      const r = cli("run", "--inputs", join(data, "data"), "--output", join(tmp(), "out"), "--session", flag);
      expect(r.code).toBe(code);
      expect(r.err).toContain(said);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
