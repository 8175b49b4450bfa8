import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { splitByteRangesAt } from "../../io/csv/ranges.js";
import { isGzip, type ByteRange } from "../../io/csv/source.js";
import { STORE_LAYOUT } from "../../io/store/index.js";
import type { UnknownCodePolicy } from "../../model/unknown-codes.js";
import type { PartitionTask } from "../messages.js";

/**
 * The slice plan of `partition --shard i/N`: which part of the inputs each of N slices partitions.
 *
 * The inputs, in input order, are laid end to end on a line of `total` bytes cut into N equal
 * intervals; interval k is slice k's. A gzip file (it cannot be split) or a plain file under
 * 2 × minRangeBytes is one unit, owned by the slice whose interval holds its middle byte. A larger
 * plain file is cut where interval boundaries fall inside it (none closer than minRangeBytes to its
 * ends or to another cut), each cut moved to a row start by splitByteRangesAt (`avoidQuotedRecords`);
 * each segment is a unit owned by the slice whose interval holds its (unmoved) start. So slices
 * balance by bytes within one gzip file's size, and every machine that sees the same files, sizes
 * and contents computes the same plan (its `hash` is recorded by every slice and checked at the seal).
 *
 * A unit's id is `iiii-ss` (input index, segment index); its tasks write pieces tagged
 * `iiii-ss-rr` (rr: a worker's byte range inside the unit), which sort in input order, then byte
 * order, as a whole read meets the rows: a job reads a sharded store's rows in the whole store's order.
 */
export interface SliceUnit {
  /** `iiii-ss`: input index and segment index, zero-padded. */
  id: string;
  fileIndex: number;
  file: string;
  /** The segment's bytes; absent when the unit is the whole file. */
  range?: ByteRange;
  bytes: number;
  /** Whether it is the file's last segment (its end is the end of the file). */
  last: boolean;
  /** The slice that owns it. */
  slice: number;
}

/** The whole plan: every unit in input then byte order, and a hash naming the plan and its inputs. */
export interface SlicePlan {
  count: number;
  units: SliceUnit[];
  hash: string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** The id of unit (input `i`, segment `s`). */
export function unitId(i: number, s: number): string {
  return `${pad(i, 4)}-${pad(s, 2)}`;
}

/** The unit id a piece tag `iiii-ss-rr` belongs to; undefined for any other tag (e.g. a whole partition's `iiii-rr`). */
export function unitOfTag(tag: string): string | undefined {
  const m = /^(\d{4,}-\d{2,})-\d{2,}$/.exec(tag);
  return m?.[1];
}

/** The unit a `partition-<tag>.csv` rejects file belongs to, as {@link unitOfTag}. */
export function unitOfRejectsFile(name: string): string | undefined {
  const m = /^partition-(.+)\.csv$/.exec(name);
  return m === null ? undefined : unitOfTag(m[1] as string);
}

/**
 * Plans `count` slices over `files` (input order) whose fingerprints are `inputs`. Errors: file
 * system errors; `unreadable` when a plain file's header cannot be read.
 */
export async function planSlices(
  files: readonly string[],
  count: number,
  o: { minRangeBytes: number; inputs: Record<string, string>; unknownCodes: UnknownCodePolicy },
): Promise<SlicePlan> {
  const sizes: number[] = [];
  for (const f of files) sizes.push((await stat(f)).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const bound = (k: number): number => Math.floor((total * k) / count);
  const sliceAt = (x: number): number => {
    let k = 0;
    while (k + 1 < count && bound(k + 1) <= x) k++;
    return k;
  };
  const units: SliceUnit[] = [];
  let offset = 0;
  for (const [i, file] of files.entries()) {
    const size = sizes[i] as number;
    const cuts: number[] = [];
    if (!isGzip(file) && size >= 2 * o.minRangeBytes)
      for (let k = 1; k < count; k++) {
        const t = bound(k) - offset;
        const prev = cuts.at(-1) ?? 0;
        if (t - prev >= o.minRangeBytes && size - t >= o.minRangeBytes) cuts.push(t);
      }
    if (cuts.length === 0)
      units.push({ id: unitId(i, 0), fileIndex: i, file, bytes: size, last: true, slice: sliceAt(offset + size / 2) });
    else {
      const ranges = await splitByteRangesAt(file, { start: 0, end: size }, cuts, { avoidQuotedRecords: true });
      ranges.forEach((range, s) => {
        const slice = sliceAt(offset + (s === 0 ? 0 : (cuts[s - 1] as number)));
        const last = s === ranges.length - 1;
        units.push({ id: unitId(i, s), fileIndex: i, file, range, bytes: range.end - range.start, last, slice });
      });
    }
    offset += size;
  }
  const hash = createHash("sha256")
    .update(
      JSON.stringify({
        v: 1,
        // Slices written by another sweeplab (another store layout) are not this plan's.
        layout: STORE_LAYOUT,
        count,
        unknownCodes: o.unknownCodes,
        inputs: files.map((f) => [f, o.inputs[f] ?? ""]),
        units: units.map((u) => [u.id, u.range?.start ?? null, u.range?.end ?? null, u.slice]),
      }),
    )
    .digest("hex");
  return { count, units, hash };
}

/**
 * The partition tasks of one unit: a gzip file or a small unit is one task (`iiii-ss-00`); a plain
 * unit of at least 2 × minRangeBytes is split into at most `workers` row-aligned byte ranges
 * (`iiii-ss-rr`), as the whole partition splits a file. Each task writes its rejects to
 * `<outputDir>/rejects/partition-<tag>.csv`.
 */
export async function unitTasks(
  unit: SliceUnit,
  o: {
    workers: number;
    minRangeBytes: number;
    storeDir: string;
    outputDir: string;
    chunkSize: number;
    unknownCodes: UnknownCodePolicy;
  },
): Promise<PartitionTask[]> {
  const n = isGzip(unit.file) ? 1 : Math.max(1, Math.min(o.workers, Math.floor(unit.bytes / o.minRangeBytes)));
  const ranges: (ByteRange | undefined)[] = [unit.range];
  if (n > 1) {
    const within = unit.range ?? { start: 0, end: unit.bytes };
    const targets = Array.from({ length: n - 1 }, (_, r) => within.start + Math.floor((unit.bytes * (r + 1)) / n));
    ranges.splice(0, 1, ...(await splitByteRangesAt(unit.file, within, targets, { avoidQuotedRecords: true })));
  }
  return ranges.map((range, r) => unitTask(unit, range, `${unit.id}-${pad(r, 2)}`, o));
}

/** One task of `unit` over `range` (the whole unit when undefined) with piece tag `tag`. */
export function unitTask(
  unit: SliceUnit,
  range: ByteRange | undefined,
  tag: string,
  o: { storeDir: string; outputDir: string; chunkSize: number; unknownCodes: UnknownCodePolicy },
): PartitionTask {
  return {
    kind: "partition",
    file: unit.file,
    ...(range === undefined ? {} : { range }),
    storeDir: o.storeDir,
    tag,
    chunkSize: o.chunkSize,
    rejectsPath: join(o.outputDir, "rejects", `partition-${tag}.csv`),
    unknownCodes: o.unknownCodes,
  };
}
