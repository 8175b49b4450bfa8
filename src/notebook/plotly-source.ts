/**
 * plotly.js as the toolkit puts it inline in HTML — one helper for `savePlot`'s pages and the
 * reports of `npm run report` (scripts/report-html.mjs imports it from dist/): the `plotly.js-dist`
 * package's file (≈ 11 MB), minified once (≈ 4.6 MB) with the oxc minifier of rolldown (which
 * vitest brings) into `node_modules/.cache/sweeplab/plotly-<version>.min.js`, its licence banner
 * kept; the unminified file when rolldown is not installed or fails, said once on stderr.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";

/** The path of plotly.js (`plotly.js-dist`, unminified). */
export function plotlyFile(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist");
}

/** plotly.js's source as the package ships it (unminified). */
export function plotlySource(): string {
  return readFileSync(plotlyFile(), "utf8");
}

/** The version of `plotly.js-dist` installed (its package.json's). */
export function plotlyVersion(): string {
  const dir = dirname(plotlyFile());
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Where the minified copy of this plotly.js version is kept (beside the package, in node_modules/.cache/sweeplab/). */
export function minifiedPlotlyPath(): string {
  return join(dirname(plotlyFile()), "..", ".cache", "sweeplab", `plotly-${plotlyVersion()}.min.js`);
}

/** rolldown's `minifySync`, as called here. */
type Minify = (
  name: string,
  code: string,
  options: { compress: boolean; mangle: boolean },
) => { code: string; errors: readonly { message?: unknown }[] };

let minified: Promise<string> | undefined;

const stderrLine = (line: string): void => void process.stderr.write(`${line}\n`);

async function minify(log: (line: string) => void): Promise<string> {
  const cache = minifiedPlotlyPath();
  if (existsSync(cache)) return readFileSync(cache, "utf8");
  const source = plotlySource();
  let minifySync: Minify;
  try {
    // A development dependency (vitest's): absent from an install without it, where the catch below takes over.
    ({ minifySync } = (await import("rolldown/experimental")) as unknown as { minifySync: Minify });
  } catch {
    log("plotly.js is put inline unminified (≈ 11 MB a page): rolldown, which minifies it, is not installed");
    return source;
  }
  let result: ReturnType<Minify>;
  try {
    // An experimental API: it may throw, or be gone from a later rolldown (a TypeError here).
    result = minifySync("plotly.js", source, { compress: true, mangle: true });
  } catch (e) {
    result = { code: "", errors: [{ message: e instanceof Error ? e.message : String(e) }] };
  }
  if (result.errors.length > 0) {
    log(`plotly.js is put inline unminified: the minifier failed (${String(result.errors[0]?.message)})`);
    return source;
  }
  const banner = /^\/\*\*[\s\S]*?\*\//.exec(source)?.[0] ?? "/* plotly.js, MIT licence */";
  const code = `${banner}\n${result.code}`;
  // Atomic: tests and reports running at once may both write it; a reader never sees half a file.
  await writeFileAtomic(cache, code).catch(() => undefined); // a read-only install minifies per process
  return code;
}

/**
 * plotly.js minified (see the module's comment), once per process: the cached copy, else minified
 * now (a few seconds) and cached; the unminified source when it cannot be minified (`log`, by
 * default stderr, says why, once).
 */
export function minifiedPlotly(log: (line: string) => void = stderrLine): Promise<string> {
  minified ??= minify(log);
  return minified;
}

/** plotly.js code as an inline script: `</script` inside its strings becomes `<\/script`, the same to JavaScript. */
export function plotlyScript(code: string): string {
  return `<script>${code.replace(/<\/script/gi, "<\\/script")}</script>`;
}
