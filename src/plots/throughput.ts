import {
  baseLayout,
  COLORS,
  orNull,
  RIGHT_AXIS_MARGIN,
  rightAxis,
  seriesColor,
  type Figure,
  type Trace,
} from "./figure.js";

/** One measured run of the pipeline: a label, its settings and its measures. */
export interface ThroughputRow {
  /** What this run varied, e.g. `2 workers` or `chunk 64KB`. */
  label: string;
  workers: number;
  chunkSizeBytes: number;
  /** Input rows per second of the partition pass; undefined when it was skipped. */
  partitionRowsPerSecond: number | undefined;
  /** Input rows per second of the jobs phase; undefined when no job ran. */
  jobRowsPerSecond: number | undefined;
  /** Wall time of the whole run, seconds. */
  wallSeconds: number;
  /** Peak resident memory seen during the run (main thread and workers), MB; undefined if unmeasured. */
  peakRssMb: number | undefined;
}

/**
 * Throughput of each run (grouped bars of partition and job rows/s, left axis) with its peak memory
 * (markers and line, right axis), runs in the order given: the worker-scaling and chunk-size chart.
 */
export function throughputFigure(rows: readonly ThroughputRow[]): Figure {
  const x = rows.map((r) => r.label);
  const customdata = rows.map((r) => [r.workers, r.chunkSizeBytes, r.wallSeconds]);
  const hover =
    "%{x}: %{y:,.0f} rows/s<br>%{customdata[0]} workers, chunk %{customdata[1]:,} B, wall %{customdata[2]:.2f} s<extra>%{fullData.name}</extra>";
  const layout = baseLayout("Throughput and memory per run", "run", "rows per second");
  const bar = (name: string, y: (r: ThroughputRow) => number | undefined, color: string): Trace => ({
    type: "bar",
    name,
    x,
    y: rows.map((r) => orNull(y(r))),
    customdata,
    hovertemplate: hover,
    marker: { color },
  });
  return {
    data: [
      bar("partition rows/s", (r) => r.partitionRowsPerSecond, seriesColor(2)),
      bar("job rows/s", (r) => r.jobRowsPerSecond, seriesColor(4)),
      {
        type: "scatter",
        mode: "lines+markers",
        name: "peak RSS (MB, right axis)",
        x,
        y: rows.map((r) => orNull(r.peakRssMb)),
        yaxis: "y2",
        line: { color: COLORS.neutral, dash: "dot" },
      },
    ],
    layout: {
      ...layout,
      barmode: "group",
      xaxis: { title: { text: "run" }, type: "category" },
      yaxis: { title: { text: "rows per second" }, rangemode: "tozero" },
      yaxis2: rightAxis("peak RSS (MB)", { rangemode: "tozero" }),
      margin: RIGHT_AXIS_MARGIN,
    },
  };
}
