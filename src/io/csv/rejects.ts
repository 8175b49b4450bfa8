import type { WriteStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { RowReject } from "../../model/errors.js";

/** Columns of a rejects file, in order. */
export const REJECTS_HEADER = ["file", "line", "column", "column_name", "code", "message", "text"] as const;

/** One reject as a CSV line (quoted where needed by csv-stringify). */
export function rejectToCsv(r: RowReject): string {
  return stringify([[r.file, r.line, r.column, r.columnName, r.code, r.message, r.text]]);
}

/**
 * Appends rejected rows to a CSV file (header first), like DuckDB's rejects table: file, line,
 * column, column name, error code, message and the offending text. Counts what it wrote.
 */
export class RejectsWriter {
  count = 0;
  private stream: WriteStream | undefined;
  private constructor(readonly path: string) {}

  /**
   * Creates (truncates) the rejects file at `path`, making its folder. Rejects with the file
   * system's error (EISDIR, EACCES, …, naming the path) when it cannot be opened.
   */
  static async create(path: string): Promise<RejectsWriter> {
    const w = new RejectsWriter(path);
    w.stream = await openWriteFile(path);
    w.stream.write(REJECTS_HEADER.join(",") + "\n");
    return w;
  }

  /** Appends one reject. */
  write(r: RowReject): void {
    this.count++;
    this.stream?.write(rejectToCsv(r));
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    const s = this.stream;
    if (s === undefined) return;
    this.stream = undefined;
    await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

/**
 * Opens `path` for writing (made or truncated; its folder made first) and returns a stream over it.
 * The open is awaited, so a path that cannot be written (a folder: EISDIR; EACCES, …) rejects here,
 * naming the path, instead of failing later as a stream 'error' event nothing listens to (which
 * ended the process with a stack trace: `sweeplab scan --rejects <a folder>`).
 */
export async function openWriteFile(path: string): Promise<WriteStream> {
  await mkdir(dirname(path), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    // A file where a folder of the path should be: Node says only "EEXIST: file already exists, mkdir".
    if (e.code === "EEXIST" || e.code === "ENOTDIR")
      e.message = `${path} cannot be written: a file is in the way of its folder (${e.message}); choose another path`;
    throw e;
  });
  const handle = await open(path, "w");
  return handle.createWriteStream();
}
