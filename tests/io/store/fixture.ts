import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import { join, relative } from "node:path";
import { generate } from "../../../src/gen/index.js";
import { expandInputs } from "../../../src/io/inputs/inputs.js";
import { splitByteRanges } from "../../../src/io/csv/ranges.js";
import type { FileReport } from "../../../src/io/csv/reader.js";
import { partitionFile, type PieceInfo } from "../../../src/io/store/index.js";
import type { RowReject } from "../../../src/model/errors.js";
import type { Partition } from "../../../src/model/partition.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../../helpers.js";

/** Above 2^63: a UInt64 id that a signed Int64 or a JS number would corrupt. */
export const HUGE_ID = 18_446_744_073_709_551_615n;
export const ABOVE_2_63_ID = 9_223_372_036_854_775_809n;

/**
 * A generated data set (plain CSV, ~20k order rows, 3 securities × 2 dates across the Sydney DST
 * start) plus `orders/orders-zz-extra.csv`: ids above 2^63 and two rows that tie on (timestamp,
 * sequence) with the first row of the first orders file, in another file and out of id order, so
 * only the tie rule (their other values, order_id first) orders them.
 */
export async function makeDataSet(): Promise<string> {
  const dir = tmp("sweeplab-store-data-");
  const g = await generate({ orders: 20_000, securities: 3, dates: 2, seed: 11, outDir: dir, startDate: "2024-10-04" });
  const first = g.files.find((f) => f.includes("orders-"))!;
  const [header, row] = readFileSync(first, "utf8").split("\n", 2) as [string, string];
  const names = header.split(",");
  const field = (n: string): string => row.split(",")[names.indexOf(n)]!;
  const at = { timestamp: field("timestamp"), security_code: field("security_code"), changereason: 6 };
  writeFixture(
    join(dir, "orders"),
    "orders-zz-extra.csv",
    [
      ORDERS_HEAD,
      stubOrder({ ...at, order_id: HUGE_ID, sequence: 1 }),
      stubOrder({ ...at, order_id: ABOVE_2_63_ID, sequence: 2 }),
      stubOrder({ ...at, order_id: 5, sequence: field("sequence") }),
      stubOrder({ ...at, order_id: 4, sequence: field("sequence") }),
    ].join("\n") + "\n",
  );
  return dir;
}

/** Options of {@link partitionAll}. */
export interface PartitionAllOptions {
  flushRows?: number;
  /** Byte ranges per uncompressed orders file (default 3); other files are read whole. */
  orderRanges?: number;
  onReject?: (r: RowReject) => void;
}

/**
 * Partitions every input file of `inputs` into `storeDir` as the orchestration will: files in
 * expandInputs order, tag `${fileIndex}-${rangeIndex}`, orders split into byte ranges.
 */
export async function partitionAll(
  inputs: readonly string[],
  storeDir: string,
  o: PartitionAllOptions = {},
): Promise<{ reports: FileReport[]; pieces: PieceInfo[] }> {
  const reports: FileReport[] = [];
  const pieces: PieceInfo[] = [];
  for (const [fi, file] of (await expandInputs(inputs)).entries()) {
    const split = /orders[^/]*\.csv$/.test(file);
    const ranges = split ? await splitByteRanges(file, o.orderRanges ?? 3) : [undefined];
    for (const [ri, range] of ranges.entries()) {
      const r = await partitionFile({
        file,
        ...(range === undefined ? {} : { range }),
        storeDir,
        tag: `${fi}-${ri}`,
        ...(o.flushRows === undefined ? {} : { flushRows: o.flushRows }),
        ...(o.onReject === undefined ? {} : { onReject: o.onReject }),
      });
      reports.push(r.report);
      pieces.push(...r.pieces);
    }
  }
  return { reports, pieces };
}

/** Every file under `dir`: relative path → sha256 of its bytes (quick to compare, readable diffs). */
export function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (d.isFile()) {
      const path = join(d.parentPath, d.name);
      out[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  return out;
}

/** Deep equality of partitions: node's fast check, and vitest's diff only when it fails. */
export function expectSamePartition(got: Partition, want: Partition): void {
  if (!isDeepStrictEqual(got, want)) expect(got).toStrictEqual(want);
}
