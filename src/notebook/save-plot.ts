import { SweeplabError } from "../model/errors.js";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { toFigure, type Figure, type FigureInput } from "../plots/index.js";
import { escapeHtml } from "./html.js";
import { figureArg, figureHtml } from "./plot.js";
import { plotlyFile, plotlySource } from "./plotly-source.js";

/** The Chromium that renders PNG and SVG files (Debian's `chromium` package). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Why {@link savePlot} failed: `unsupported_format` (the path ends in neither .html, .htm, .png nor
 * .svg), `chromium_missing` (a PNG or SVG needs Chromium, which is not installed), `render_failed`
 * (Chromium ran but gave no image: its message is included), `unwritable` (the file or its folder
 * cannot be written).
 */
export type SavePlotErrorCode = "unsupported_format" | "chromium_missing" | "render_failed" | "unwritable";

/** A chart that could not be saved: the path, why (`code`) and what to do, in one message. */
export class SavePlotError extends SweeplabError {
  override readonly name = "SavePlotError";
  constructor(
    readonly code: SavePlotErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Options of {@link savePlot}. */
export interface SavePlotOptions {
  /** Image width in CSS pixels (PNG, SVG; default 1000). */
  width?: number;
  /** Image height in CSS pixels (PNG, SVG; default 600). */
  height?: number;
  /** Pixel density of a PNG (default 2: sharp on print and high-density screens). */
  scale?: number;
  /** The Chromium executable (default {@link CHROMIUM_PATH}). */
  chromium?: string;
  /** How long Chromium may take to draw the image, ms (default 60,000). */
  timeoutMs?: number;
}

/**
 * A figure's title, whether typed as `{ text }` (as the builders make it) or as plain text (a figure
 * typed at the REPL); "" without one.
 */
export function figureTitle(figure: Figure): string {
  const t = (figure.layout as { title?: unknown } | undefined)?.title;
  if (typeof t === "string") return t;
  const text = (t as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : "";
}

/**
 * A standalone HTML page drawing `figure` with plotly.js inline (once): it opens offline in any
 * browser and needs nothing beside it. `plotly` is the code put inline: by default the toolkit's
 * one plotly.js, the minified bundle of `plotly.js-dist-min` (≈ 4.6 MB, as the reports).
 */
export function standaloneFigureHtml(figure: Figure, plotly: string = plotlySource()): string {
  return figurePage(figure, figureHtml(figure, plotly));
}

/**
 * A page drawing `figure` with the plotly.js file at `scriptSrc` (a URL relative to the page): small,
 * for a folder of charts that share one copy of plotly.js beside them (the REPL's `plot`).
 */
export function linkedFigureHtml(figure: Figure, scriptSrc: string): string {
  return figurePage(figure, `<script src="${escapeHtml(scriptSrc)}"></script>${figureHtml(figure)}`);
}

function figurePage(figure: Figure, body: string): string {
  const title = escapeHtml(figureTitle(figure) || "sweeplab chart");
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
    `<body style="margin:0;padding:8px;font-family:sans-serif">${body}</body></html>\n`
  );
}

/** A page that renders `figure` with `Plotly.toImage` and leaves the image, base64, in `#out[data-result]`. */
function imagePage(figure: Figure, format: "png" | "svg", o: Required<Omit<SavePlotOptions, "chromium">>): string {
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  const size = JSON.stringify({ format, width: o.width, height: o.height, scale: format === "png" ? o.scale : 1 });
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out"></pre>` +
    // plotly.js by reference, not inline: Chromium dumps the page's DOM, which should stay small.
    `<script src="${pathToFileURL(plotlyFile()).href}"></script><script>` +
    `(async function () { var out = document.getElementById("out");` +
    `var b64 = function (s) { return btoa(unescape(encodeURIComponent(s))); };` +
    `try { var url = await Plotly.toImage(${json}, ${size});` +
    `var comma = url.indexOf(","), head = url.slice(0, comma), body = url.slice(comma + 1);` +
    `out.setAttribute("data-result", "ok:" + (/;base64$/.test(head) ? body : b64(decodeURIComponent(body))));` +
    `} catch (e) { out.setAttribute("data-result", "error:" + b64(String((e && e.message) || e))); } })();` +
    `</script></body></html>`
  );
}

function run(
  file: string,
  args: string[],
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; error?: Error }> {
  return new Promise((done) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 256 << 20, encoding: "utf8" }, (error, stdout, stderr) =>
      done(error === null ? { stdout, stderr } : { stdout, stderr, error }),
    );
  });
}

