import { rm } from "node:fs/promises";
import type { RunConfig } from "../../config/index.js";
import type { FileReport } from "../../io/csv/reader.js";
import { removePiecesWhere, type PieceInfo, type SliceUnitRecord } from "../../io/store/index.js";
import type { JobError, PartitionTask } from "../messages.js";
import type { TaskPool } from "../pool.js";
import { PhaseTracker, type RunProgress } from "../progress.js";
import { partitionTaskRunner } from "./partition-tasks.js";
import { unitOfTag, unitTask, type SliceUnit } from "./slice-plan.js";

/** What {@link runUnits} did: per unit its reports (plan order), every piece (sorted by path), rows read, failures. */
export interface UnitsDone {
  units: SliceUnitRecord[];
  pieces: PieceInfo[];
  rows: number;
  failures: { file: string; error: JobError }[];
}

/**
 * Runs the tasks of `planned` units in `pool`. A unit split into byte ranges one of which (but its
 * last) ended inside a quoted record is partitioned again as one task over the whole unit (its
 * range pieces and rejects files removed first), as the whole partition does for a file (see
 * partition-plan.ts); whether the unit's own end cut a record is recorded as `cutEnd` for the seal.
 * A failed or aborted task leaves its unit out of `units` and is listed in `failures`.
 */
export async function runUnits(
  pool: TaskPool,
  planned: readonly { unit: SliceUnit; tasks: PartitionTask[] }[],
  o: {
    config: RunConfig;
    storeDir: string;
    outputDir: string;
    chunkSize: number;
    unknownCodes: RunConfig["unknownCodes"];
    signal?: AbortSignal;
    onProgress?: (p: RunProgress) => void;
  },
): Promise<UnitsDone> {
  const track = new PhaseTracker(
    "partition",
    planned.reduce((a, p) => a + p.tasks.length, 0),
  );
  const { values, errors, signal, run } = partitionTaskRunner(pool, o.config, track, o);
  let lists = planned.map((p) => ({ unit: p.unit, tasks: p.tasks }));
  await run(lists.flatMap((p) => p.tasks));
  // A worker range boundary inside the unit cut a quoted record: the unit again, as one task.
  const redo = lists.filter((p) => p.tasks.slice(0, -1).some((t) => values.get(t)?.report.cutRecord === true));
  if (redo.length > 0 && !signal.aborted) {
    const again = new Map<string, PartitionTask>();
    for (const p of redo) {
      await removePiecesWhere(o.storeDir, (piece) => unitOfTag(piece.tag) === p.unit.id);
      for (const t of p.tasks) {
        await rm(t.rejectsPath, { force: true });
        track.rows -= values.get(t)?.report.rowsRead ?? 0;
        values.delete(t);
        errors.delete(t);
      }
      again.set(p.unit.id, unitTask(p.unit, p.unit.range, `${p.unit.id}-00`, o));
    }
    lists = lists.map((p) => {
      const t = again.get(p.unit.id);
      return t === undefined ? p : { unit: p.unit, tasks: [t] };
    });
    track.total += again.size;
    await run([...again.values()]);
  }
  const done: UnitsDone = { units: [], pieces: [], rows: 0, failures: [] };
  for (const { unit, tasks } of lists) {
    const reports: FileReport[] = [];
    let failed = false;
    for (const t of tasks) {
      const v = values.get(t);
      const e = errors.get(t);
      if (e !== undefined) done.failures.push({ file: t.file, error: e });
      if (v === undefined) {
        failed = true;
        continue;
      }
      reports.push(v.report);
      done.pieces.push(...v.pieces);
      done.rows += v.report.rowsRead;
    }
    if (failed) {
      if (!done.failures.some((f) => f.file === unit.file))
        done.failures.push({ file: unit.file, error: { code: "aborted", message: "not run: the slice was stopped" } });
      continue;
    }
    done.units.push({ id: unit.id, file: unit.file, reports, cutEnd: reports.at(-1)?.cutRecord === true });
  }
  done.pieces.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return done;
}
