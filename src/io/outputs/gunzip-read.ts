/**
 * The one way the job-output readers stream a `.csv.gz` file (a job's `simulation.csv.gz`, any
 * detail table's): file → gunzip (→ a parser such as csv-parse) → each item to a callback, and the
 * streams' errors as the readers' typed errors (`truncated_gzip`, `csv_syntax`, `unreadable`).
 */
import { createReadStream } from "node:fs";
import type { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { CsvError } from "csv-parse/sync";
import { csvSyntax, JobOutputsError } from "./job-outputs-rows.js";

/**
 * Streams `file` through gunzip, then `via` when given (else the decompressed chunks as Buffers),
 * handing each item to `onItem`, one at a time. An error `onItem` throws (a bad row) is rethrown as
 * it is; an error of the streams becomes a {@link JobOutputsError} ({@link gunzipError}).
 */
export async function eachGunzipped<T>(file: string, onItem: (item: T) => void, via?: Transform): Promise<void> {
  // Only the loop body marks an error as ours: a gunzip error may reach `for await` through the
  // iterator before pipeline() rejects with it (7 times in 500 here), and it is still the stream's.
  let own: { error: unknown } | undefined;
  const sink = async (items: AsyncIterable<T>): Promise<void> => {
    for await (const item of items) {
      try {
        onItem(item);
      } catch (e) {
        own = { error: e };
        throw e;
      }
    }
  };
  try {
    if (via === undefined) await pipeline(createReadStream(file), createGunzip(), sink);
    else await pipeline(createReadStream(file), createGunzip(), via, sink);
  } catch (e) {
    if (own !== undefined) throw own.error;
    throw gunzipError(file, e);
  }
}

/**
 * An error met streaming `file` as a {@link JobOutputsError}: `csv_syntax` (csv-parse's, with its
 * line), `truncated_gzip` (zlib's `Z_…`: the stream ends early or is corrupt), else `unreadable`
 * (naming the system error's code); a `JobOutputsError` as it is.
 */
export function gunzipError(file: string, e: unknown): JobOutputsError {
  if (e instanceof JobOutputsError) return e;
  if (e instanceof CsvError) return csvSyntax(file, e);
  const code = (e as NodeJS.ErrnoException).code ?? "";
  if (code.startsWith("Z_"))
    return new JobOutputsError("truncated_gzip", file, 0, "", `is not a complete gzip stream (${String(e)})`);
  return new JobOutputsError("unreadable", file, 0, "", `cannot be read (${code === "" ? String(e) : code})`);
}
