/** The worker side of a parallel scan: one file or byte range → its {@link ScanPart}. */
import { createWriteStream, type WriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import { rejectToCsv } from "../../io/csv/rejects.js";
import { scanPart } from "../../io/scan/scan.js";
import { InputError, type RowReject } from "../../model/errors.js";
import type { ScanTask, ScanValue } from "../messages.js";

/** Fields per progress slot in the shared array: bytes read, rows, rejected. */
export const PROGRESS_FIELDS = 3;

/**
 * Runs one scan task: scans the file or range, appends its rejects (CSV lines, no header) to
 * `t.rejectsPath` in file order, publishes progress in its slot of `t.progress`, and returns the part.
 * An `InputError` met while reading comes back as `inputError`, not as a failed task.
 */
export async function scanTask(t: ScanTask): Promise<ScanValue> {
  const t0 = performance.now();
  const slots = t.progress === undefined ? undefined : new BigInt64Array(t.progress);
  const at = t.progressSlot * PROGRESS_FIELDS;
  const kept: RowReject[] = [];
  let out: WriteStream | undefined;
  try {
    const part = await scanPart(t.file, {
      ...(t.range === undefined ? {} : { range: t.range }),
      ...(t.chunkSize === undefined ? {} : { chunkSize: t.chunkSize }),
      ...(t.unknownCodes === undefined ? {} : { unknownCodes: t.unknownCodes }),
      onReject: (r) => {
        if (t.rejectsPath !== undefined) {
          out ??= createWriteStream(t.rejectsPath);
          out.write(rejectToCsv(r));
        }
        if (t.returnRejects) kept.push(r);
      },
      ...(slots === undefined
        ? {}
        : {
            onProgress: (p) => {
              Atomics.store(slots, at, BigInt(p.bytesRead));
              Atomics.store(slots, at + 1, BigInt(p.rows));
              Atomics.store(slots, at + 2, BigInt(p.rejected));
            },
          }),
    });
    return { kind: "scan", part, ...(t.returnRejects ? { rejects: kept } : {}), ms: performance.now() - t0 };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { kind: "scan", inputError: { code: e.code, file: e.file, message: e.message }, ms: performance.now() - t0 };
  } finally {
    const s: WriteStream | undefined = out;
    if (s !== undefined)
      await new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
