import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import { loadOnce } from "./reference-cache.js";
import type { z } from "zod";
import { InputError, InputErrors } from "../../model/errors.js";
import { compareNumericText } from "../../model/numeric-text.js";
import { DEFAULT_DECIMALS } from "../../model/price.js";
import {
  Instrument,
  INSTRUMENT_REQUIRED,
  Participant,
  PARTICIPANT_REQUIRED,
  SESSION_REQUIRED,
  SessionPhase,
} from "../../model/reference.js";
import { comparePhaseTies, isOpenPhase, phaseSequence, SessionWindowBuilder } from "../../model/session-window.js";
import { isGzip } from "../csv/source.js";

/** The columns the reference readers use, by their lower-case name: a header may spell them in any case. */
const REFERENCE_COLUMNS = new Map(
  [
    ...INSTRUMENT_REQUIRED,
    ...PARTICIPANT_REQUIRED,
    ...SESSION_REQUIRED,
    "Name",
    "ParticipantType",
    "Sequence",
    "TradeDate",
    "isEndOfTrading",
  ].map((n) => [n.toLowerCase(), n]),
);

/**
 * Streams a reference file's rows through `schema` into `onRow`, so that a long file (a sessions
 * file of a year of every book) is never held whole: only what `onRow` keeps stays in memory. A
 * text `onRow` returns is a problem of that row (listed with its line, as a row the schema refuses).
 * Errors (InputError): `unreadable` (cannot be read, a broken gzip or CSV, or bad rows — all of them
 * listed with their line), `empty_file` (no header line), `missing_column`.
 */
