// Derived numbers for bench/results.json: rows/s and MB/s per phase, sweeplab/DuckDB ratios, the
// whole pipeline, the big-vs-small memory comparison and issue 6's target checks.
import { perSecond } from "./lib.mjs";

const PIPELINE = ["partition", "jobs", "aggregate"];

/**
 * Adds rowsPerSecond, mbPerSecond (input bytes the phase reads ÷ seconds) and, for scan and
 * partition, vsDuckdb (sweeplab rows/s ÷ DuckDB rows/s on the same files, same worker/thread count).
 */
function enrich(phases, bytes, duckdb = {}) {
  const orderRows = phases.partition?.orderRows ?? null;
  const out = {};
  for (const [name, p] of Object.entries(phases)) {
    if (p.missing) {
      out[name] = p;
      continue;
    }
    const q = { ...p };
    q.rowsPerSecond = name === "aggregate" ? null : perSecond(p.rows, p.seconds);
    q.orderRowsPerSecond = name === "scan" ? null : perSecond(orderRows, p.seconds);
    q.mbPerSecond =
      name === "scan" ? p.bytes / 1e6 / p.seconds : name === "partition" ? bytes.total / 1e6 / p.seconds : null;
    if (name === "scan" && duckdb.query) q.vsDuckdb = q.rowsPerSecond / duckdb.query.rowsPerSecond;
    if (name === "partition" && duckdb.copy) q.vsDuckdb = q.rowsPerSecond / duckdb.copy.rowsPerSecond;
    if (name === "partition" && p.storeBytes !== undefined) {
      // Issue 15 point 7: the store beside the CSV input (bytes per row of all three tables).
      q.storeBytesPerRow = p.rows > 0 ? p.storeBytes / p.rows : null;
      q.storeVsInput = bytes.total > 0 ? p.storeBytes / bytes.total : null;
    }
    out[name] = q;
  }
  return out;
}

/** The pipeline (partition + jobs + aggregate) as one: summed seconds, order rows/s, max peak RSS. */
function pipeline(phases, bytes) {
  const ps = PIPELINE.map((n) => phases[n]);
  const seconds = ps.reduce((s, p) => s + p.seconds, 0);
  const orderRows = phases.partition.orderRows;
  return {
    seconds,
    orderRows,
    orderRowsPerSecond: perSecond(orderRows, seconds),
    mbPerSecond: bytes.total / 1e6 / seconds,
    peakRssMb: Math.max(...ps.map((p) => p.peakRssMb)),
  };
}

/** Every derived number of one bench run. */
export function summarise({ runs, smallPhases, memWorkers, bigBytes, smallBytes }) {
  const out = runs.map((r) => {
    const duckdb = {};
    if (r.duckdb.query)
      duckdb.query = {
        ...r.duckdb.query,
        rowsPerSecond: perSecond(r.duckdb.query.rows, r.duckdb.query.seconds),
        mbPerSecond: bigBytes.orders / 1e6 / r.duckdb.query.seconds,
      };
    if (r.duckdb.copy)
      duckdb.copy = {
        ...r.duckdb.copy,
        rowsPerSecond: perSecond(r.duckdb.copy.rows, r.duckdb.copy.seconds),
        mbPerSecond: bigBytes.total / 1e6 / r.duckdb.copy.seconds,
      };
    // The ratios compare rows/s on the same rows: say so when the row counts differ.
    const sameRows = {};
    if (duckdb.query && !r.phases.scan.missing) sameRows.scanVsQuery = duckdb.query.rows === r.phases.scan.rows;
    if (duckdb.copy) sameRows.partitionVsCopy = duckdb.copy.rows === r.phases.partition.rows;
    return {
      workers: r.workers,
      phases: enrich(r.phases, bigBytes, duckdb),
      duckdb,
      sameRows,
      pipeline: pipeline(r.phases, bigBytes),
      ...(r.baselineJobs ? { baselineJobs: r.baselineJobs } : {}),
    };
  });
  const bigRun = out.find((r) => r.workers === memWorkers);
  const bigPeak = bigRun.pipeline.peakRssMb;
  const small = {
    workers: memWorkers,
    phases: enrich(smallPhases, smallBytes),
    pipeline: pipeline(smallPhases, smallBytes),
  };
  const smallPeak = small.pipeline.peakRssMb;
  return {
    runs: out,
    small,
    memory: { workers: memWorkers, bigPeakRssMb: bigPeak, smallPeakRssMb: smallPeak, ratio: bigPeak / smallPeak },
  };
}

/** Issues 6 and 15's targets, each { name, target, measured, pass } (pass null when not measured). */
export function targetChecks(results, memWorkers) {
  const two = results.runs.find((r) => r.workers === 2);
  const check = (name, target, measured, ok) => ({
    name,
    target,
    measured: measured ?? null,
    pass: measured === null || measured === undefined ? null : ok(measured),
  });
  const rss2 = two
    ? Math.max(
        ...Object.values(two.phases)
          .filter((p) => !p.missing)
          .map((p) => p.peakRssMb),
        memWorkers === 2 ? results.small.pipeline.peakRssMb : 0,
      )
    : null;
  return [
    check("partition ÷ DuckDB COPY (b), 2 workers/threads", "≥ 1.0", two?.phases.partition.vsDuckdb, (x) => x >= 1),
    check("scan ÷ DuckDB GROUP BY (a), 2 workers/threads", "≥ 0.8", two?.phases.scan.vsDuckdb, (x) => x >= 0.8),
    check("pipeline order rows/s, 2 workers", "≥ 1,000,000", two?.pipeline.orderRowsPerSecond, (x) => x >= 1e6),
    check("jobs phase ÷ the --baseline build's, 2 workers", "≥ 2", two?.baselineJobs?.speedup, (x) => x >= 2),
    check("peak RSS MB of any sweeplab phase, 2 workers", "< 1024", rss2, (x) => x < 1024),
    check("store on disk ÷ CSV input, 2 workers", "≤ 0.5", two?.phases.partition.storeVsInput, (x) => x <= 0.5),
    check(
      `peak RSS big ÷ small input, ${memWorkers} workers`,
      "within 20 % (0.8–1.2)",
      results.memory.ratio,
      (x) => x >= 0.8 && x <= 1.2,
    ),
  ];
}