/** Renders `figure` to PNG or SVG bytes in headless Chromium (see {@link savePlot}). */
async function renderImage(
  figure: Figure,
  path: string,
  format: "png" | "svg",
  options: SavePlotOptions,
): Promise<Buffer> {
  const chromium = options.chromium ?? CHROMIUM_PATH;
  if (!existsSync(chromium))
    throw new SavePlotError(
      "chromium_missing",
      path,
      `a .${format} file is drawn by Chromium, and ${chromium} is not installed: install the Debian package ` +
        `chromium (sudo apt-get install chromium), or save the chart as .html`,
    );
  const o = {
    width: options.width ?? 1000,
    height: options.height ?? 600,
    scale: options.scale ?? 2,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
  const dir = await mkdtemp(join(tmpdir(), "sweeplab-plot-"));
  try {
    const page = join(dir, "figure.html");
    await writeFile(page, imagePage(figure, format, o));
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
      "--virtual-time-budget=30000",
      "--dump-dom",
      pathToFileURL(page).href,
    ];
    const r = await run(chromium, args, o.timeoutMs);
    const m = /data-result="(ok|error):([A-Za-z0-9+/=]*)"/.exec(r.stdout);
    if (m?.[1] === "ok" && m[2] !== undefined && m[2] !== "") return Buffer.from(m[2], "base64");
    const why =
      m?.[1] === "error"
        ? `plotly could not draw the figure: ${Buffer.from(m[2] ?? "", "base64").toString("utf8")}`
        : `Chromium gave no image (${r.error?.message.split("\n")[0] ?? "no result in the page"}; ` +
          `last output: ${r.stderr.trim().split("\n").slice(-2).join(" | ")})`;
    throw new SavePlotError("render_failed", path, `${why}; save the chart as .html instead`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a failed write's error code means for the path, and what to do. */
const WRITE_PROBLEMS: Record<string, string> = {
  EACCES: "permission denied: choose a folder you can write to",
  EPERM: "permission denied: choose a folder you can write to",
  EEXIST: "a file stands where a folder of the path should be",
  ENOTDIR: "a file stands where a folder of the path should be",
  EISDIR: "the path is a folder: name a file in it",
  ENOSPC: "the disk is full",
  EROFS: "the file system is read-only",
};

/**
 * Saves a figure (a chart builder's, or one written by hand: `FigureInput`) to a file, the format by the path's extension: `.html` / `.htm` a standalone page
 * with plotly.js inline, the minified bundle the reports embed (≈ 4.6 MB; always available, opens offline), `.png` or `.svg` an image drawn by
 * plotly in headless Chromium ({@link CHROMIUM_PATH}; `width` × `height` CSS pixels, a PNG at
 * `scale` × that). Creates the folder; overwrites the file. Returns the file's absolute path.
 * Throws {@link SavePlotError}: `unsupported_format`, `chromium_missing` (naming the package to
 * install), `render_failed`, `unwritable`.
 */
export async function savePlot(input: FigureInput, path: string, options: SavePlotOptions = {}): Promise<string> {
  const figure = toFigure(figureArg(input, "savePlot"));
  const file = resolve(path);
  const ext = extname(file).toLowerCase();
  let bytes: string | Buffer;
  if (ext === ".html" || ext === ".htm") bytes = standaloneFigureHtml(figure);
  else if (ext === ".png" || ext === ".svg")
    bytes = await renderImage(figure, file, ext === ".png" ? "png" : "svg", options);
  else
    throw new SavePlotError(
      "unsupported_format",
      file,
      `cannot save a chart as "${ext || "(no extension)"}": end the path in .html, .png or .svg`,
    );
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const why = WRITE_PROBLEMS[code] ?? "choose another path";
    throw new SavePlotError("unwritable", file, `cannot be written (${code}: ${why})`);
  }
  return file;
}
