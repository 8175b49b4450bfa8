import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { figureTitle, linkedFigureHtml, plotlyFile, plotlyVersion, type Figure } from "../notebook/index.js";

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
 * Writes `figure` as an HTML page into `dir` (created) and returns its absolute path:
 * `<dir>/<title as a slug>.html`, or `-2`, `-3`, … before `.html` when that file exists already —
 * an earlier chart is never overwritten. The pages of a folder share one copy of plotly.js beside
 * them (`plotly-<version>.js`, copied there once), so each page is a few KB, not 4.6 MB; keep the
 * folder together, or use `savePlot(figure, "x.html")` for a page that stands alone. Throws the file
 * system's error (EACCES …).
 */
export function writePlotFile(figure: Figure, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const script = plotlyBeside(dir);
  const slug = fileSlug(figureTitle(figure));
  let path = join(dir, `${slug}.html`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${slug}-${n}.html`);
  writeFileSync(path, linkedFigureHtml(figure, script), { flag: "wx" });
  return resolve(path);
}

/**
 * The name of plotly.js in `dir`, copied there (through a temp file and a rename, the temp file
 * removed if either fails) unless it is there already.
 */
function plotlyBeside(dir: string): string {
  const name = `plotly-${plotlyVersion()}.js`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    const temp = join(dir, `.tmp-${process.pid}-${name}`);
    try {
      copyFileSync(plotlyFile(), temp);
      renameSync(temp, path);
    } catch (e) {
      rmSync(temp, { force: true }); // a full disk mid-copy leaves no part of it behind
      throw e;
    }
  }
  return name;
}
