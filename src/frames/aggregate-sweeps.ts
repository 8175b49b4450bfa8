import type { SweepRow } from "./inputs.js";
import { addSweep, emptyMeasures, measureTable, SUMMARY_WITH_GROUPS, type Measures } from "./measures.js";
import type { Cell, Table } from "./table.js";

/** `by_participant`: one row per participant id (ascending), the summary measures of its sweep rows. */
export function byParticipant(sweeps: readonly SweepRow[]): Table {
  const groups = new Map<number, Measures>();
  for (const r of sweeps) {
    let m = groups.get(r.participantId);
    if (m === undefined) groups.set(r.participantId, (m = emptyMeasures()));
    addSweep(m, r);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a - b).map(([id, m]) => ({ key: [id], m }));
  return measureTable("by_participant", ["participant_id"], SUMMARY_WITH_GROUPS, rows);
}

/** The buckets of the `time_of_day` table, in minutes since Sydney local midnight. */
export interface TimeBuckets {
  /** First bucket start (default 600 = 10:00). */
  startMinute: number;
  /** End of the last bucket (default 960 = 16:00); the last bucket is shorter if the span is not a multiple. */
  endMinute: number;
  /** Bucket width (default 30). */
  minutes: number;
}

const NS_PER_MINUTE = 60_000_000_000;
const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/**
 * `time_of_day`: sweeps by placement time (`placedNs`, ns since Sydney local midnight) in buckets
 * "10:00-10:30", …, "15:30-16:00" (every bucket, empty ones included, in time order), with the
 * summary measures. Sweeps placed outside the window are not dropped: they form a "before 10:00"
 * row first and an "16:00 and after" row last, present only when not empty.
 */
export function timeOfDay(sweeps: readonly SweepRow[], b: TimeBuckets): Table {
  const n = Math.ceil((b.endMinute - b.startMinute) / b.minutes);
  const inside = Array.from({ length: n }, emptyMeasures);
  const before = emptyMeasures();
  const after = emptyMeasures();
  for (const r of sweeps) {
    const minute = Math.floor(r.placedNs / NS_PER_MINUTE);
    const m =
      minute < b.startMinute
        ? before
        : minute >= b.endMinute
          ? after
          : (inside[Math.floor((minute - b.startMinute) / b.minutes)] as Measures);
    addSweep(m, r);
  }
  const rows: { key: Cell[]; m: Measures }[] = [];
  if (before.sweeps > 0) rows.push({ key: [`before ${hhmm(b.startMinute)}`], m: before });
  inside.forEach((m, i) => {
    const start = b.startMinute + i * b.minutes;
    rows.push({ key: [`${hhmm(start)}-${hhmm(Math.min(start + b.minutes, b.endMinute))}`], m });
  });
  if (after.sweeps > 0) rows.push({ key: [`${hhmm(b.endMinute)} and after`], m: after });
  return measureTable("time_of_day", ["time_bucket"], SUMMARY_WITH_GROUPS, rows);
}
