// What scripts/report.mjs does to the HTML that nbconvert writes with scripts/report-template:
// plotly.js inline once, minified, at the template's plotly marker; a table of contents built from
// the report's headings at the template's contents marker.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the template wants plotly.js. */
export const PLOTLY_MARKER = "<!-- sweeplab:plotly.js -->";
/** Where the template wants the table of contents. */
export const TOC_MARKER = "<!-- sweeplab:toc -->";

/**
 * plotly.js (the plotly.js-dist package) minified, with its licence banner: minified once with the
 * oxc minifier of rolldown (which vitest brings) and kept in node_modules/.cache/sweeplab/; the
 * unminified file when rolldown is not installed (`log` says so).
 */
export async function minifiedPlotly(root, log = (s) => process.stderr.write(`${s}\n`)) {
  const dir = join(root, "node_modules", "plotly.js-dist");
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const source = readFileSync(join(dir, "plotly.js"), "utf8");
  const cache = join(root, "node_modules", ".cache", "sweeplab", `plotly-${version}.min.js`);
  if (existsSync(cache)) return readFileSync(cache, "utf8");
  let minify;
  try {
    ({ minifySync: minify } = await import("rolldown/experimental"));
  } catch {
    log("plotly.js is put inline unminified (≈ 11 MB a report): rolldown, which minifies it, is not installed");
    return source;
  }
  const banner = /^\/\*\*[\s\S]*?\*\//.exec(source)?.[0] ?? `/* plotly.js v${version}, MIT licence */`;
  const result = minify("plotly.js", source, { compress: true, mangle: true });
  if ((result.errors ?? []).length > 0) {
    log(`plotly.js is put inline unminified: the minifier failed (${String(result.errors[0]?.message)})`);
    return source;
  }
  const code = `${banner}\n${result.code}`;
  mkdirSync(join(cache, ".."), { recursive: true });
  writeFileSync(cache, code);
  return code;
}

/** plotly.js as an inline script: `</script` inside its strings becomes `<\/script`, the same to JavaScript. */
export function plotlyScript(code) {
  return `<script>${code.replace(/<\/script/gi, "<\\/script")}</script>`;
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
