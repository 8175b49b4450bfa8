import type { RunSummary } from "../pipeline/index.js";
import { escapeHtml } from "./html.js";

/** A failed job or partition task of a run: what it was, why it failed (typed code), after how many attempts. */
export interface RunFailure {
  /** `SEC|YYYY-MM-DD` for a job, the input file for a partition task. */
  key: string;
  phase: "partition" | "jobs";
  /**
   * A `JobErrorCode`: `job_threw`, `job_timeout`, `worker_exited`, `out_of_memory`, `output_unwritable`,
   * `bad_task`, or the own code of the typed error a job threw (`value_too_large`, `corrupt_piece`, …).
   */
  code: string;
  message: string;
  attempts: number;
  stack: string | undefined;
}

/** Every failure recorded in a run's summary, partition tasks first. */
export function failuresOf(summary: RunSummary): RunFailure[] {
  return [
    ...summary.partition.failures.map((f) => ({
      key: f.file,
      phase: "partition" as const,
      code: f.error.code,
      message: f.error.message,
      attempts: 1,
      stack: f.error.stack,
    })),
    ...(summary.jobs?.failures ?? []).map((f) => ({
      key: f.key,
      phase: "jobs" as const,
      code: f.error.code,
      message: f.error.message,
      attempts: f.attempts,
      stack: f.error.stack,
    })),
  ];
}

/** The failures as text lines: `FAILED <key> [<code>] after n attempt(s): <message>`. */
export function failuresText(failures: readonly RunFailure[]): string {
  return failures
    .map((f) => `FAILED ${f.key} [${f.code}] after ${f.attempts} attempt(s): ${f.message.split("\n")[0] ?? ""}`)
    .join("\n");
}

/**
 * The failures as an HTML table in red: key, code, attempts and the first line of the message,
 * the full message and stack folded under "details"; a hint to rerun them with `retryFailed`.
 */
export function failuresHtml(failures: readonly RunFailure[]): string {
  if (failures.length === 0) return "";
  const rows = failures
    .map((f) => {
      const [first = "", ...rest] = f.message.split("\n");
      const more = [rest.join("\n"), f.stack ?? ""].filter((s) => s.trim() !== "").join("\n");
      const details =
        more === ""
          ? ""
          : `<details><summary>details</summary><pre style="white-space:pre-wrap">${escapeHtml(more)}</pre></details>`;
      return (
        `<tr><td><code>${escapeHtml(f.key)}</code></td><td><b>${escapeHtml(f.code)}</b></td>` +
        `<td style="text-align:right">${f.attempts}</td><td>${escapeHtml(first)}${details}</td></tr>`
      );
    })
    .join("");
  return (
    `<div class="sweeplab-failures" style="color:#b00020">` +
    `<b>${failures.length} failed task${failures.length === 1 ? "" : "s"}</b> ` +
    `(the others completed; rerun only these with <code>run(config, {}, { retryFailed: true })</code>)` +
    `<table><thead><tr><th>task</th><th>error</th><th>attempts</th><th>message</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></div>`
  );
}
