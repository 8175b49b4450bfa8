import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { splitByteRanges } from "../../src/io/ranges.js";
import { scanPart } from "../../src/io/scan.js";
import type { ByteRange } from "../../src/io/source.js";
import { listStore, readPartition, readStoreManifest } from "../../src/io/store/index.js";
import { ORDER_HEADER } from "../../src/model/headers.js";
import { runPipeline } from "../../src/pool/run.js";
import type { RunSummary } from "../../src/pool/summary.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";
import { diffSnapshots, smallData, snapshot } from "./helpers.js";

// Issue 12: a quoted free-text value spanning lines (e.g. `timevaliditydecoded`) that a byte range
// boundary cuts made the partition pass with 2+ workers reject the rest of the file as `csv_syntax`
// (and exit 0), while 1 worker and `scan` read every row.

const TV = ORDER_HEADER.indexOf("timevaliditydecoded");

/** `row` (a plain CSV line) with its timevaliditydecoded field replaced by `value` (raw CSV text). */
function withValidity(row: string, value: string): string {
  const f = row.split(",");
  f[TV] = value;
  return f.join(",");
}

/** A quoted value of `n` lines (commas and an escaped quote inside). */
function multiLine(n: number, seed: number): string {
  const parts = Array.from({ length: n }, (_, k) => `Good till ${seed}-${k}, then ""cancel"" on Monday`);
  return `"${parts.join("\n")}"`;
}

/**
 * Gives a 40-line (or longer) quoted value to the rows where splitByteRanges places the boundaries
 * of `splits` ranges (the first newline at or after size × i / n − 1), until every one of those
 * boundaries falls inside a quoted value. `plain` holds the rows without quotes (safe to split on
 * commas). Returns the file's text.
 */
function quoteAtBoundaries(lines: string[], plain: readonly string[], splits: readonly number[]): string {
  for (let round = 0; ; round++) {
    const text = lines.join("\n") + "\n";
    const ends: number[] = []; // ends[r] = offset of row r's own last newline
    for (let r = 0, at = 0; r < lines.length; r++) ends.push((at += (lines[r] as string).length + 1) - 1);
    const uncut = splits.flatMap((n) =>
      Array.from({ length: n - 1 }, (_, k) => {
        const nl = text.indexOf("\n", Math.floor((text.length * (k + 1)) / n) - 1);
        const row = ends.findIndex((e) => e >= nl);
        return ends[row] === nl ? [row] : []; // the boundary is between rows: not cut
      }).flat(),
    );
    if (uncut.length === 0) return text;
    if (round === 20) throw new Error("could not place quoted values at the range boundaries");
    // A boundary after the value's last line moves into it when the value grows.
    for (const row of uncut) lines[row] = withValidity(plain[row] as string, multiLine(40 * (round + 1), row));
  }
}

/**
 * Rewrites a generated orders file: a short multi-line value in every 97th row, 2 bad rows (a price
 * that is not a number, a row of 3 fields), and quoted values cut by the boundaries of `splits`
 * ranges. Returns the file's record count.
 */
function quoteFile(path: string, splits: readonly number[]): number {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const plain = [...lines];
  for (let i = 1; i < lines.length; i += 97) lines[i] = withValidity(lines[i] as string, multiLine(2 + (i % 3), i));
  const bad = Math.floor(lines.length / 5);
  const f = (plain[bad] as string).split(",");
  f[ORDER_HEADER.indexOf("price")] = "12x";
  lines[bad] = plain[bad] = f.join(",");
  lines[bad + 7] = plain[bad + 7] = "1,2,3";
  writeFileSync(path, quoteAtBoundaries(lines, plain, splits));
  return lines.length - 1;
}

/** Record count of a plain CSV file without quotes: its lines but the header. */
function plainRecords(path: string): number {
  return readFileSync(path, "utf8").trimEnd().split("\n").length - 1;
}

interface Partitioned {
  summary: RunSummary;
  /** Every file under store/ and rejects/ (relative path → bytes). */
  files: Map<string, Buffer>;
  out: string;
}

async function partitionWith(inputs: string, workers: number, minRangeBytes?: number): Promise<Partitioned> {
  const out = tmp(`sweeplab-pq-w${workers}-`);
  const config = resolveConfig({ inputs: [inputs], outputDir: out, workers, retries: 0 });
  const summary = await runPipeline(config, {
    partitionOnly: true,
    ...(minRangeBytes === undefined ? {} : { minRangeBytes }),
  });
  const files = new Map<string, Buffer>();
  for (const sub of ["store", "rejects"])
    for (const [k, v] of snapshot(join(out, sub), /^$/)) files.set(`${sub}/${k}`, v);
  return { summary, files, out };
}

/** The store manifest lists exactly the piece files on disk. */
async function expectManifestMatchesDisk(out: string): Promise<void> {
  const manifest = await readStoreManifest(join(out, "store"));
  const onDisk = [...snapshot(join(out, "store")).keys()].filter((k) => k.endsWith(".parquet")).sort();
  expect(manifest?.pieces.map((p) => p.path).sort()).toEqual(onDisk);
}

