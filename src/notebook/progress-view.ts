import { formatProgress, formatSummary, type RunProgress, type RunSummary } from "../pipeline/index.js";
import type { LiveDisplay } from "./display.js";
import { failuresHtml, failuresOf, failuresText } from "./failures.js";
import { escapeHtml } from "./html.js";

const PHASES: readonly RunProgress["phase"][] = ["partition", "jobs", "aggregate"];

/** The live view of a run: one line per phase (bar and counts), rewritten in place; then the summary. */
export interface ProgressView {
  /** Takes a progress event; redraws at most every `everyMs` (always on a phase change). */
  progress(p: RunProgress): void;
  /** Final state: every phase line, the summary and the failures (or that the run was cancelled). */
  finish(summary: RunSummary, cancelled: boolean): void;
  /**
   * The run threw: the phase lines and, in red, that it stopped and by which error — not the
   * error's message, which the cell's error output shows once; nothing when no phase had begun.
   */
  fail(error: unknown): void;
}

/** A {@link ProgressView} drawing into `display`, at most one redraw per `everyMs` (default 250 ms). */
export function progressView(display: LiveDisplay, everyMs = 250): ProgressView {
  const last = new Map<RunProgress["phase"], RunProgress>();
  let current: RunProgress["phase"] | undefined;
  let drawnAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const lines = (): string[] =>
    PHASES.flatMap((phase) => {
      const p = last.get(phase);
      return p === undefined ? [] : [formatProgress(p)];
    });

  const draw = (extraText = "", extraHtml = ""): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    drawnAt = performance.now();
    const ls = lines();
    display.update({
      text: [...ls, extraText].filter((s) => s !== "").join("\n"),
      html:
        `<div class="sweeplab-progress"><pre style="margin:0;line-height:1.35">${ls.map(escapeHtml).join("\n")}</pre>` +
        `${extraHtml}</div>`,
    });
  };

  return {
    progress(p) {
      last.set(p.phase, p);
      const changed = p.phase !== current;
      current = p.phase;
      const wait = drawnAt + everyMs - performance.now();
      if (changed || wait <= 0) draw();
      // A later event may never come (the last job of a phase): draw the pending state anyway.
      else timer ??= setTimeout(() => draw(), wait);
    },
    finish(summary, cancelled) {
      const failures = failuresOf(summary);
      const text = formatSummary(summary).trimEnd();
      const head = cancelled ? "cancelled: no half-written file is left; run again to finish the work\n" : "";
      draw(
        [head + text, failuresText(failures)].filter((s) => s !== "").join("\n"),
        `<pre style="margin:0.4em 0 0 0;color:#555">${escapeHtml(head + text)}</pre>${failuresHtml(failures)}`,
      );
    },
    fail(error) {
      // Failed before any phase began (a bad config, a missing input): nothing to show here.
      if (last.size === 0) return;
      const message = `stopped by ${error instanceof Error ? error.name : "an error"}`;
      draw(message, `<pre style="color:#b00020;white-space:pre-wrap;margin:0.4em 0 0 0">${escapeHtml(message)}</pre>`);
    },
  };
}
