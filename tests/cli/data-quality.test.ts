import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp, writeFixture } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/*
 * A generated set (2 securities × 2024-10-02 and 2024-10-03) whose trades of 2024-10-02 were
 * delivered twice (the file and a resent copy). `sweeplab run` says so, and says why a selection
 * or a session matches nothing, in one line each, in its summary and in run_summary.json.
 */
let data: string;
let out: string;
const config = (name: string, analysis: object = {}): string => {
  writeFixture(
    data,
    name,
    JSON.stringify({
      inputs: ["orders", "trades", "nbbo.csv"],
      reference: { instruments: "ob.csv" },
      outputDir: out,
      analysis,
    }),
  );
  return join(data, name);
};
beforeAll(() => {
  data = tmp();
  out = join(tmp(), "out");
  const gen = cli("gen", "--orders", "3000", "--securities", "2", "--dates", "2", "--seed", "5", "--out", data);
  expect(gen.code, gen.err).toBe(0);
  // Resent by a second extraction: the same legs, in another order (so not a byte copy, which the
  // input discovery would read once).
  const [head, ...rows] = readFileSync(join(data, "trades", "trades-2024-10-02.csv"), "utf8")
    .trimEnd()
    .split("\n");
  writeFileSync(join(data, "trades", "trades-2024-10-02-resent.csv"), [head, ...rows.reverse()].join("\n") + "\n");
});

describe("sweeplab run: data quality, loud", () => {
  it("reports the repeated legs, per job and in total, and names a weekend date", () => {
    const r = cli("run", "--config", config("run.json"), "--workers", "1", "--dates", "2024-10-02,2024-10-05");
    expect(r.err).not.toContain("Error");
    expect(r.out).toMatch(/data quality: (\d+) warnings in 2 jobs \(repeatedTradeLegs \1\)/);
    expect(r.out).toMatch(/^ {2}110621\|2024-10-02: \d+ \(repeatedTradeLegs \d+\)$/m);
    expect(r.out).toContain("  ! 2024-10-05 is a Saturday: no data for that date\n");
    expect(r.out).toMatch(/ {2}! trades: \d+ repeated legs \(same matchgroupid, orderid and side\), dropped\n/);
    const summary = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8"));
    const job = JSON.parse(readFileSync(join(out, "by_security", "SEC_110621", "2024-10-02", "job.json"), "utf8"));
    const legs = job.dataQuality.counts.repeatedTradeLegs as number;
    expect(legs).toBeGreaterThan(0);
    expect(job.dataQuality.counts.tradeLegs).toBe(2 * legs); // every leg came twice
    expect(job.dataQuality.counts.overfilledOrders).toBe(0); // the copies were dropped
    expect(summary.dataQuality.worst[0]).toMatchObject({ key: "110621|2024-10-02" });
    const csv = readFileSync(join(out, "aggregated", "data_quality.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv).toHaveLength(3); // header + 2 jobs
  });

  it("names a security that is not in the data", () => {
    const r = cli("run", "--config", config("run.json"), "--workers", "1", "--securities", "999999");
    // The run refuses to overwrite the tables with empty ones, and says why in one line.
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sweeplab run: .*present are securities 110621, 110622 on dates 2024-10-02, 2024-10-03;/);
  });

  it("says when every order is outside the session, and when they were placed", () => {
    const r = cli("run", "--config", config("night.json", { session: { start: "03:00", end: "04:00" } }));
    expect(r.out).toMatch(
      / {2}! 0 of \d+ Centre Point orders inside the session 03:00–04:00 Sydney: all placed 1\d:\d\d–1\d:\d\d; widen analysis\.session \(e\.g\. start "00:00", end "24:00", or run with --session 00:00\.\.24:00\) to analyse them\n/,
    );
  });
});
