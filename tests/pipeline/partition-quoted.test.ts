import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { scanPart } from "../../src/io/scan/scan.js";
import type { ByteRange } from "../../src/io/csv/source.js";
import { listStore, readPartition, readStoreManifest } from "../../src/io/store/index.js";
import { ORDER_HEADER } from "../../src/model/headers.js";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunProgress } from "../../src/pipeline/progress.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { ORDERS_HEAD, stubOrder, tmp } from "../helpers.js";
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

/** A quoted value of `n` lines as a person would type it (commas and an escaped quote inside). */
function multiLine(n: number, seed: number): string {
  const parts = Array.from({ length: n }, (_, k) => `Good till ${seed}-${k}, then ""cancel"" on Monday`);
  return `"${parts.join("\n")}"`;
}

/**
 * A quoted value of `n` lines that each look like a plain row (`row`: no quote, every comma), which
 * the quote-avoiding split cannot tell from rows: the case it cannot help, where only the redo can.
 */
function rowLike(n: number, row: string): string {
  return `"Note:\n${Array.from({ length: n }, () => row).join("\n")}\nend of note"`;
}

type Split = (path: string, n: number) => Promise<ByteRange[]>;
const plainSplit: Split = (path, n) => splitByteRanges(path, n);
const partitionSplit: Split = (path, n) => splitByteRanges(path, n, { avoidQuotedRecords: true });

/**
 * Writes `lines` to `path`, giving a quoted value spanning lines (`value(row, round)`) to the row
 * just before each boundary `split` puts between rows, for 2 and 3 ranges, until every boundary
 * falls inside a quoted value. `plain` holds the rows without quotes (safe to split on commas).
 */
async function cutAtBoundaries(
  path: string,
  lines: string[],
  plain: readonly string[],
  split: Split,
  value: (row: number, round: number) => string,
): Promise<void> {
  for (let round = 0; ; round++) {
    writeFileSync(path, lines.join("\n") + "\n");
    const starts = [0];
    for (const l of lines) starts.push((starts.at(-1) as number) + l.length + 1);
    const uncut = new Set<number>();
    for (const n of [2, 3])
      for (const range of (await split(path, n)).slice(1)) {
        const r = starts.indexOf(range.start); // a boundary at a row start cuts nothing
        if (r > 1 && r < lines.length) uncut.add(r - 1);
      }
    if (uncut.size === 0) return;
    if (round === 20) throw new Error(`could not place quoted values at the range boundaries of ${path}`);
    for (const row of uncut) lines[row] = withValidity(plain[row] as string, value(row, round));
  }
}

/**
 * Rewrites a generated orders file: a short multi-line value in every 97th row, 2 bad rows (a price
 * that is not a number, a row of 3 fields), and quoted values spanning lines that the boundaries of
 * 2 and 3 ranges cut: row-like ones (`rowLike`) at the partition's quote-avoiding boundaries, or
 * typed ones at the plain row-start boundaries. Returns the file's record count.
 */
async function quoteFile(path: string, kind: "row-like" | "typed"): Promise<number> {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const plain = [...lines];
  for (let i = 1; i < lines.length; i += 97) lines[i] = withValidity(lines[i] as string, multiLine(2 + (i % 3), i));
  const bad = Math.floor(lines.length / 5);
  const f = (plain[bad] as string).split(",");
  f[ORDER_HEADER.indexOf("price")] = "12x";
  lines[bad] = plain[bad] = f.join(",");
  lines[bad + 7] = plain[bad + 7] = "1,2,3";
  if (kind === "row-like")
    await cutAtBoundaries(path, lines, plain, partitionSplit, (row, round) =>
      rowLike(4 + 8 * round, plain[row] as string),
    );
  else await cutAtBoundaries(path, lines, plain, plainSplit, (row, round) => multiLine(4 + 8 * round, row));
  return lines.length - 1;
}

