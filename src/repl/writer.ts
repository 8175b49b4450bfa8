import { inspect, type InspectOptions } from "node:util";
import { isPlainRecord } from "../model/plain-record.js";
import { failuresText } from "../notebook/failures.js";
import { isFrame } from "../notebook/frame.js";
import { RunHandle, show, type DataFrame, type RunResult } from "../notebook/index.js";
import { formatProgress, formatSummary } from "../pipeline/index.js";
import { printsBriefly, toolkitErrorText } from "./error-text.js";
import { shownText } from "./target.js";

/** How deep {@link foldForInspect} looks into arrays and plain objects for frames, runs and handles. */
const FOLD_DEPTH = 3;

/** Whether `v` has the shape of a `RunResult` (what awaiting a run handle gives). */
export function isRunResult(v: unknown): v is RunResult {
  if (!isPlainRecord(v)) return false;
  return (
    typeof v.outputDir === "string" &&
    typeof v.cancelled === "boolean" &&
    isPlainRecord(v.summary) &&
    isPlainRecord(v.summary.partition) &&
    Array.isArray(v.failures) &&
    Array.isArray(v.jobs)
  );
}

/** A danfojs Series (one column with an index), which danfojs builds on the same base as a DataFrame. */
function isSeries(v: unknown): v is DataFrame {
  return isFrame(v) && (v as { $isSeries?: unknown }).$isSeries === true;
}

function size(frame: DataFrame): string {
  const [rows = 0, cols = 0] = frame.shape;
  return `[${rows} row${rows === 1 ? "" : "s"} × ${cols} column${cols === 1 ? "" : "s"}]`;
}

/** One line for a frame inside a printed object: `DataFrame [12 rows × 8 columns]: a, b, c, …`. */
function frameLine(frame: DataFrame): string {
  const columns = frame.columns.slice(0, 6).join(", ") + (frame.columns.length > 6 ? ", …" : "");
  return `${isSeries(frame) ? "Series" : "DataFrame"} ${size(frame)}: ${columns}`;
}

/** One line of a run handle's state: running (with its latest progress), finished, cancelled or failed. */
export function handleLine(h: RunHandle): string {
  if (h.state === "failed") return "RunHandle: failed — await it to see the error";
  if (h.state !== "running") return `RunHandle: ${h.state} — await it for the result: \`r = await h\``;
  const now = h.latest === undefined ? "starting" : formatProgress(h.latest);
  return `RunHandle: running — ${now} — await it for the result, cancel() to stop it`;
}

/** A run's result as its summary: the output folder, the summary lines, every failure, where the rest is. */
export function runResultText(r: RunResult): string {
  const state = r.cancelled ? "cancelled: no half-written file is left; run again to finish the work" : "finished";
  return [
    `run of ${r.outputDir}: ${state}`,
    formatSummary(r.summary).trimEnd(),
    failuresText(r.failures),
    "(details in .summary, .config, .failures, .jobs, .peakRssMb; its tables: await aggregate(r))",
  ]
    .filter((s) => s !== "")
    .join("\n");
}

function runResultLine(r: RunResult): string {
  const j = r.summary.jobs;
  const jobs = j === undefined ? "" : `: ${j.done} done, ${j.skipped} skipped, ${j.failed} failed of ${j.total} jobs`;
  return `RunResult of ${r.outputDir}${r.cancelled ? " (cancelled)" : ""}${jobs}`;
}

/** A stand-in that `util.inspect` prints as `text`, verbatim. */
const printedAs = (text: string): object => ({ [inspect.custom]: () => text });

/**
 * `v` with every DataFrame, Series, run handle and run result inside its arrays and plain objects
 * (up to {@link FOLD_DEPTH} levels) replaced by a stand-in printing one line about it, so that
 * printing a scan's result does not dump danfojs internals. `v` itself when nothing was replaced.
 */
export function foldForInspect(v: unknown, depth = 0): unknown {
  if (isFrame(v)) return printedAs(frameLine(v));
  if (v instanceof RunHandle) return printedAs(handleLine(v));
  if (isRunResult(v)) return printedAs(runResultLine(v));
  if (depth >= FOLD_DEPTH) return v;
  if (Array.isArray(v)) {
    const out = v.map((x: unknown) => foldForInspect(x, depth + 1));
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  if (isPlainRecord(v)) {
    const entries = Object.entries(v);
    const out = entries.map(([k, x]) => [k, foldForInspect(x, depth + 1)] as const);
    return out.some(([, x], i) => x !== entries[i]?.[1]) ? Object.fromEntries(out) : v;
  }
  return v;
}

/**
 * The text the REPL prints for a value left at its prompt: a DataFrame or a Series as a text table
 * (`show()`'s text), a record of DataFrames (what `aggregate` gives) as one table per name, a run's
 * result (`await handle`) as its summary, a run handle as one line of its state; any other value as
 * `util.inspect` prints it (with `options`), with the frames and runs inside folded to one line each.
 * A toolkit error (the REPL prints uncaught errors through its writer too) is its name and message.
 */
export function replValueText(v: unknown, options: InspectOptions = {}): string {
  if (printsBriefly(v)) return toolkitErrorText(v);
  // A Series as show() prints it too: its labels, then its values under its name (danfojs names an
  // unnamed one, as describe() and valueCounts() give, "0").
  if (isFrame(v)) return shownText(() => show(v));
  if (v instanceof RunHandle) return handleLine(v);
  if (isRunResult(v)) return runResultText(v);
  if (isPlainRecord(v)) {
    const values = Object.values(v);
    if (values.length > 0 && values.every((x) => isFrame(x) && !isSeries(x)))
      return shownText(() => show(v as Record<string, DataFrame>));
  }
  return inspect(foldForInspect(v), options);
}
