// What scripts/report.mjs does to the HTML that nbconvert writes with scripts/report-template:
// plotly.js inline once (the minified bundle), at the template's plotly marker; a table of contents built from
// the report's headings at the template's contents marker.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Where the template wants plotly.js. */
export const PLOTLY_MARKER = "<!-- sweeplab:plotly.js -->";
/** Where the template wants the table of contents. */
export const TOC_MARKER = "<!-- sweeplab:toc -->";

/**
 * plotly.js as an inline script: the toolkit's one plotly.js (src/notebook/plotly-source.ts, from
 * the build in `root`/dist: the minified bundle of `plotly.js-dist-min`), the one `savePlot` and a
 * notebook chart in `html` mode put inline too.
 */
export async function minifiedPlotlyScript(root) {
  const { plotlySource, plotlyScript } = await import(
    pathToFileURL(join(root, "dist", "notebook", "plotly-source.js")).href
  );
  return plotlyScript(plotlySource());
}

const stripTags = (html) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&#182;|¶/g, "")
    .trim();

/**
 * The table of contents of a report: the markdown headings h1–h3 (which nbconvert gives an id and
 * an anchor link), as nested links; empty when there are none.
 */
export function tableOfContents(html) {
  const items = [];
  for (const m of html.matchAll(/<h([1-3]) id="([^"]+)">([\s\S]*?)<\/h\1>/g)) {
    const text = stripTags(m[3]);
    if (text !== "") items.push(`<li class="sweeplab-toc-h${m[1]}"><a href="#${m[2]}">${text}</a></li>`);
  }
  if (items.length === 0) return "";
  return `<nav class="sweeplab-toc" aria-label="Contents"><strong>Contents</strong><ul>${items.join("")}</ul></nav>`;
}

/** Puts plotly.js (the script text) and the table of contents into the report at `file`. */
export function finishReport(file, script) {
  const html = readFileSync(file, "utf8");
  const plotlyAt = html.indexOf(PLOTLY_MARKER);
  const tocAt = html.indexOf(TOC_MARKER);
  if (plotlyAt < 0 || tocAt < 0 || tocAt > plotlyAt) {
    throw new Error(`${file}: no plotly or contents marker (was it built with scripts/report-template?)`);
  }
  writeFileSync(
    file,
    html.slice(0, tocAt) +
      tableOfContents(html) +
      html.slice(tocAt + TOC_MARKER.length, plotlyAt) +
      script +
      html.slice(plotlyAt + PLOTLY_MARKER.length),
  );
}
