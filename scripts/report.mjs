// npm run report [-- [--no-code] [--param name=value …] [--jobs N] [--out DIR] [notebook.ipynb …]] —
// executes every notebook in notebooks/ (or the ones named) headless with the real Jupyter and the
// project's tslab kernel (`jupyter nbconvert --to html --execute`), one at a time (kernels starting
// together on 2 busy cores miss the start-up deadline), and writes `reports/<name>.html`: a table of
// contents, the cells (code hidden with --no-code), and plotly charts that render offline (plotly.js
// inline once, minified). `--param` sets a notebook parameter (scripts/report-params.mjs). Exits 1
// if any cell of any notebook fails, showing the failing cell's error; 2 for a bad --param.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { JUPYTER, KERNEL_NAME, ROOT, jupyterEnv, linkPackage, requireBuild, requireTools } from "./notebook-env.mjs";
import { finishReport, minifiedPlotlyScript } from "./report-html.mjs";
import { ParamError, injectParams, parseParams } from "./report-params.mjs";

const USAGE = `Usage: npm run report [-- [options] [notebook.ipynb …]]

Runs every notebook of notebooks/ (or those named) headless with the project's kernel, one at a
time, into <out>/<name>.html: the cells and the charts, drawn offline. A failing cell fails it.

Options:
  --param <name=value>      set a parameter of the notebook's cell tagged "parameters" (repeatable)
  --no-code                 hide the code cells: results only
  --out <dir>               where the reports go (default: reports/)
  --jobs <n>                notebooks run at once (default 1)
  --timeout <s>             seconds a cell may run (default 1200)
  --startup-timeout <s>     seconds a kernel may take to start (default 300)
  -h, --help                show this help
`;

/** The command line, or the usage on stdout (--help, exit 0) or after one line on stderr (exit 2). */
function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        jobs: { type: "string", default: "1" },
        out: { type: "string", default: join(ROOT, "reports") },
        // Seconds a cell may run, and a kernel may take to start (tslab compiles TypeScript on start:
        // tens of seconds on 2 cores busy with other work).
        timeout: { type: "string", default: "1200" },
        "startup-timeout": { type: "string", default: "300" },
        param: { type: "string", multiple: true, default: [] },
        "no-code": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    if (!String(e?.code).startsWith("ERR_PARSE_ARGS")) throw e;
    const option = /option '([^']+)'/i.exec(e.message)?.[1];
    const what = e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option ? `unknown option ${option}` : e.message;
    process.stderr.write(`npm run report: ${what}\n\n${USAGE}`);
    process.exit(2);
  }
}
const { values, positionals } = parseCommandLine();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
/** A flag's value as a whole number ≥ 1, or one line saying what is allowed (exit 2). */
function count(flag) {
  const text = values[flag];
  if (!/^[1-9]\d*$/.test(text)) {
    process.stderr.write(
      `npm run report: --${flag} must be a whole number of at least 1, got ${JSON.stringify(text)}\n`,
    );
    process.exit(2);
  }
  return Number(text);
}
const jobs = count("jobs");
count("timeout");
count("startup-timeout");
const outDir = resolve(values.out);
const notebooks =
  positionals.length > 0
    ? positionals.map((p) => resolve(p))
    : readdirSync(join(ROOT, "notebooks"))
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
        .map((f) => join(ROOT, "notebooks", f));

/** Each notebook's JSON with the --param values injected, or undefined when there are none. */
const inputs = new Map();
try {
  const params = parseParams(values.param);
  for (const nb of params.length === 0 ? [] : notebooks) {
    if (!existsSync(nb)) continue;
    inputs.set(nb, JSON.stringify(injectParams(JSON.parse(readFileSync(nb, "utf8")), basename(nb), params)));
  }
} catch (e) {
  if (!(e instanceof ParamError)) throw e;
  process.stderr.write(`npm run report: ${e.message}\n`);
  process.exit(2);
}

requireTools(["jupyter"]);
requireBuild();
linkPackage();
mkdirSync(outDir, { recursive: true });
const plotly = await minifiedPlotlyScript(ROOT);

/** nbconvert's arguments for `notebook` (read from stdin, in its folder, when it has parameters). */
function nbconvert(notebook, args, env = {}) {
  const common = [
    "nbconvert",
    "--execute",
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    `--ExecutePreprocessor.timeout=${values.timeout}`,
    `--ExecutePreprocessor.startup_timeout=${values["startup-timeout"]}`,
    ...args,
  ];
  const input = inputs.get(notebook);
  return {
    args: input === undefined ? [...common, notebook] : [...common, "--stdin"],
    options: { env: jupyterEnv(env), cwd: dirname(notebook), ...(input === undefined ? {} : { input }) },
  };
}

