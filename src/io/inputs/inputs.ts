import { InputError } from "../../model/errors.js";
import type { TableKind } from "../../model/schemas.js";
import { readHeader, recogniseTable, type ReferenceKind } from "../csv/header.js";
import { sameContent } from "./input-dedupe.js";
import { walkInputs, type Candidate, type SkippedFolder } from "./input-walk.js";

export { OUTPUT_MARKER, type SkipCode, type SkippedFolder } from "./input-walk.js";

/**
 * A data file to read: its table, recognised from its header. `table` is absent when the header
 * could not be read or matched no table but the file was named explicitly or like a table: the
 * header check (`openTable`) then reports why.
 */
export interface DataInput {
  file: string;
  table?: TableKind;
}

/** A reference table found among the inputs; `note` says whether the run uses it. */
export interface ReferenceInput {
  file: string;
  table: ReferenceKind;
  note?: string;
}

/** A file read once although reached twice: `same_file` (another path to it), `same_content` (a copy). */
export interface DuplicateInput {
  /** The path not read. */
  file: string;
  /** The path read instead. */
  sameAs: string;
  reason: "same_file" | "same_content";
  /**
   * Set on a copy (`same_content`) whose text differs from that of `sameAs` only in its line ends
   * (CRLF for LF, the last row's line end, blank lines after it) or a leading UTF-8 byte order mark
   * (both once decompressed): `line_ends`.
   */
  differsIn?: "line_ends";
}

/**
 * What the inputs hold, every list sorted by path: the data files to read, the reference tables
 * found, the files ignored (with the reason), the duplicates read once and the folders not walked.
 * Nothing met is left out of it.
 */
export interface InputListing {
  data: DataInput[];
  reference: ReferenceInput[];
  ignored: { file: string; reason: string }[];
  duplicates: DuplicateInput[];
  skipped: SkippedFolder[];
}

/** Options of {@link discoverInputs}. */
export interface DiscoverOptions {
  /** The run's own output folder: never read as input (even before it holds the output marker). */
  outputDir?: string;
}

// A name like `orders.csv`, `my-trades.csv.gz`, `nbbo_2024.csv`: such a file is never just ignored.
const TABLE_NAME = /(^|[^a-z])(orders|trades|nbbo)([^a-z]|$)/i;
const byFile = <T extends { file: string }>(a: T, b: T): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/**
 * Finds the inputs' tables by content. Each input is a file, a folder (searched recursively for
 * `.csv` / `.csv.gz` files, extension of any case) or a glob; each file's table (orders, trades,
 * NBBO; instruments, participants, sessions) is recognised from its header, whatever its name.
 * A file reached twice (overlapping inputs, links) is read once, as is a copy under another name
 * (the same bytes, the same bytes once decompressed, or the same text but for CRLF line ends and a
 * byte order mark); folders holding `.sweeplab-output.json` and `options.outputDir` are not read;
 * link loops are not followed twice. A file found in a folder or by a glob whose header matches no
 * table is ignored, with the reason; one named explicitly (or named like a table: `…orders…`,
 * `…trades…`, `…nbbo…`) stays a data file so the header check reports what is wrong with it.
 * Errors: InputError `unreadable` for an input that matches nothing or holds no table (naming what
 * was ignored), and when no data file is left at all.
 */
