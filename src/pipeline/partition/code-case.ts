/**
 * Security codes that differ only in case (`bhp` and `BHP`). Codes are compared exactly everywhere
 * (two securities), but each becomes a folder name — `by_security/SEC_<code>/` of the outputs and
 * `<table>/security=<code>/` of the store — and on a case-insensitive disk (macOS, Windows, or an
 * output folder copied there) the two are one folder, where one security's files overwrite the
 * other's without a word. A run holding such codes is refused after its partition pass (the first
 * read of the rows: the codes are not known before it), before any job.
 */

import { byteChunks, countNewlines, isGzip } from "../../io/csv/source.js";
import { SweeplabError } from "../../model/errors.js";

/** Where a security code was first seen: an input file and, when known, its 1-based physical line. */
export interface CodeSeen {
  securityCode: string;
  /** The input file (or, with no file at hand, the store folder that holds the code). */
  file: string;
  /** 1-based physical line of the file (the header is line 1). */
  line?: number;
}

/** Text order by UTF-16 code units (as the rest of the toolkit sorts codes). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The pairs of codes in `seen` equal but for case, each code with where it was seen first (its first
 * entry in `seen`, which lists sightings in input order): for each group of such codes (by their
 * lower-case form, groups in that order), its first spelling (by code-unit order) paired with each
 * other spelling. Codes met more than once under one spelling never clash. Pure.
 */
export function caseClashes<T extends Pick<CodeSeen, "securityCode">>(seen: readonly T[]): [T, T][] {
  const first = new Map<string, T>();
  for (const s of seen) if (!first.has(s.securityCode)) first.set(s.securityCode, s);
  const groups = new Map<string, T[]>();
  for (const s of first.values()) {
    const key = s.securityCode.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: [T, T][] = [];
  for (const key of [...groups.keys()].sort(byText)) {
    const [head, ...rest] = (groups.get(key) as T[]).sort((a, b) => byText(a.securityCode, b.securityCode));
    for (const other of rest) out.push([head as T, other]);
  }
  return out;
}

/** A code's first accepted row: the file, and its byte offset there when known (a line is found from it). */
export interface CodeAt {
  securityCode: string;
  file: string;
  /** Byte offset of the row in the file (decompressed for `.gz`). */
  offset?: number | undefined;
}

/**
 * The codes of a store's pieces, each seen in its folder `<storeDir>/<table>/security=<code>` (for
 * a store already written: no input line is at hand).
 */
export function piecesSeen(storeDir: string, pieces: readonly { securityCode: string; path: string }[]): CodeAt[] {
  return pieces.map((p) => ({
    securityCode: p.securityCode,
    file: `${storeDir}/${p.path.slice(0, Math.max(0, p.path.indexOf("/date=")))}`,
  }));
}

/**
 * Throws {@link SecurityCaseError} when codes of `seen` (in input order) differ only in case, each
 * named with the line of its first row (found from its offset; the file alone when that cannot be
 * read), after `before` (e.g. removing the store just written). Errors: SecurityCaseError.
 */
export async function assertNoCaseClash(seen: readonly CodeAt[], before?: () => Promise<unknown>): Promise<void> {
  const clashes = caseClashes(seen);
  if (clashes.length === 0) return;
  const located = async (s: CodeAt): Promise<CodeSeen> => {
    const line = s.offset === undefined ? undefined : await lineAt(s.file, s.offset).catch(() => undefined);
    return line === undefined
      ? { securityCode: s.securityCode, file: s.file }
      : { securityCode: s.securityCode, file: s.file, line };
  };
  const named = await Promise.all(
    clashes.map(async ([a, b]): Promise<[CodeSeen, CodeSeen]> => [await located(a), await located(b)]),
  );
  await before?.();
  throw new SecurityCaseError(named);
}

/** Where a code was seen, as a message says it: `/d/orders.csv line 12` (or the file alone). */
function where(s: CodeSeen): string {
  return s.line === undefined ? s.file : `${s.file} line ${s.line}`;
}

/**
 * Security codes of a run that differ only in case (code `security_case_clash`): their output and
 * store folders would be one folder on a case-insensitive disk. Thrown before any job (the store the
 * partition pass wrote is removed first); `clashes` lists every pair ({@link caseClashes}), the
 * message (one line) names the first pair, where each code was first seen (file and line), both
 * folders and what to do.
 */
export class SecurityCaseError extends SweeplabError {
  override readonly name = "SecurityCaseError";
  readonly code = "security_case_clash";
  constructor(readonly clashes: readonly [CodeSeen, CodeSeen][]) {
    const [a, b] = clashes[0] as [CodeSeen, CodeSeen];
    const [x, y] = [a.securityCode, b.securityCode];
    const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more such pair(s))` : "";
    super(
      `security codes ${x} (${where(a)}) and ${y} (${where(b)}) differ only in case${more}: their folders ` +
        `by_security/SEC_${x} and SEC_${y} (and the store's security=${x} and security=${y}) are one folder ` +
        `on a case-insensitive disk (macOS, Windows), where one would overwrite the other; no job was run: ` +
        `spell each security one way in the inputs (codes are compared exactly), or leave the files of one out of inputs, then run again`,
    );
  }
}

/** Read chunk of {@link lineAt} in a `.gz` file. */
const LINE_CHUNK = 1024 * 1024;

/**
 * The 1-based physical line of `file` that starts at byte `offset` (of the decompressed bytes of a
 * `.gz` file): one more than the LFs before it. Reads the file up to there; only for a message.
 * Errors: InputError `unreadable` (a file gone since it was read).
 */
export async function lineAt(file: string, offset: number): Promise<number> {
  if (!isGzip(file)) return (await countNewlines(file, offset)) + 1;
  let line = 1;
  let at = 0;
  for await (const b of byteChunks(file, LINE_CHUNK)) {
    const n = Math.min(b.length, offset - at);
    for (let i = b.indexOf(0x0a); i >= 0 && i < n; i = b.indexOf(0x0a, i + 1)) line++;
    if ((at += b.length) >= offset) break;
  }
  return line;
}