async function forEachReferenceRow<T extends z.ZodType>(
  path: string,
  schema: T,
  required: readonly string[],
  onRow: (row: z.infer<T>, record: Readonly<Record<string, string>>, line: number) => string | void,
): Promise<void> {
  let header: string[] | undefined;
  const problems: string[] = [];
  // Real ob.csv and session.csv put a space before the header and before each row: trim both.
  const parser = parse({
    bom: true,
    columns: (h: string[]) => {
      // A known name in another case (`decimalsinprice`, `ORDERBOOKID`) is read as its column.
      const trimmed = h.map((n) => n.trim());
      const present = new Set(trimmed);
      header = trimmed.map((n) => {
        const known = REFERENCE_COLUMNS.get(n.toLowerCase());
        return known !== undefined && !present.has(known) ? known : n;
      });
      const missing = required.filter((n) => !(header ?? []).includes(n));
      if (missing.length > 0)
        throw new InputError("missing_column", path, `missing required column(s): ${missing.join(", ")}`, missing);
      return header;
    },
    trim: true,
    skip_empty_lines: true,
    info: true,
  });
  const sink = async (records: AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) => {
    for await (const { record, info } of records) {
      const r = schema.safeParse(record);
      if (r.success) {
        const problem = onRow(r.data, record, info.lines);
        if (typeof problem === "string") problems.push(`line ${info.lines}: ${problem}`);
      } else
        problems.push(
          `line ${info.lines}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
    }
  };
  try {
    if (isGzip(path)) await pipeline(createReadStream(path), createGunzip(), parser, sink);
    else await pipeline(createReadStream(path), parser, sink);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code !== undefined && !code.startsWith("CSV_") ? code : (e as Error).message;
    throw new InputError("unreadable", path, `cannot be read (${why})`);
  }
  if (header === undefined) throw new InputError("empty_file", path, "is empty: expected a header line");
  if (problems.length > 0)
    throw new InputError(
      "unreadable",
      path,
      `${problems.length} bad row(s):\n    ${problems.slice(0, 10).join("\n    ")}`,
      problems,
    );
}

async function loadReference<T extends z.ZodType>(
  path: string,
  schema: T,
  required: readonly string[],
): Promise<z.infer<T>[]> {
  const out: z.infer<T>[] = [];
  await forEachReferenceRow(path, schema, required, (r) => {
    out.push(r);
  });
  return out;
}

/**
 * Which of two rows of one id is the later definition (positive: `a`): the greater `TradeDate`,
 * then `Sequence` (as integers, {@link compareNumericText}; absent as ""), then, for rows equal on
 * both, the greater text of their values in header order. Never the row's place in the file: a
 * reference file of several days joined, in any row order, gives each id the same row.
 */
function compareDefinitions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): number {
  const text = (r: Readonly<Record<string, string>>): string => Object.values(r).join("\u0000");
  return (
    compareNumericText(a["TradeDate"] ?? "", b["TradeDate"] ?? "") ||
    compareNumericText(a["Sequence"] ?? "", b["Sequence"] ?? "") ||
    (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0)
  );
}

/**
 * The rows of a reference file by `id`, an id listed more than once by its latest definition
 * ({@link compareDefinitions}). `conflict(row, kept, keptLine)`: a problem with a later row of an id
 * (a bad row of the file, line named), or undefined.
 */
async function loadLatest<T extends z.ZodType, K>(
  path: string,
  schema: T,
  required: readonly string[],
  id: (row: z.infer<T>) => K,
  conflict: (row: z.infer<T>, kept: z.infer<T>, keptLine: number) => string | undefined = () => undefined,
): Promise<Map<K, z.infer<T>>> {
  const kept = new Map<K, { row: z.infer<T>; record: Readonly<Record<string, string>>; line: number }>();
  await forEachReferenceRow(path, schema, required, (row, record, line) => {
    const k = id(row);
    const before = kept.get(k);
    if (before !== undefined) {
      const problem = conflict(row, before.row, before.line);
      if (problem !== undefined) return problem;
    }
    if (before === undefined || compareDefinitions(record, before.record) > 0) kept.set(k, { row, record, line });
  });
  return new Map([...kept].map(([k, v]) => [k, v.row]));
}

/**
 * Instruments of ob.csv, by security code (a security listed more than once: its latest row, by
 * `TradeDate` then `Sequence`). Two DecimalsInPrice for one security are a bad row: one scale
 * applies to every date of a run, and either would misprice the other's dates.
 * Errors: InputError (`unreadable`, `empty_file`, `missing_column`).
 */
export async function loadInstruments(path: string): Promise<Map<string, Instrument>> {
  return loadLatest(
    path,
    Instrument,
    INSTRUMENT_REQUIRED,
    (r) => r.securityCode,
    (r, kept, keptLine) =>
      kept.decimalsInPrice === r.decimalsInPrice
        ? undefined
        : `DecimalsInPrice: security ${r.securityCode} has DecimalsInPrice ${r.decimalsInPrice} here and ${kept.decimalsInPrice} on line ${keptLine}; keep the right one`,
  );
}

/** Implied price decimals of a security (DEFAULT_DECIMALS = 2 when it is not in ob.csv). */
export function decimalsOf(instruments: ReadonlyMap<string, Instrument>, securityCode: string): number {
  return instruments.get(securityCode)?.decimalsInPrice ?? DEFAULT_DECIMALS;
}

/** Participants of par.csv, by participant id (one listed more than once: its latest row, as {@link loadInstruments}). */
export async function loadParticipants(path: string): Promise<Map<number, Participant>> {
  return loadLatest(path, Participant, PARTICIPANT_REQUIRED, (r) => r.participantId);
}

/** Market phases of session.csv, sorted by security, then time, then as the sessions rule orders ties ({@link comparePhaseTies}). */
export async function loadSessions(path: string): Promise<SessionPhase[]> {
  const rows = await loadReference(path, SessionPhase, SESSION_REQUIRED);
  const tie = (p: SessionPhase): { seq: number; open: boolean } => ({
    seq: phaseSequence(p.sequence),
    open: isOpenPhase(p),
  });
  return rows.sort((a, b) =>
    a.securityCode < b.securityCode
      ? -1
      : a.securityCode > b.securityCode
        ? 1
        : a.tsNs < b.tsNs
          ? -1
          : a.tsNs > b.tsNs
            ? 1
            : comparePhaseTies(tie(a), tie(b)),
  );
}

/** A sessions file's continuous-session windows by `sessionKey`, folded row by row: only each phase's time and kind is kept, never the file's rows. */
async function sessionWindows(path: string): Promise<Map<string, { startNs: number; endNs: number }>> {
  const b = new SessionWindowBuilder();
  await forEachReferenceRow(path, SessionPhase, SESSION_REQUIRED, (r) => b.add(r));
  return b.windows();
}

// A map of its own objects: what a caller of loadReferenceData gets of the one a file's load kept.
function copyValues<K, V extends object>(m: ReadonlyMap<K, V>): Map<K, V> {
  return new Map([...m].map(([k, v]) => [k, { ...v }]));
}

/** The reference files of a run, each optional (the `reference` block of a run config). */
export interface ReferencePaths {
  /** Instruments (ob.csv): DecimalsInPrice per security. */
  instruments?: string | undefined;
  /** Participants (par.csv): names and types by participant id. */
  participants?: string | undefined;
  /** Market phases per order book (session.csv): each book's continuous-session window per date. */
  sessions?: string | undefined;
}

/** The loaded reference data of a run; an unconfigured file gives an empty map. */
export interface ReferenceData {
  /** Instruments by security code (empty: every security uses DEFAULT_DECIMALS = 2). */
  instruments: Map<string, Instrument>;
  /** Participants by participant id (empty: no names in `by_participant`). */
  participants: Map<number, Participant>;
  /**
   * Continuous-session windows (ns since Sydney local midnight) by `sessionKey(security, date)`,
   * by the rule of `continuousWindows` (empty: every job uses `analysis.session`).
   */
  sessions: Map<string, { startNs: number; endNs: number }>;
}

/**
 * Loads every configured reference file — all of them, before any work — so that a missing,
 * unreadable, empty or malformed one is reported together with the others. Throws
 * {@link InputErrors} listing each problem (InputError `unreadable`, `empty_file`, `missing_column`,
 * naming the file and the lines); a file not configured is not read.
 */
export async function loadReferenceData(paths: ReferencePaths | undefined): Promise<ReferenceData> {
  const problems: InputError[] = [];
  const attempt = async <T>(path: string | undefined, load: (p: string) => Promise<T>, none: T): Promise<T> => {
    if (path === undefined) return none;
    try {
      return await load(path);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e);
      return none;
    }
  };
  // Each file loaded once per process while it is unchanged (loadOnce); every caller gets its own
  // maps, of its own objects (a caller changing an instrument would change the next caller's).
  const instruments = await attempt(
    paths?.instruments,
    (p) => loadOnce("instruments", p, loadInstruments, copyValues),
    new Map<string, Instrument>(),
  );
  const participants = await attempt(
    paths?.participants,
    (p) => loadOnce("participants", p, loadParticipants, copyValues),
    new Map<number, Participant>(),
  );
  const sessions = await attempt(
    paths?.sessions,
    (p) => loadOnce("sessions", p, sessionWindows, copyValues),
    new Map<string, { startNs: number; endNs: number }>(),
  );
  if (problems.length > 0) throw new InputErrors(problems);
  return { instruments, participants, sessions };
}
