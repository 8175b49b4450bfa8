import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { figureTitle, standaloneFigureHtml, type Figure } from "../notebook/index.js";

/** The folder `plot()` writes charts to at the REPL: `$SWEEPLAB_PLOT_DIR`, else `./sweeplab-plots`. */
export function defaultPlotDir(): string {
  return resolve(process.env.SWEEPLAB_PLOT_DIR ?? "sweeplab-plots");
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

/**
 * Writes `figure` as a standalone HTML page (`standaloneFigureHtml`, as `savePlot` writes it) into `dir` (created) and returns
 * its absolute path: `<dir>/<title as a slug>.html`, or `-2`, `-3`, … before `.html` when that file
 * exists already — an earlier chart is never overwritten. Throws the file system's error (EACCES …).
 */
export function writePlotFile(figure: Figure, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const slug = fileSlug(figureTitle(figure));
  let path = join(dir, `${slug}.html`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${slug}-${n}.html`);
  writeFileSync(path, standaloneFigureHtml(figure), { flag: "wx" });
  return resolve(path);
}
