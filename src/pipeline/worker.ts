/**
 * The thin worker entry (piscina): validate the message, call the stage, return plain data. Errors
 * of the work itself travel back as `{ ok: false, error }` (a typed error of the toolkit with its own
 * code and message, any other throw as `job_threw` with its stack); only a crash of the thread
 * surfaces as a rejected task on the main side.
 */
import { performance } from "node:perf_hooks";
import { SweeplabError, type RowReject } from "../model/errors.js";
import { TOOLKIT_VERSION } from "../model/version.js";
import {
  Task,
  type JobValue,
  type PartitionTask,
  type JobTask,
  type PartitionValue,
  type ScanValue,
  type TaskOutcome,
} from "./messages.js";

// Each stage's modules load on the first task that needs them: a thread that only scans (or only
// partitions) does not pay for compiling the analysis and the job-output writers.

async function partition(t: PartitionTask): Promise<PartitionValue> {
  const t0 = performance.now();
  const { partitionFile } = await import("../io/store/partition-file.js");
  const { RejectsWriter } = await import("../io/csv/rejects.js");
  const rejected: RowReject[] = [];
  const { report, pieces, codes } = await partitionFile({
    file: t.file,
    ...(t.range === undefined ? {} : { range: t.range }),
    storeDir: t.storeDir,
    tag: t.tag,
    chunkSize: t.chunkSize,
    ...(t.unknownCodes === undefined ? {} : { unknownCodes: t.unknownCodes }),
    onReject: (r) => rejected.push(r),
  });
  if (rejected.length > 0) {
    const w = await RejectsWriter.create(t.rejectsPath);
    for (const r of rejected) w.write(r);
    await w.close();
  }
  return { kind: "partition", report, pieces, codes, ms: performance.now() - t0 };
}

async function job(t: JobTask): Promise<JobValue> {
  const t0 = performance.now();
  const [
    { readPartitionWithFingerprint },
    { runJob },
    { writeJobOutputs },
    { configFingerprint, referenceFingerprint },
  ] = await Promise.all([
    import("../io/store/read-partition.js"),
    import("../core/job.js"),
    import("../io/outputs/job-outputs.js"),
    import("../config/fingerprint.js"),
  ]);
  // The input fingerprint is hashed from the bytes read for the job: each piece is read once.
  const { partition: p, fingerprint: inputFingerprint } = await readPartitionWithFingerprint(
    t.storeDir,
    t.securityCode,
    t.date,
    t.decimals,
  );
  const result = runJob(p, t.analysis, t.session);
  const rows = p.orders.length + p.trades.length;
  // The record proves what the outputs were computed from: the fingerprints are of exactly the
  // values this job used (its input bytes, its analysis config, its reference values).
  const { paths, record, digests } = await writeJobOutputs(
    t.jobDir,
    result,
    p.orders,
    t.analysis.centrePointMask,
    {
      toolkitVersion: t.toolkitVersion ?? TOOLKIT_VERSION,
      input: inputFingerprint,
      analysis: configFingerprint({ analysis: t.analysis, outputs: { detailFormat: t.detailFormat } }),
      reference: referenceFingerprint({ decimals: t.decimals, session: t.session }),
      rows,
    },
    { detailFormat: t.detailFormat },
  );
  if (record === undefined) throw new Error("writeJobOutputs wrote no record");
  // The data-quality block exactly as a reader of job.json gets it (ids as decimal text), so the
  // run summary needs no job.json of a job computed now.
  const { JobQuality } = await import("../io/outputs/job-quality-read.js");
  const quality = JobQuality.parse(
    JSON.parse(
      JSON.stringify(
        { securityCode: result.securityCode, date: result.date, dataQuality: result.dataQuality },
        (_k, v) => (typeof v === "bigint" ? v.toString() : (v as unknown)),
      ),
    ),
  );
  const fields = {
    kind: "job",
    securityCode: t.securityCode,
    date: t.date,
    rows,
    sweeps: result.sweeps.length,
    outputs: paths,
    fileDigests: digests,
    inputFingerprint,
    quality,
    ms: performance.now() - t0,
  } as const;
  if (t.returnSums) return { ...fields, withSums: true, record };
  // The sums are in job.json; a caller that will not merge them is not sent them (170–185 KB a job to clone, measured).
  const { sums: _sums, ...rest } = record;
  return { ...fields, withSums: false, record: rest };
}

// Errors that no retry can fix: the output disk is full or read-only.
const UNWRITABLE = new Set(["ENOSPC", "EROFS", "EDQUOT", "EACCES", "EPERM"]);

/** piscina calls this with each task. */
export default async function run(message: unknown): Promise<TaskOutcome<PartitionValue | JobValue | ScanValue>> {
  const parsed = Task.safeParse(message);
  if (!parsed.success) return { ok: false, error: { code: "bad_task", message: parsed.error.message } };
  try {
    const t = parsed.data;
    if (t.kind === "scan") return { ok: true, value: await (await import("./scan/scan-task.js")).scanTask(t) };
    return { ok: true, value: t.kind === "partition" ? await partition(t) : await job(t) };
  } catch (e) {
    // A typed error of the toolkit: the data is at fault, its code and message (naming the order,
    // row or file) say what to fix; no stack, as the CLI prints it, and no retry (the pool's RETRIED_CODES).
    if (e instanceof SweeplabError) return { ok: false, error: { code: e.code, message: e.message } };
    const err = e instanceof Error ? e : new Error(String(e));
    const code = UNWRITABLE.has((err as NodeJS.ErrnoException).code ?? "") ? "output_unwritable" : "job_threw";
    return {
      ok: false,
      error: { code, message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) },
    };
  }
}
