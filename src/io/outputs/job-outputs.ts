import { createHash } from "node:crypto";
import { closeSync, createWriteStream, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { SECURITY_CODE_PATTERN } from "../../model/fields.js";
import type { JobResult } from "../../core/job.js";
import { GROUP_SUM_FIELDS } from "../../core/sums.js";
import { cellBandName, cellGroup } from "../../core/cells.js";
import type { OrderEvents } from "../../model/partition.js";
import { tempBeside, writeFileAtomicSync } from "../atomic.js";
import type { PieceDigest } from "../store/fingerprint.js";
import { writtenDigest } from "./file-digests.js";
import { sweepCsv } from "./job-csv.js";
import { ordersCsvChunks } from "./orders-csv.js";
import {
  JOB_RECORD_FORMAT,
  recordFile,
  sealJobJson,
  UNSEALED_JSON_SHA256,
  type JobOutputRecord,
  type JobStamp,
  type RecordedFile,
} from "./job-record.js";
import { csvField } from "../csv/csv-write.js";
import { jobSumsJson } from "./job-sums-record.js";
import { ordersParquetParts, sweepTableParts } from "./detail-parquet.js";
import { CLASSIFIED_TABLE, ORDERS_TABLE, SIMULATION_TABLE } from "../../core/detail-tables/index.js";
import { columnNames, detailFile, type DetailFormat } from "./detail-format.js";

/** Columns of `metrics.csv`: one row per (fill group, size band) cell of additive sums. */
export const METRICS_COLUMNS = [
  "security_code",
  "date",
  "decimals",
  "group",
  "size_band",
  ...GROUP_SUM_FIELDS,
] as const;

/** Columns of `simulation.csv.gz` / `simulation.parquet`: one row per sweep order, real against simulated. */
export const SIMULATION_COLUMNS = columnNames(SIMULATION_TABLE);

/** Columns of `classified.csv.gz` / `classified.parquet`: one row per sweep order with its group and band. */
export const CLASSIFIED_COLUMNS = columnNames(CLASSIFIED_TABLE);

/** Columns of `orders.csv.gz` / `orders.parquet`: the partition's Centre Point order events. */
export const JOB_ORDER_COLUMNS = columnNames(ORDERS_TABLE);

/** The per-job output files of a detail format (`parquet` by default; `csv.gz`: the seed's layout). */
export function jobFiles(format: DetailFormat = "parquet"): string[] {
  return [
    detailFile("orders", format),
    detailFile("classified", format),
    detailFile("simulation", format),
    "metrics.csv",
    "job.json",
  ];
}

/** The per-job output files in the seed's layout (`outputs.detailFormat: csv.gz`). */
export const JOB_FILES = [
  "orders.csv.gz",
  "classified.csv.gz",
  "simulation.csv.gz",
  "metrics.csv",
  "job.json",
] as const;

/**
 * The folder of one job's outputs: `<outputDir>/by_security/SEC_<code>/<date>/`. The code and date
 * come from data, so they are checked again here (1–32 of [A-Za-z0-9._-] not starting with a dot;
 * YYYY-MM-DD): a value such as `../x` or `/etc` throws `RangeError` instead of leaving the folder.
 */
export function jobDir(outputDir: string, securityCode: string, date: string): string {
  if (!SECURITY_CODE_PATTERN.test(securityCode))
    throw new RangeError(`unsafe security code for a path: ${JSON.stringify(securityCode)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`unsafe date for a path: ${JSON.stringify(date)}`);
  return join(outputDir, "by_security", `SEC_${securityCode}`, date);
}

/*
 * gzip level of the per-job .gz files: 1. Measured on the outputs of 1,000,159 generated order rows
 * (20 securities × 5 dates, 61.2 MB of CSV in 300 files), gzipSync best of 3 on this machine:
 * level 6 (zlib's default) 1,932 ms and 12.4 MB; level 1 524 ms and 15.2 MB; level 2 571 ms and
 * 14.7 MB; level 4 857 ms and 13.4 MB. Level 6 was the largest single cost of a job (≈ 40 % of its
 * time); level 1 is 3.7× faster for 23 % more bytes. The decompressed bytes are the same.
 */
const GZIP_LEVEL = 1;

function csv(head: readonly string[], rows: (string | number | bigint)[][]): string {
  return [head.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

/** Options of {@link writeJobOutputs}. */
export interface JobOutputsWriteOptions {
  /** How the detail tables are written (default `parquet`; `csv.gz`: the seed's files, byte for byte). */
  detailFormat?: DetailFormat;
}

/**
 * Writes one job's outputs atomically (each file via temp + rename; `job.json` last, so its
 * presence means the job's files are complete): the detail tables — orders (the partition's Centre
 * Point order events, any bit of `centrePointMask`), classified and simulation, as
 * `<table>.parquet` (default) or `<table>.csv.gz` per `options.detailFormat` (detail-format.ts; the tables declared in core/detail-tables/) —
 * then metrics.csv and job.json (counts, warnings, fidelity). With a `stamp` (what the results were
 * computed from), job.json also holds a `record` ({@link JobOutputRecord}: the stamp, the counts,
 * and each file's size and sha256), which is what makes the job current for a rerun; without one
 * the folder is never current. Deterministic: the same result, stamp and format give the same
 * bytes. Returns the file paths, the record and each detail file's digest (writtenDigest).
 */
export async function writeJobOutputs(
  dir: string,
  r: JobResult,
  orders: OrderEvents,
  centrePointMask: number,
  stamp?: JobStamp & { rows: number },
  options: JobOutputsWriteOptions = {},
): Promise<{ paths: string[]; record?: JobOutputRecord; digests: Record<string, PieceDigest> }> {
  const format = options.detailFormat ?? "parquet";
  const key = [r.securityCode, r.date];
  const metrics = r.cells.map((c, i) => [
    ...key,
    r.decimals,
    cellGroup(i),
    cellBandName(i) as string,
    ...GROUP_SUM_FIELDS.map((f) => c[f]),
  ]);
  // Synchronous file calls: a job runs in a worker thread, where an await per file call left the
  // thread idle between them (in the jobs phase 15–20 % of a worker's time was such waits).
  mkdirSync(dir, { recursive: true });
  const names = [...jobFiles(format).slice(0, 4)];
  const paths = names.map((name) => join(dir, name));
  // One file after the other, orders.csv.gz streamed: a job's memory holds one file at a time.
  const written: RecordedFile[] = [];
  if (format === "csv.gz") {
    written.push(
      await writeGzipStream(
        paths[0] as string,
        "orders.csv.gz",
        ordersCsvChunks(ORDERS_TABLE, JOB_ORDER_COLUMNS, r, orders, centrePointMask),
      ),
    );
    const { classified, simulation } = sweepCsv(CLASSIFIED_COLUMNS, SIMULATION_COLUMNS, r);
    written.push(writeOne(paths[1] as string, "classified.csv.gz", classified));
    written.push(writeOne(paths[2] as string, "simulation.csv.gz", simulation));
  } else {
    // Each file written as its pages are made: never held whole (nor its compressed pages).
    const orderParts = ordersParquetParts(r, orders, centrePointMask);
    written.push(writeParts(paths[0] as string, "orders.parquet", orderParts));
    written.push(writeParts(paths[1] as string, "classified.parquet", sweepTableParts(CLASSIFIED_TABLE, r)));
    written.push(writeParts(paths[2] as string, "simulation.parquet", sweepTableParts(SIMULATION_TABLE, r)));
  }
  written.push(writeOne(paths[3] as string, "metrics.csv", csv(METRICS_COLUMNS, metrics)));
  let record: JobOutputRecord | undefined;
  if (stamp !== undefined) {
    const { rows, ...fingerprints } = stamp;
    record = {
      format: JOB_RECORD_FORMAT,
      stamp: fingerprints,
      rows,
      sweeps: r.sweeps.length,
      files: written.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      decimals: r.decimals,
      sums: r.sums,
      jsonSha256: UNSEALED_JSON_SHA256,
    };
  }
  const last = join(dir, "job.json");
  // A record seals job.json's own text: an edit by hand makes the job not current.
  const json = record === undefined ? { text: jobJson(r, record), sha256: "" } : sealJobJson(jobJson(r, record));
  if (record !== undefined) record.jsonSha256 = json.sha256;
  writeOne(last, "job.json", json.text);
  // Each file's inode and times as written, so a rerun proves it intact by a stat (file-digests.ts).
  const digests: Record<string, PieceDigest> = {};
  for (const f of written) {
    const d = writtenDigest(join(dir, f.name), f);
    if (d !== undefined) digests[f.name] = d;
  }
  return { paths: [...paths, last], ...(record === undefined ? {} : { record }), digests };
}

/** {@link writeFileAtomicSync} with `.gz` names gzipped at {@link GZIP_LEVEL}. Returns the file's size and sha256. */
function writeOne(path: string, name: string, data: Uint8Array | string): RecordedFile {
  return recordFile(name, writeFileAtomicSync(path, data, GZIP_LEVEL));
}

/** Bytes gathered before a write call in {@link writeParts}. */
const WRITE_BYTES = 1 << 20;

/**
 * Temp file + rename of a file made of `parts` (asked for one by one, so it is never held whole),
 * written in calls of about {@link WRITE_BYTES}. Returns the file's size and sha256.
 */
function writeParts(path: string, name: string, parts: Iterable<Uint8Array>): RecordedFile {
  const tmp = tempBeside(path);
  const hash = createHash("sha256");
  let bytes = 0;
  const fd = openSync(tmp, "w");
  try {
    const pending = new Uint8Array(WRITE_BYTES);
    let fill = 0;
    const flush = (): void => {
      writeAll(fd, pending.subarray(0, fill));
      fill = 0;
    };
    for (const part of parts) {
      hash.update(part);
      bytes += part.byteLength;
      if (fill + part.byteLength > pending.length) flush();
      if (part.byteLength >= pending.length) writeAll(fd, part);
      else {
        pending.set(part, fill);
        fill += part.byteLength;
      }
    }
    flush();
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  return { name, bytes, sha256: hash.digest("hex") };
}

/** Writes all of `bytes` at the file's position. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/**
 * Temp file + rename of a `.gz` file streamed from `chunks` (gzip at {@link GZIP_LEVEL}): the same
 * bytes as gzipping their concatenation at once (zlib's output does not depend on how its input is
 * cut when nothing is flushed); each chunk asked for when the file can take it. Returns the file's
 * size and sha256.
 */
export async function writeGzipStream(path: string, name: string, chunks: Iterable<Uint8Array>): Promise<RecordedFile> {
  const tmp = tempBeside(path);
  const hash = createHash("sha256");
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      done(null, chunk);
    },
  });
  try {
    const source = Readable.from(chunks, { highWaterMark: 1 });
    await pipeline(source, createGzip({ level: GZIP_LEVEL }), count, createWriteStream(tmp));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { name, bytes, sha256: hash.digest("hex") };
}

/** The job summary without the per-order columns (those are in the CSV files); the sums only in the record. */
function jobJson(r: JobResult, record: JobOutputRecord | undefined): string {
  const { sweeps: _sweeps, sums: _sums, ...rest } = r;
  return (
    JSON.stringify(
      record === undefined ? rest : { ...rest, record: { ...record, sums: jobSumsJson(record.sums) } },
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
      2,
    ) + "\n"
  );
}