/** Record count of a plain CSV file without quotes: its lines but the header. */
function plainRecords(path: string): number {
  return readFileSync(path, "utf8").trimEnd().split("\n").length - 1;
}

/** The ranges of `file` read alone: csv_syntax rejects, and whether any range reports a cut record. */
async function readAlone(file: string, ranges: readonly ByteRange[]): Promise<{ syntax: number; cut: boolean }> {
  let syntax = 0;
  let cut = false;
  for (const range of ranges) {
    const { report } = await scanPart(file, { range });
    syntax += report.rejectsByCode.csv_syntax ?? 0;
    cut ||= report.cutRecord === true;
  }
  return { syntax, cut };
}

interface Partitioned {
  summary: RunSummary;
  /** Every file under store/ and rejects/ (relative path → bytes). */
  files: Map<string, Buffer>;
  out: string;
  /** The last progress event. */
  last: RunProgress | undefined;
}

async function partitionWith(inputs: string, workers: number, minRangeBytes?: number): Promise<Partitioned> {
  const out = tmp(`sweeplab-pq-w${workers}-`);
  const config = resolveConfig({ inputs: [inputs], outputDir: out, workers, retries: 0 });
  let last: RunProgress | undefined;
  const summary = await runPipeline(config, {
    partitionOnly: true,
    onProgress: (p) => (last = p),
    ...(minRangeBytes === undefined ? {} : { minRangeBytes }),
  });
  const files = new Map<string, Buffer>();
  // The pieces' digests hold their file times: never the same bytes twice (snapshot's default skips them too).
  for (const sub of ["store", "rejects"])
    for (const [k, v] of snapshot(join(out, sub), /^_piece_digests\.json$/)) files.set(`${sub}/${k}`, v);
  return { summary, files, out, last };
}

/** The store manifest lists exactly the piece files on disk. */
async function expectManifestMatchesDisk(out: string): Promise<void> {
  const manifest = await readStoreManifest(join(out, "store"));
  const onDisk = [...snapshot(join(out, "store")).keys()].filter((k) => k.endsWith(".parquet")).sort();
  expect(manifest?.pieces.map((p) => p.path).sort()).toEqual(onDisk);
}

/** The rejected rows of input `i` (its rejects files' lines but the headers, in range order). */
function rejectLines(files: Map<string, Buffer>, i: number): string[] {
  const prefix = `rejects/partition-${String(i).padStart(4, "0")}-`;
  return [...files.keys()]
    .filter((k) => k.startsWith(prefix))
    .sort()
    .flatMap((k) => (files.get(k) as Buffer).toString("utf8").trimEnd().split("\n").slice(1));
}