describe("partition with quoted values spanning lines", () => {
  let data = "";
  let rows = 0;
  let quoted = "";

  beforeAll(async () => {
    data = await smallData(7);
    const orders = readdirSync(join(data, "orders")).sort();
    quoted = join(data, "orders", orders[0] as string);
    rows = quoteFile(quoted, [2, 3]);
    for (const f of orders.slice(1)) rows += quoteFile(join(data, "orders", f), [2, 3]);
    for (const sub of ["trades"])
      for (const f of readdirSync(join(data, sub))) rows += plainRecords(join(data, sub, f));
    rows += plainRecords(join(data, "nbbo.csv"));
  }, 120_000);

  it("the data really has range boundaries inside quoted records (reading ranges alone goes wrong)", async () => {
    for (const n of [2, 3]) {
      let syntax = 0;
      for (const range of await splitByteRanges(quoted, n))
        syntax += (await scanPart(quoted, { range })).report.rejectsByCode.csv_syntax ?? 0;
      expect(syntax, `${n} ranges`).toBeGreaterThan(0);
    }
  });

  it("gives the one-worker store, rejects and counts with 2 and 3 workers", async () => {
    const one = await partitionWith(data, 1, 1);
    expect(one.summary.partition).toMatchObject({ rowsRead: rows, rejected: 6 });
    const codes = (await readStoreManifest(join(one.out, "store")))?.files.map((f) => f.rejectsByCode);
    expect(codes?.filter((c) => Object.keys(c).length > 0)).toEqual(Array(3).fill({ not_integer: 1, field_count: 1 }));
    const partitions = await listStore(join(one.out, "store"));
    expect(partitions.length).toBe(6); // 2 securities × 3 dates
    for (const workers of [2, 3]) {
      const many = await partitionWith(data, workers, 1);
      const { pieces: _p, seconds: _s, rowsPerSecond: _r, mbPerSecond: _m, ...counts } = many.summary.partition;
      const { pieces: _p1, seconds: _s1, rowsPerSecond: _r1, mbPerSecond: _m1, ...oneCounts } = one.summary.partition;
      expect(counts, `${workers} workers`).toEqual(oneCounts);
      // Every orders file was cut, so partitioned again whole: the same piece files (names and
      // bytes) as one worker, and the same rejects files. The trades and NBBO files were split
      // cleanly, in more pieces (one set per range) holding the same rows.
      const ordersAndRejects = (m: Map<string, Buffer>): Map<string, Buffer> =>
        new Map([...m].filter(([k]) => k.startsWith("store/orders/") || k.startsWith("rejects/")));
      expect(diffSnapshots(ordersAndRejects(many.files), ordersAndRejects(one.files)), `${workers} workers`).toEqual(
        [],
      );
      expect([...many.files.keys()].filter((k) => k.startsWith("rejects/")).sort()).toEqual([
        "rejects/partition-0001-00.csv",
        "rejects/partition-0002-00.csv",
        "rejects/partition-0003-00.csv",
      ]);
      expect(await listStore(join(many.out, "store"))).toEqual(
        partitions.map((p) => ({ ...p, pieces: expect.any(Array) as unknown })),
      );
      for (const p of partitions)
        expect(await readPartition(join(many.out, "store"), p.securityCode, p.date, 2)).toEqual(
          await readPartition(join(one.out, "store"), p.securityCode, p.date, 2),
        );
      await expectManifestMatchesDisk(many.out);
    }
  }, 120_000);
});

describe("partition of a file over the real range threshold (> 32 MiB)", () => {
  it("reads every row with 2 workers when a quoted value spanning lines sits at the boundary", async () => {
    const dir = tmp("sweeplab-pq-big-");
    // ~160-byte rows: 220,000 of them are ~35 MB, so 2 workers split the file in 2 ranges.
    const n = 220_000;
    const plain: string[] = [ORDERS_HEAD];
    for (let i = 0; i < n; i++)
      plain.push(stubOrder({ order_id: String(7898856358160000000n + BigInt(i)), sequence: String(i + 1) }));
    const lines = plain.map((row, i) => (i % 5003 === 1 ? withValidity(row, multiLine(3, i)) : row));
    const file = writeFixture(dir, "orders-big.csv", quoteAtBoundaries(lines, plain, [2]));
    const ranges = await splitByteRanges(file, 2);
    expect(ranges[1]?.start).toBeGreaterThan((32 * 1024 * 1024) / 2);
    // Read alone, the first range ends inside the quoted value: the proof that the boundary cuts it.
    const alone = await scanPart(file, { range: ranges[0] as ByteRange });
    expect(alone.report.rejectsByCode.csv_syntax).toBeGreaterThan(0);
    const one = await partitionWith(dir, 1);
    const two = await partitionWith(dir, 2);
    expect(one.summary.partition).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
    expect(two.summary.partition).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
    expect(diffSnapshots(two.files, one.files)).toEqual([]);
    await expectManifestMatchesDisk(two.out);
  }, 120_000);
});
