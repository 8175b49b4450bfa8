import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { escapeHtml } from "../notebook/html.js";
import { figureHtml, type Figure } from "../notebook/index.js";

/** The folder `plot()` writes charts to at the REPL: `$SWEEPLAB_PLOT_DIR`, else `./sweeplab-plots`. */
export function defaultPlotDir(): string {
  return resolve(process.env.SWEEPLAB_PLOT_DIR ?? "sweeplab-plots");
}

/** A figure's title, whether typed as `{ text }` (as the builders make it) or as plain text; "" without one. */
export function figureTitle(figure: Figure): string {
  const t = (figure.layout as { title?: unknown } | undefined)?.title;
  if (typeof t === "string") return t;
  const text = (t as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : "";
}

/** `Fill ratio by security (real vs simulated)` → `fill-ratio-by-security-real-vs-simulated`; "chart" when nothing is left. */
export function fileSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "chart" : slug;
}

/** A standalone HTML page drawing `figure`, plotly.js inline: it opens offline, in any browser. */
export function standaloneHtml(figure: Figure): string {
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(figureTitle(figure) || "sweeplab chart")}</title></head>\n` +
    `<body style="margin:0;font-family:sans-serif">${figureHtml(figure, true)}</body></html>\n`
  );
}

/**
 * Writes `figure` as a standalone HTML page ({@link standaloneHtml}) into `dir` (created) and returns
 * its absolute path: `<dir>/<title as a slug>.html`, or `-2`, `-3`, … before `.html` when that file
 * exists already — an earlier chart is never overwritten. Throws the file system's error (EACCES …).
 */
export function writePlotFile(figure: Figure, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const slug = fileSlug(figureTitle(figure));
  let path = join(dir, `${slug}.html`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${slug}-${n}.html`);
  writeFileSync(path, standaloneHtml(figure), { flag: "wx" });
  return resolve(path);
}