describe("partition with quoted values spanning lines", () => {
  let data = "";
  let rows = 0;
  let orders: string[] = [];

  beforeAll(async () => {
    data = await smallData(7);
    orders = readdirSync(join(data, "orders"))
      .sort()
      .map((f) => join(data, "orders", f));
    // Input 1 is cut even by the quote-avoiding split; inputs 2 and 3 only by a plain row-start one.
    rows = await quoteFile(orders[0] as string, "row-like");
    for (const f of orders.slice(1)) rows += await quoteFile(f, "typed");
    // A gzip input beside them is never split.
    const trades = readdirSync(join(data, "trades")).sort();
    for (const f of trades) rows += plainRecords(join(data, "trades", f));
    const first = join(data, "trades", trades[0] as string);
    writeFileSync(`${first}.gz`, gzipSync(readFileSync(first)));
    rmSync(first);
    rows += plainRecords(join(data, "nbbo.csv"));
  }, 120_000);

  it("the data really has range boundaries inside quoted records (reading ranges alone goes wrong)", async () => {
    for (const n of [2, 3]) {
      const cut = await readAlone(orders[0] as string, await partitionSplit(orders[0] as string, n));
      expect(cut, `input 1, ${n} ranges`).toMatchObject({ cut: true, syntax: expect.any(Number) as unknown });
      expect(cut.syntax).toBeGreaterThan(0);
      for (const f of orders.slice(1)) {
        // The plain split cuts the typed values; the partition's split steps over them.
        expect((await readAlone(f, await plainSplit(f, n))).cut, `${f}, ${n} plain ranges`).toBe(true);
        expect(await readAlone(f, await partitionSplit(f, n)), `${f}, ${n} ranges`).toEqual({ syntax: 0, cut: false });
      }
    }
  });

  it("gives the one-worker store, rejects and counts with 2 and 3 workers", async () => {
    const one = await partitionWith(data, 1, 1);
    expect(one.summary.partition).toMatchObject({ rowsRead: rows, rejected: 6 });
    const codes = (await readStoreManifest(join(one.out, "store")))?.files.map((f) => f.rejectsByCode);
    expect(codes?.filter((c) => Object.keys(c).length > 0)).toEqual(Array(3).fill({ not_integer: 1, field_count: 1 }));
    const partitions = await listStore(join(one.out, "store"));
    expect(partitions.length).toBe(6); // 2 securities × 3 dates
    const tagged = (m: Map<string, Buffer>, tag: string): Map<string, Buffer> =>
      new Map([...m].filter(([k]) => k.includes(`part-${tag}-`) || k.includes(`partition-${tag}`)));
    for (const workers of [2, 3]) {
      const many = await partitionWith(data, workers, 1);
      const { pieces: _p, seconds: _s, rowsPerSecond: _r, mbPerSecond: _m, ...counts } = many.summary.partition;
      const { pieces: _p1, seconds: _s1, rowsPerSecond: _r1, mbPerSecond: _m1, ...oneCounts } = one.summary.partition;
      expect(counts, `${workers} workers`).toEqual(oneCounts);
      // Input 1 was cut, so partitioned again whole: the same piece files (names and bytes) and
      // rejects file as one worker, and none of its range pieces left.
      expect(tagged(many.files, "0001-00").size).toBeGreaterThan(1);
      expect(diffSnapshots(tagged(many.files, "0001-"), tagged(one.files, "0001-")), `${workers} workers`).toEqual([]);
      // Inputs 2 and 3 were split cleanly and kept their ranges (more pieces, the same rows).
      expect(tagged(many.files, "0002-01").size).toBeGreaterThan(0);
      for (const i of [1, 2, 3, 4]) expect(rejectLines(many.files, i), `input ${i}`).toEqual(rejectLines(one.files, i));
      expect(await listStore(join(many.out, "store"))).toEqual(
        partitions.map((p) => ({ ...p, pieces: expect.any(Array) as unknown })),
      );
      for (const p of partitions)
        expect(await readPartition(join(many.out, "store"), p.securityCode, p.date, 2)).toEqual(
          await readPartition(join(one.out, "store"), p.securityCode, p.date, 2),
        );
      await expectManifestMatchesDisk(many.out);
      expect(many.last).toMatchObject({ phase: "partition", rows, failed: 0, running: 0 });
      expect(many.last?.done).toBe(many.last?.total);
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
    const file = join(dir, "orders-big.csv");
    await cutAtBoundaries(file, lines, plain, partitionSplit, (row, round) =>
      rowLike(4 + 8 * round, plain[row] as string),
    );
    const ranges = await partitionSplit(file, 2);
    expect(ranges[1]?.start).toBeGreaterThan((32 * 1024 * 1024) / 2);
    // Read alone, the first range ends inside the quoted value: the proof that the boundary cuts it.
    expect((await readAlone(file, ranges)).cut).toBe(true);
    const one = await partitionWith(dir, 1);
    const two = await partitionWith(dir, 2);
    expect(one.summary.partition).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
    expect(two.summary.partition).toMatchObject({ rowsRead: n, accepted: n, rejected: 0 });
    expect(diffSnapshots(two.files, one.files)).toEqual([]);
    await expectManifestMatchesDisk(two.out);
  }, 120_000);
});
