import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { CHROMIUM_PATH } from "../../src/notebook/save-plot.js";

/**
 * The DOM of the HTML page `file` after headless Chromium has run its scripts, with no network (no
 * host resolves: nothing can be fetched). A drawn plotly chart holds `class="main-svg"`.
 */
export function drawnDom(file: string, profileDir: string): string {
  const r = spawnSync(
    CHROMIUM_PATH,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--host-resolver-rules=MAP * ~NOTFOUND",
      `--user-data-dir=${profileDir}`,
      "--virtual-time-budget=20000",
      "--dump-dom",
      pathToFileURL(file).href,
    ],
    { encoding: "utf8", timeout: 90_000, maxBuffer: 64 << 20 },
  );
  return r.stdout;
}