export async function discoverInputs(inputs: readonly string[], options: DiscoverOptions = {}): Promise<InputListing> {
  const walked = await walkInputs(inputs, options.outputDir);
  for (const i of walked.empty)
    throw new InputError(
      "unreadable",
      inputs[i] as string,
      "matches no file (expected a file, a folder holding .csv or .csv.gz files, or a glob)",
    );
  const listing: InputListing = {
    data: [],
    reference: [],
    ignored: [...walked.unreadable],
    duplicates: [],
    skipped: walked.skipped,
  };
  const kept = keepOnePerRealFile(walked.candidates, listing.duplicates);
  const inputsOf = new Map<string, Set<number>>();
  for (const c of walked.candidates) inputsOf.set(c.path, (inputsOf.get(c.path) ?? new Set()).add(c.input));
  for (const c of kept) await classify(c, listing);
  const copies = await sameContent([
    ...listing.data.filter((d) => d.table !== undefined).map((d) => d.file),
    ...listing.reference.map((r) => r.file),
  ]);
  const dropped = new Set(copies.map((c) => c.file));
  listing.data = listing.data.filter((d) => !dropped.has(d.file));
  listing.reference = listing.reference.filter((r) => !dropped.has(r.file));
  listing.duplicates.push(...copies.map((c) => ({ ...c, reason: "same_content" as const })));
  for (const l of [listing.data, listing.reference, listing.ignored, listing.duplicates]) l.sort(byFile);
  listing.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // An input whose every file was ignored is most likely a mistake: say what was found there.
  const used = new Set(
    [...listing.data, ...listing.reference, ...listing.duplicates].flatMap((f) => [...(inputsOf.get(f.file) ?? [])]),
  );
  for (const [i, input] of inputs.entries()) {
    const ignored = listing.ignored.filter((f) => inputsOf.get(f.file)?.has(i) === true);
    if (!used.has(i) && ignored.length > 0)
      throw new InputError(
        "unreadable",
        input,
        `holds no orders, trades or NBBO file nor a reference table; ignored: ${ignored.map((f) => `${f.file}: ${f.reason}`).join("; ")}`,
      );
  }
  if (listing.data.length === 0) {
    const notRead = [
      ...listing.skipped.map((s) => `${s.path}: ${s.reason}`),
      ...listing.ignored.map((f) => `${f.file}: ${f.reason}`),
    ];
    throw new InputError(
      "unreadable",
      inputs.join(", "),
      `no orders, trades or NBBO file among the inputs${notRead.length > 0 ? ` (not read: ${notRead.join("; ")})` : ""}`,
    );
  }
  return listing;
}

/** One candidate per real file: the first reached without a link, else the first reached. */
function keepOnePerRealFile(candidates: readonly Candidate[], duplicates: DuplicateInput[]): Candidate[] {
  const first = new Map<string, Candidate>();
  for (const c of candidates) {
    const prev = first.get(c.real);
    if (prev === undefined || (c.direct && !prev.direct)) first.set(c.real, c);
  }
  for (const c of candidates) {
    const keep = first.get(c.real) as Candidate;
    if (keep !== c && c.path !== keep.path) duplicates.push({ file: c.path, sameAs: keep.path, reason: "same_file" });
  }
  return [...first.values()];
}

async function classify(c: Candidate, listing: InputListing): Promise<void> {
  const mustCheck = c.named || TABLE_NAME.test(baseName(c.path));
  let names: string[];
  try {
    names = (await readHeader(c.path)).names;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (mustCheck) listing.data.push({ file: c.path });
    else
      listing.ignored.push({
        file: c.path,
        reason: `header cannot be read [${e.code}]: ${e.message.slice(c.path.length + 2)}`,
      });
    return;
  }
  const kind = recogniseTable(names);
  if (kind === "orders" || kind === "trades" || kind === "nbbo") listing.data.push({ file: c.path, table: kind });
  else if (kind !== undefined) listing.reference.push({ file: c.path, table: kind });
  else if (mustCheck) listing.data.push({ file: c.path });
  else
    listing.ignored.push({
      file: c.path,
      reason: `header matches no known table: first columns ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`,
    });
}

/**
 * The data files of the inputs, sorted: {@link discoverInputs} without the rest of the listing.
 * Errors as {@link discoverInputs}.
 */
export async function expandInputs(inputs: readonly string[], options: DiscoverOptions = {}): Promise<string[]> {
  return (await discoverInputs(inputs, options)).data.map((d) => d.file);
}
