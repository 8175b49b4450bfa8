/**
 * A job's additive sums (`JobSums`) as job.json's record holds them: one line of comma-separated
 * integers per group, in the order of `columns`, bigints as decimal text, never a JS float.
 */
import { z } from "zod";
import {
  emptySweepSums,
  SWEEP_COUNT_FIELDS,
  SWEEP_MONEY_FIELDS,
  type JobSums,
  type SweepSums,
} from "../../core/job-sums.js";

/** The field names of one line of sums, comma-separated: the counts, then the money. */
export const SUMS_COLUMNS = [...SWEEP_COUNT_FIELDS, ...SWEEP_MONEY_FIELDS].join(",");

const FIELDS = SWEEP_COUNT_FIELDS.length + SWEEP_MONEY_FIELDS.length;
const LINE = new RegExp(`^-?\\d+(,-?\\d+){${FIELDS - 1}}$`);

/** One line of sums → {@link SweepSums}; undefined when a count is negative or not a safe integer. */
function parseLine(line: string): SweepSums | undefined {
  const parts = line.split(",");
  const s = emptySweepSums();
  for (let i = 0; i < SWEEP_COUNT_FIELDS.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isSafeInteger(v) || v < 0) return undefined;
    s[SWEEP_COUNT_FIELDS[i] as (typeof SWEEP_COUNT_FIELDS)[number]] = v;
  }
  SWEEP_MONEY_FIELDS.forEach((f, i) => (s[f] = BigInt(parts[SWEEP_COUNT_FIELDS.length + i] as string)));
  return s;
}

const formatLine = (s: SweepSums): string =>
  [...SWEEP_COUNT_FIELDS.map((f) => String(s[f])), ...SWEEP_MONEY_FIELDS.map((f) => s[f].toString())].join(",");

const Line = z
  .string()
  .regex(LINE, `a line of ${FIELDS} comma-separated integers`)
  .transform((line, ctx) => {
    const s = parseLine(line);
    if (s === undefined) ctx.addIssue({ code: "custom", message: "a count is negative or too large" });
    return s ?? emptySweepSums();
  });

const IntKey = /^-?\d+$/;

/** The sums of job.json's record, validated and parsed into {@link JobSums}. */
export const JobSumsRecord = z
  .object({
    /** {@link SUMS_COLUMNS}: what each line holds (a record of another layout is foreign). */
    columns: z.literal(SUMS_COLUMNS),
    /** The 9 (fill group, size band) cells, index (group − 1)·3 + band. */
    cells: z.array(Line).length(9),
    /** Participant id → its line. */
    participants: z.record(z.string().regex(IntKey), Line),
    /** Minute of the Sydney day (⌊placedNs / 60 s⌋) → its line; only minutes with sweeps. */
    minutes: z.record(z.string().regex(IntKey), Line),
  })
  .transform((j): JobSums => ({
    cells: j.cells,
    participants: Object.entries(j.participants)
      .map(([k, sums]) => ({ participantId: Number(k), sums }))
      .sort((a, b) => a.participantId - b.participantId),
    minutes: Object.entries(j.minutes)
      .map(([k, sums]) => ({ minute: Number(k), sums }))
      .sort((a, b) => a.minute - b.minute),
  }));

/** {@link JobSums} as job.json's record writes them (the input of {@link JobSumsRecord}). */
export function jobSumsJson(s: JobSums): z.input<typeof JobSumsRecord> {
  return {
    columns: SUMS_COLUMNS,
    cells: s.cells.map(formatLine),
    participants: Object.fromEntries(s.participants.map((p) => [String(p.participantId), formatLine(p.sums)])),
    minutes: Object.fromEntries(s.minutes.map((m) => [String(m.minute), formatLine(m.sums)])),
  };
}
