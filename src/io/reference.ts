import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { InputError, InputErrors } from "../model/errors.js";
import { DEFAULT_DECIMALS } from "../model/price.js";
import {
  Instrument,
  INSTRUMENT_REQUIRED,
  Participant,
  PARTICIPANT_REQUIRED,
  SESSION_REQUIRED,
  SessionPhase,
} from "../model/reference.js";
import { continuousWindows } from "../model/session-window.js";
import { isGzip } from "./source.js";

async function loadReference<T extends z.ZodType>(
  path: string,
  schema: T,
  required: readonly string[],
): Promise<z.infer<T>[]> {
  let text: string;
  try {
    const bytes = await readFile(path);
    text = (isGzip(path) ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (e) {
    throw new InputError("unreadable", path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (text.trim() === "") throw new InputError("empty_file", path, "is empty: expected a header line");
  // Real ob.csv and session.csv put a space before the header and before each row: trim both.
  const records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
    bom: true,
    columns: (h: string[]) => h.map((n) => n.trim()),
    trim: true,
    skip_empty_lines: true,
    info: true,
  });
  const header = Object.keys(records[0]?.record ?? {});
  const missing = required.filter((n) => !header.includes(n));
  if (records.length > 0 && missing.length > 0)
    throw new InputError("missing_column", path, `missing required column(s): ${missing.join(", ")}`, missing);
  const out: z.infer<T>[] = [];
  const problems: string[] = [];
  for (const { record, info } of records) {
    const r = schema.safeParse(record);
    if (r.success) out.push(r.data);
    else
      problems.push(`line ${info.lines}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  if (problems.length > 0)
    throw new InputError(
      "unreadable",
      path,
      `${problems.length} bad row(s):\n    ${problems.slice(0, 10).join("\n    ")}`,
      problems,
    );
  return out;
}

/** Instruments of ob.csv, by security code. Errors: InputError (`unreadable`, `empty_file`, `missing_column`). */
export async function loadInstruments(path: string): Promise<Map<string, Instrument>> {
  const rows = await loadReference(path, Instrument, INSTRUMENT_REQUIRED);
  return new Map(rows.map((r) => [r.securityCode, r]));
}

/** Implied price decimals of a security (DEFAULT_DECIMALS = 2 when it is not in ob.csv). */
export function decimalsOf(instruments: ReadonlyMap<string, Instrument>, securityCode: string): number {
  return instruments.get(securityCode)?.decimalsInPrice ?? DEFAULT_DECIMALS;
}

/** Participants of par.csv, by participant id. */
export async function loadParticipants(path: string): Promise<Map<number, Participant>> {
  const rows = await loadReference(path, Participant, PARTICIPANT_REQUIRED);
  return new Map(rows.map((r) => [r.participantId, r]));
}

/** Market phases of session.csv, sorted by security then time. */
export async function loadSessions(path: string): Promise<SessionPhase[]> {
  const rows = await loadReference(path, SessionPhase, SESSION_REQUIRED);
  return rows.sort((a, b) =>
    a.securityCode < b.securityCode
      ? -1
      : a.securityCode > b.securityCode
        ? 1
        : a.tsNs < b.tsNs
          ? -1
          : a.tsNs > b.tsNs
            ? 1
            : 0,
  );
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
  const instruments = await attempt(paths?.instruments, loadInstruments, new Map<string, Instrument>());
  const participants = await attempt(paths?.participants, loadParticipants, new Map<number, Participant>());
  const sessions = await attempt(
    paths?.sessions,
    async (p) => continuousWindows(await loadSessions(p)),
    new Map<string, { startNs: number; endNs: number }>(),
  );
  if (problems.length > 0) throw new InputErrors(problems);
  return { instruments, participants, sessions };
}