/** The source of the cell nbconvert names in a CellExecutionError, if any. */
function failedCellSource(log) {
  const m = /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n/.exec(log);
  return m?.[1];
}

/**
 * What went wrong, legibly: the notebook is executed once more keeping errors (`--allow-errors`)
 * and stopping at the first one (SWEEPLAB_STOP_AFTER_ERROR=1: the project's kernel marks each later
 * cell "not run: cell N (…) failed above" instead of running it); the failed cell's error output
 * is shown with its source, and that executed notebook is kept as `<out>/<name>.failed.ipynb`.
 */
function explainFailure(notebook, log) {
  const source = failedCellSource(log);
  if (source === undefined) return log.trim().split("\n").slice(-40).join("\n");
  const { args, options } = nbconvert(notebook, ["--to", "notebook", "--allow-errors", "--stdout"], {
    SWEEPLAB_STOP_AFTER_ERROR: "1",
  });
  const r = spawnSync(JUPYTER, args, { ...options, encoding: "utf8", maxBuffer: 1 << 30 });
  let error = "(the error output of the cell could not be read back)";
  let kept;
  try {
    const cells = JSON.parse(r.stdout).cells;
    kept = join(outDir, `${basename(notebook, ".ipynb")}.failed.ipynb`);
    writeFileSync(kept, r.stdout);
    const index = cells.findIndex((c) => c.cell_type === "code" && [c.source].flat().join("") === source);
    const outputs = cells[index]?.outputs ?? [];
    const text = outputs
      .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
      .map((o) =>
        // The traceback shows the error (the kernel's one line `Name: message` for a toolkit error).
        o.output_type === "error"
          ? (o.traceback?.length ? o.traceback : [`${o.ename}: ${o.evalue}`]).join("\n")
          : [o.text].flat().join(""),
      )
      .join("");
    if (index >= 0) error = `cell ${index + 1} failed:\n${text.trim()}`;
  } catch {
    // keep the generic text
  }
  const quote = (t) =>
    t
      .split("\n")
      .map((l) => `  | ${l}`)
      .join("\n");
  const where = kept === undefined ? "" : `\n  the executed notebook, its later cells not run: ${kept}`;
  return `${error}\n  the cell:\n${quote(source)}${where}`;
}

function execute(notebook) {
  const name = basename(notebook, ".ipynb");
  const { args, options } = nbconvert(notebook, [
    "--to",
    "html",
    `--template-file=${join(ROOT, "scripts", "report-template", "sweeplab-report.html.j2")}`,
    ...(values["no-code"] ? ["--no-input", "--no-prompt"] : []),
    `--output-dir=${outDir}`,
    `--output=${name}`,
  ]);
  const t0 = performance.now();
  return new Promise((done) => {
    const input = options.input;
    const child = spawn(JUPYTER, args, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.end(input ?? "");
    let log = "";
    child.stdout.on("data", (b) => (log += b));
    child.stderr.on("data", (b) => (log += b));
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const html = join(outDir, `${name}.html`);
      // What an earlier run of this notebook left in the folder describes that run, not this one:
      // a failed run leaves no earlier report to pass for its own, a passing run no earlier failure.
      rmSync(code === 0 ? join(outDir, `${name}.failed.ipynb`) : html, { force: true });
      if (code === 0) {
        try {
          finishReport(html, plotly);
        } catch (e) {
          done({ name, ok: false, seconds, log: String(e) });
          return;
        }
      }
      done({ name, ok: code === 0, seconds, html, log });
    });
  });
}

const queue = [...notebooks];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let nb = queue.shift(); nb !== undefined; nb = queue.shift()) {
      if (!existsSync(nb)) {
        results.push({ name: nb, ok: false, seconds: 0, log: "no such notebook" });
        continue;
      }
      const r = await execute(nb);
      process.stdout.write(
        `${r.ok ? "ok    " : "FAILED"} ${r.name} (${r.seconds.toFixed(1)} s)${r.ok ? ` → ${r.html}` : ""}\n`,
      );
      if (!r.ok) process.stdout.write(`${explainFailure(nb, r.log)}\n`);
      results.push(r);
    }
  }),
);
const failed = results.filter((r) => !r.ok);
process.stdout.write(
  failed.length === 0
    ? `${results.length} notebook(s) executed without an error; reports in ${outDir}\n`
    : `${failed.length} of ${results.length} notebook(s) failed: ${failed.map((r) => r.name).join(", ")}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
