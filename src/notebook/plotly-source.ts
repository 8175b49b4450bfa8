/**
 * plotly.js as the toolkit uses it, one source for every page it writes: the minified bundle that
 * plotly publishes as the npm package `plotly.js-dist-min` (≈ 4.6 MB, its licence banner first),
 * pinned to one exact version in package.json. `savePlot`'s pages, a notebook chart in `html` mode
 * and the reports of `npm run report` (scripts/report-html.mjs imports this from dist/) put it
 * inline; the REPL copies it beside its chart pages. Nothing is minified at run time.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The path of plotly.js (`plotly.js-dist-min`'s `plotly.min.js`). */
export function plotlyFile(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist-min");
}

let source: string | undefined;

/** plotly.js's code (the minified bundle, ≈ 4.6 MB), read once per process. */
export function plotlySource(): string {
  source ??= readFileSync(plotlyFile(), "utf8");
  return source;
}

/** The version of plotly.js installed (`plotly.js-dist-min`'s package.json's, e.g. `3.7.0`). */
export function plotlyVersion(): string {
  const dir = dirname(plotlyFile());
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** plotly.js code as an inline script: `</script` inside its strings becomes `<\/script`, the same to JavaScript. */
export function plotlyScript(code: string): string {
  return `<script>${code.replace(/<\/script/gi, "<\\/script")}</script>`;
}
