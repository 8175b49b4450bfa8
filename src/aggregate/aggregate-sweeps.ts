import type { SweepRow } from "./inputs.js";
import { jobSumsFromSweeps } from "./jobs.js";
import { addMeasures, addSweepSums, emptyMeasures, type Measures } from "./measures.js";
import { microAudPerTick } from "./money.js";
import { declaredTable } from "./table-columns.js";
import type { Cell, Table } from "./table.js";

/** A participant's name and type (par.csv's ParticipantName and ParticipantType). */
export interface ParticipantName {
  name: string;
  type: string;
}

/**
 * The running sums of `by_participant`: one {@link Measures} per participant id, so its memory grows
 * with the number of participants, not of jobs or sweeps. Jobs may be added in any order.
 */
export class ParticipantSums {
  private readonly groups = new Map<number, Measures>();

  /** Adds one job's measures of one participant. */
  add(participantId: number, m: Measures): void {
    let g = this.groups.get(participantId);
    if (g === undefined) this.groups.set(participantId, (g = emptyMeasures()));
    addMeasures(g, m);
  }

  /**
   * The `by_participant` table of the rows added so far: `participant_id`, then `participant_name`
   * and `participant_type` from `names` (the participants file; "" for an id it does not list, and
   * for every id when no file is configured), then the measures.
   */
  table(names: ReadonlyMap<number, ParticipantName> = new Map()): Table {
    const rows = [...this.groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, m]) => {
        const p = names.get(id);
        return { key: [id, p?.name ?? "", p?.type ?? ""], m };
      });
    return declaredTable("by_participant", rows);
  }
}

export { PARTICIPANT_KEYS } from "./table-columns.js";

/**
 * `by_participant`: one row per participant id (ascending), its name and type from `names` ("" when
 * unknown), and the summary measures of its sweep rows.
 */
export function byParticipant(
  sweeps: readonly SweepRow[],
  names: ReadonlyMap<number, ParticipantName> = new Map(),
): Table {
  const sums = new ParticipantSums();
  for (const j of jobSumsFromSweeps(sweeps)) {
    const scale = microAudPerTick(j.decimals);
    for (const p of j.sums.participants) sums.add(p.participantId, addSweepSums(emptyMeasures(), p.sums, scale));
  }
  return sums.table(names);
}

/** The buckets of the `time_of_day` table, in minutes since Sydney local midnight. */
export interface TimeBuckets {
  /** First bucket start (default 600 = 10:00). */
  startMinute: number;
  /** End of the last bucket (default 960 = 16:00); the last bucket is shorter if the span is not a multiple. */
  endMinute: number;
  /** Bucket width (default 30). */
  minutes: number;
  /** The session's start when it has seconds (`13:07:30`, inside `startMinute`): the labels state it. */
  startLabel?: string;
  /** The session's end when it has seconds (`15:59:30`, inside the minute before `endMinute`). */
  endLabel?: string;
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/**
 * The running sums of `time_of_day`: one {@link Measures} per bucket, plus before and after the
 * window, summed from the jobs' per-minute sums (so any window and bucket width, without rerunning).
 */
export class TimeOfDaySums {
  private readonly inside: Measures[];
  private readonly before = emptyMeasures();
  private readonly after = emptyMeasures();

  constructor(private readonly b: TimeBuckets) {
    this.inside = Array.from({ length: Math.ceil((b.endMinute - b.startMinute) / b.minutes) }, emptyMeasures);
  }

  /** Adds the measures of the sweeps placed in one minute of the Sydney day (⌊placedNs / 60 s⌋). */
  add(minute: number, m: Measures): void {
    const b = this.b;
    const bucket =
      minute < b.startMinute
        ? this.before
        : minute >= b.endMinute
          ? this.after
          : (this.inside[Math.floor((minute - b.startMinute) / b.minutes)] as Measures);
    addMeasures(bucket, m);
  }

  /** The `time_of_day` table of the rows added so far (see {@link timeOfDay}). */
  table(): Table {
    const b = this.b;
    const rows: { key: Cell[]; m: Measures }[] = [];
    const first = b.startLabel ?? hhmm(b.startMinute);
    const last = b.endLabel ?? hhmm(b.endMinute);
    if (this.before.sweeps > 0) rows.push({ key: [`before ${first}`], m: this.before });
    this.inside.forEach((m, i) => {
      const start = b.startMinute + i * b.minutes;
      const end = start + b.minutes;
      rows.push({ key: [`${i === 0 ? first : hhmm(start)}-${end >= b.endMinute ? last : hhmm(end)}`], m });
    });
    if (this.after.sweeps > 0) rows.push({ key: [`${last} and after`], m: this.after });
    return declaredTable("time_of_day", rows);
  }
}

/**
 * `time_of_day`: sweeps by placement time (`placedNs`, ns since Sydney local midnight) in buckets
 * "10:00-10:30", …, "15:30-16:00" (every bucket, empty ones included, in time order), with the
 * summary measures. Sweeps placed outside the window are not dropped: they form a "before 10:00"
 * row first and an "16:00 and after" row last, present only when not empty.
 */
export function timeOfDay(sweeps: readonly SweepRow[], b: TimeBuckets): Table {
  const sums = new TimeOfDaySums(b);
  for (const j of jobSumsFromSweeps(sweeps)) {
    const scale = microAudPerTick(j.decimals);
    for (const m of j.sums.minutes) sums.add(m.minute, addSweepSums(emptyMeasures(), m.sums, scale));
  }
  return sums.table();
}
