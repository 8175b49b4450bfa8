/**
 * What a run says about input files whose rows were all rejected: a file in another layout (sides
 * written B/S, a stray quote in every row) is otherwise one number in the partition line, and the
 * run goes on without it.
 */

/** A file's read counts, as the partition phase reports them. */
export interface FileCounts {
  file: string;
  rowsRead: number;
  accepted: number;
  rejectsByCode: Readonly<Partial<Record<string, number>>>;
}

/** The commonest reject codes of `files` with their counts, most first (ties by code): `unknown_side 3, csv_syntax 1`. */
export function topRejectCodes(files: readonly Pick<FileCounts, "rejectsByCode">[], shown = 3): string {
  const byCode = new Map<string, number>();
  for (const f of files)
    for (const [code, n] of Object.entries(f.rejectsByCode)) byCode.set(code, (byCode.get(code) ?? 0) + (n ?? 0));
  return [...byCode]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, shown)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
}

/**
 * One warning per file that had rows and kept none (each row rejected), naming the file, its
 * commonest reject codes and the rejects folder `rejectsDir`; a file with any row kept, or none
 * read, gets none. In file order.
 */
export function rejectedFileWarnings(files: readonly FileCounts[], rejectsDir: string): string[] {
  return files
    .filter((f) => f.rowsRead > 0 && f.accepted === 0)
    .map(
      (f) =>
        `${f.file}: all ${f.rowsRead} rows rejected (${topRejectCodes([f])}): each with its line and reason in ${rejectsDir}`,
    );
}
