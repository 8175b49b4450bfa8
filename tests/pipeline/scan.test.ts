import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { mergeScans, scan, scanPart, type ScanProgress, type ScanResult } from "../../src/io/scan/scan.js";
import type { RowReject } from "../../src/model/errors.js";
import { scan as notebookScan } from "../../src/notebook/scan.js";
import { scanParallel } from "../../src/pipeline/scan/scan.js";
import { FORMAT_EXAMPLES, ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";
import { smallData } from "./helpers.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "sample_data");

/** The result without its timing figures (the only fields allowed to differ between runs). */
function untimed(r: ScanResult): unknown {
  const { seconds: _s, rowsPerSecond: _r, mbPerSecond: _m, ...totals } = r.totals;
  return { ...r, totals, rejectsPath: undefined };
}

/** Scans `inputs` with 1, 2 and 3 workers; returns each result and its rejects file bytes. */
async function scanEach(inputs: string[], extra: { chunkSize?: number } = {}) {
  const dir = tmp("sweeplab-scan-");
  const out: { result: ScanResult; rejects: Buffer; rejected: RowReject[] }[] = [];
  for (const workers of [1, 2, 3]) {
    const rejectsPath = join(dir, `w${workers}`, "rejects.csv");
    const rejected: RowReject[] = [];
    const result = await scanParallel(inputs, {
      workers,
      minRangeBytes: 1, // split even small files, so that byte ranges are exercised
      rejectsPath,
      onReject: (r) => rejected.push(r),
      ...extra,
    });
    out.push({ result, rejects: readFileSync(rejectsPath), rejected });
  }
  return out;
}

let bad = "";

beforeAll(async () => {
  // A generated data set, plain CSV, with bad rows and blank lines spread over the orders file so
  // that every byte range holds some, and a damaged gzip beside it.
  bad = await smallData(5);
  const orders = join(bad, "orders", readdirSync(join(bad, "orders")).sort()[0] as string);
  const lines = readFileSync(orders, "utf8").split("\n");
  const step = Math.floor(lines.length / 7);
  for (let k = 6; k >= 1; k--) {
    const at = k * step;
    lines.splice(
      at,
      0,
      stubOrder({ price: "12x" }),
      "",
      stubOrder({ side: "9", order_id: String(1000 + k) }),
      "1,2,3",
      stubOrder({ timestamp: "-5" }),
    );
  }
  writeFileSync(orders, lines.join("\n"));
  copyFileSync(
    join(import.meta.dirname, "..", "fixtures", "bad", "orders-truncated.csv.gz"),
    join(bad, "orders", "orders-truncated.csv.gz"),
  );
}, 120_000);

describe("scanParallel", () => {
  it("gives the one-thread result and rejects bytes on the gzip sample data, with 1, 2 and 3 workers", async () => {
    const [one, two, three] = await scanEach([SAMPLE]);
    expect(one?.result.totals.rowsRead).toBeGreaterThan(30_000);
    expect(one?.result.partitions.length).toBe(12); // 3 securities × 4 dates
    for (const other of [two, three]) {
      expect(untimed(other?.result as ScanResult)).toEqual(untimed(one?.result as ScanResult));
      expect(other?.rejects.equals(one?.rejects as Buffer)).toBe(true);
    }
  }, 120_000);

  it("splits plain files into byte ranges and merges them exactly, rejects included", async () => {
    const plain = tmp("sweeplab-plain-");
    mkdirSync(join(plain, "orders"));
    for (const f of readdirSync(join(SAMPLE, "orders")))
      writeFileSync(join(plain, "orders", f.replace(/\.gz$/, "")), gunzipSync(readFileSync(join(SAMPLE, "orders", f))));
    const inputs = [plain, join(SAMPLE, "trades"), join(SAMPLE, "nbbo.csv.gz"), bad];
    const [one, two, three] = await scanEach(inputs, { chunkSize: 64 * 1024 });
    const r = one?.result as ScanResult;
    // 6 × 5 injected lines: 6 blank, 24 rejects (price, side, field count, timestamp) in one file.
    const hurt = r.files.find((f) => f.rejected === 24 && f.table === "orders");
    expect(hurt).toMatchObject({
      rejectsByCode: { not_integer: 6, unknown_side: 6, field_count: 6, bad_timestamp: 6 },
    });
    expect(hurt?.blankLines).toBeGreaterThanOrEqual(6);
    expect(r.files.find((f) => f.file.endsWith("orders-truncated.csv.gz"))?.error?.code).toBe("truncated_gzip");
    expect(one?.rejected.length).toBe(r.totals.rejected);
    expect(one?.rejects.toString("utf8").trimEnd().split("\n")).toHaveLength(r.totals.rejected + 1);
    for (const other of [two, three]) {
      expect(untimed(other?.result as ScanResult)).toEqual(untimed(one?.result as ScanResult));
      expect(other?.rejects.equals(one?.rejects as Buffer)).toBe(true);
      expect(other?.rejected).toEqual(one?.rejected);
    }
    // The JSON of the result is byte-identical too (same key order), but for the timing fields.
    const json = (x: ScanResult): string =>
      JSON.stringify(untimed(x), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(json(three?.result as ScanResult)).toBe(json(r));
  }, 120_000);

  it("scans a file again whole when a range boundary cuts a quoted record spanning lines", async () => {
    const dir = tmp("sweeplab-scan-quoted-");
    const rows: string[] = [];
    // Most records span two physical lines, a long one and `04"` (a quoted date with a line break,
    // which the reader accepts), so a boundary at the line start after a byte offset cuts a record.
    for (let i = 0; i < 40; i++)
      rows.push(stubOrder(i % 4 === 0 ? { order_id: String(500 + i) } : { date: '"2024-09-\n04"' }));
    const file = writeFixture(dir, "orders-multiline.csv", `${ORDERS_HEAD}\n${rows.join("\n")}\n`);
    const one = await scan([file]);
    expect(one.totals).toMatchObject({ rowsRead: 40, accepted: 40 });
    // Independently read ranges are wrong here: the 2- and 3-way splits both cut a record.
    for (const n of [2, 3]) {
      const parts = [];
      for (const range of await splitByteRanges(file, n)) parts.push(await scanPart(file, { range }));
      expect(mergeScans(parts, { seconds: 1 }).files[0]?.rejectsByCode.csv_syntax).toBeGreaterThan(0);
    }
    const runs = [];
    for (const workers of [1, 2, 3]) {
      const rejectsPath = join(dir, `r${workers}.csv`);
      const result = await scanParallel([file], { workers, minRangeBytes: 1, rejectsPath });
      runs.push({ result: untimed(result), rejects: readFileSync(rejectsPath, "utf8") });
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  }, 120_000);

  it("reports progress across workers up to every byte", async () => {
    const seen: ScanProgress[] = [];
    const r = await scanParallel([bad], { workers: 2, minRangeBytes: 1, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1] as ScanProgress;
    expect(last.bytesRead).toBe(r.totals.bytes);
    expect(last.bytesTotal).toBe(r.totals.bytes);
    for (let i = 1; i < seen.length; i++)
      expect((seen[i] as ScanProgress).bytesRead).toBeGreaterThanOrEqual((seen[i - 1] as ScanProgress).bytesRead);
  }, 60_000);

  it("checks every header before any work, like scan", async () => {
    const dir = tmp("sweeplab-scan-bad-");
    writeFixture(dir, "orders-ok.csv", `${ORDERS_HEAD}\n${stubOrder()}\n`);
    writeFixture(dir, "orders-nohead.csv", `${stubOrder()}\n`);
    await expect(scanParallel([dir], { workers: 2 })).rejects.toMatchObject({ name: "InputErrors" });
    await expect(scan([dir])).rejects.toMatchObject({ name: "InputErrors" });
  });

  it("is the notebook scan's workers option", async () => {
    const nb = await notebookScan(bad, { workers: 2, minRangeBytes: 1 });
    expect(nb.partitions).toEqual((await scan([bad])).partitions);
    expect(nb.frames.partitions.shape[0]).toBe(nb.partitions.length);
  }, 60_000);

  it("with one worker is scan itself", async () => {
    const a = await scanParallel([FORMAT_EXAMPLES], { workers: 1 });
    expect(untimed(a)).toEqual(untimed(await scan([FORMAT_EXAMPLES])));
  });
});

describe("sweeplab scan --workers (built dist/)", () => {
  const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, "scan", ...args], { encoding: "utf8" });
  // The timing fields and the rejects path are the only lines allowed to differ.
  const stable = (json: string): string =>
    json
      .split("\n")
      .filter((l) => !/"(seconds|rowsPerSecond|mbPerSecond|rejectsPath)"/.test(l))
      .join("\n");

  it("prints the same JSON and writes the same rejects with 1 and 2 workers", () => {
    const dir = tmp("sweeplab-scan-cli-");
    const one = cli(bad, "--json", "--workers", "1", "--rejects", join(dir, "r1.csv"));
    const two = cli(bad, "--json", "--workers", "2", "--rejects", join(dir, "r2.csv"));
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(stable(two.stdout)).toBe(stable(one.stdout));
    expect(readFileSync(join(dir, "r2.csv")).equals(readFileSync(join(dir, "r1.csv")))).toBe(true);
    expect(readFileSync(join(dir, "r1.csv"), "utf8")).toContain("unknown_side");
  }, 60_000);

  it("refuses a bad worker count", () => {
    expect(cli(bad, "--workers", "0").status).toBe(2);
    expect(cli(bad, "--workers", "two").status).toBe(2);
    expect(cli("--help").stdout).toContain("--workers <n>");
  });
});
