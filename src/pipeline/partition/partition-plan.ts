import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { splitByteRanges } from "../../io/csv/ranges.js";
import { isGzip } from "../../io/csv/source.js";
import { removePiecesOfTags } from "../../io/store/index.js";
import type { UnknownCodePolicy } from "../../model/unknown-codes.js";
import type { PartitionTask, PartitionValue } from "../messages.js";

/**
 * The partition phase's tasks: one per file, or one per byte range of a large uncompressed file,
 * and the file partitioned again whole when a range boundary cut a quoted record spanning lines.
 *
 * Why verify and redo rather than only a quote-aware split: where a record starts depends on every
 * quote before it (and on how the reader recovers from a bad one: a quote never closed is given up
 * after 1000 lines or 1 MiB), so only a read from the start of the file knows it; a split that
 * guessed from the bytes near a boundary could be wrong, silently. So the split only makes a cut
 * unlikely (`avoidQuotedRecords`: a boundary after a line that looks like a plain record, which
 * keeps files with multi-line values parallel), and each range's reader reports
 * whether it ended inside an open quoted record (`FileReport.cutRecord`). The reader carries no
 * other state from line to line, so by induction from range 0 (which starts where a whole read
 * does): when no range but the last ends inside a record, every range starts where the whole read
 * is between records and the ranges give exactly the whole read's rows, rejects and counts. When
 * one does, the file's range pieces and rejects files are removed and the file is partitioned
 * again whole, as one worker would, with the same tag: the same piece files, rejects file and
 * report, byte for byte. Cost: the file is read twice, the second time on one thread (rare).
 */

/** The tag of range `r` of input `i`: `iiii-rr` (range 0, or the whole file, is `iiii-00`). */
function tagOf(i: number, r: number): string {
  return `${String(i).padStart(4, "0")}-${String(r).padStart(2, "0")}`;
}

/**
 * Plans the tasks, in input order then range order: an uncompressed file of at least 2 ×
 * `minRangeBytes` is split into at most `workers` row-aligned byte ranges (splitByteRanges with
 * `avoidQuotedRecords`), a gzip file is one task. Returns the tasks and the planned inputs' total size in bytes.
 */
export async function planPartitionTasks(
  files: readonly string[],
  o: {
    workers: number;
    minRangeBytes: number;
    storeDir: string;
    outputDir: string;
    chunkSize: number;
    unknownCodes?: UnknownCodePolicy;
    /** Indices of files not to plan (kept from the store: partition-reuse.ts). */
    skip?: ReadonlySet<number>;
  },
): Promise<{ tasks: PartitionTask[]; bytes: number }> {
  const tasks: PartitionTask[] = [];
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    if (o.skip?.has(i) === true) continue;
    const size = (await stat(file)).size;
    bytes += size;
    const n = isGzip(file) ? 1 : Math.max(1, Math.min(o.workers, Math.floor(size / o.minRangeBytes)));
    const ranges = n === 1 ? [undefined] : await splitByteRanges(file, n, { avoidQuotedRecords: true });
    ranges.forEach((range, r) => {
      const tag = tagOf(i, r);
      tasks.push({
        kind: "partition",
        file,
        ...(range === undefined ? {} : { range }),
        storeDir: o.storeDir,
        tag,
        chunkSize: o.chunkSize,
        rejectsPath: join(o.outputDir, "rejects", `partition-${tag}.csv`),
        ...(o.unknownCodes === undefined ? {} : { unknownCodes: o.unknownCodes }),
      });
    });
  }
  return { tasks, bytes };
}

/** The files one of whose byte ranges (read without failing) ended inside a quoted record. */
export function filesToRedo(
  tasks: readonly PartitionTask[],
  values: ReadonlyMap<PartitionTask, PartitionValue>,
): Set<string> {
  const redo = new Set<string>();
  for (const t of tasks) if (t.range !== undefined && values.get(t)?.report.cutRecord === true) redo.add(t.file);
  return redo;
}

/**
 * Discards what the range tasks of the files in `redo` wrote (every piece of their tags, their
 * rejects files) and returns the task list with each such file's ranges replaced by one task over
 * the whole file, in the same place, with the tag and rejects file of range 0: the one-worker task.
 * `whole` lists the new tasks.
 */
export async function replanWhole(
  tasks: readonly PartitionTask[],
  redo: ReadonlySet<string>,
  storeDir: string,
): Promise<{ tasks: PartitionTask[]; whole: PartitionTask[]; dropped: PartitionTask[] }> {
  const dropped = tasks.filter((t) => redo.has(t.file));
  await removePiecesOfTags(storeDir, new Set(dropped.map((t) => t.tag)));
  for (const t of dropped) await rm(t.rejectsPath, { force: true });
  const out: PartitionTask[] = [];
  const whole: PartitionTask[] = [];
  for (const t of tasks) {
    if (!redo.has(t.file)) out.push(t);
    else if (t.range?.start === 0) {
      const { range: _range, ...rest } = t;
      whole.push(rest);
      out.push(rest);
    }
  }
  return { tasks: out, whole, dropped };
}
