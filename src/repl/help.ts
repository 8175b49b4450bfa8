/** The toolkit's main calls, one line each, as `.sweeplab` lists them first. */
export const HIGHLIGHTS: readonly (readonly [name: string, what: string])[] = [
  ["scan(inputs, options?)", "shape of order/trade/NBBO files per (security, date); `.frames` are DataFrames"],
  ["run(config | path, overrides?, options?)", "the scaled run; await it, iterate its events, cancel() it"],
  ["aggregate(result | outputDir, filter?)", "the eight aggregated tables as DataFrames"],
  ["compare(result | outputDir | rows, filter?)", "real vs simulated per sweep, as a DataFrame"],
  ["sweepRows(result | outputDir, filter?)", "per-sweep rows (exact: bigint ids, integer money)"],
  ["details(result | outputDir, table, filter?)", "a detail table (orders, classified, simulation) as a DataFrame"],
  ["statistics(rows) / testsFrame(stats)", "paired t-tests of simulated − real (sweepStatistics); await testsFrame"],
  ["diffFrames(before, after, keys)", "the cells that changed between two frames, as a DataFrame (await it)"],
  ["show(frame | rows)", "a table (text here, HTML in a notebook); a frame left at the prompt prints as one"],
  ["plot(figure)", "a chart: here an HTML file in ./sweeplab-plots (path printed), in a notebook drawn"],
  ["charts.fillRatio(frames), charts.sizeBand, charts.timeSeries, …", "figures for plot(); savePlot(figure, file)"],
  ["generate(options)", "a deterministic synthetic data set in the ASX formats"],
  ["loadConfigFile(path, ...overrides)", "a validated RunConfig (a plain object: spread it, change it, run it)"],
  ["SAMPLE_CONFIG_PATH", "the config of the shipped sample data"],
  ["workDir(name)", "a scratch folder of this process, removed when it exits ($SWEEPLAB_WORK_DIR: kept)"],
];

/**
 * Lines to type at the prompt, in order, each working as it stands (tests/repl/prompt.test.ts types
 * every one): a run with overrides, its summary, its tables, a chart, and a run of a config object.
 */
export const EXAMPLES: readonly string[] = [
  'h = run(SAMPLE_CONFIG_PATH, { outputDir: workDir("repl"), securities: ["110621"] })  // starts at once',
  "r = await h                       // prints the run's summary",
  "a = await aggregate(r)            // prints every aggregated table",
  "a.by_security                     // a DataFrame prints as a text table; show(frame, { maxRows: 10 })",
  "plot(charts.fillRatio(a))         // writes ./sweeplab-plots/<title>.html and prints its path",
  "cfg = await loadConfigFile(SAMPLE_CONFIG_PATH)  // a config as an object, to change before running",
  'await run({ ...cfg, dates: ["2024-10-02"] }, { outputDir: workDir("repl-2"), analysis: { impactTicks: 2 } })',
];

/** Names of the preloaded values by kind: functions, classes (constructors) and other values. */
export function namesByKind(values: Readonly<Record<string, unknown>>): {
  functions: string[];
  classes: string[];
  values: string[];
} {
  const out = { functions: [] as string[], classes: [] as string[], values: [] as string[] };
  for (const [name, v] of Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof v === "function") {
      (/^class\b/.test(Function.prototype.toString.call(v)) ? out.classes : out.functions).push(name);
    } else out.values.push(name);
  }
  return out;
}

function wrap(names: readonly string[], width = 100, indent = "  "): string {
  const lines: string[] = [];
  let line = indent;
  for (const n of names) {
    if (line.length + n.length + 2 > width && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${n}, `;
  }
  if (line.trim() !== "") lines.push(line.replace(/, $/, ""));
  return lines.join("\n");
}

/**
 * The text of the `.sweeplab` command: the main calls, every preloaded name of the public API by
 * kind, the chart builders under `charts`, then the other names of `internal` (sweeplab/internal).
 */
export function helpText(
  values: Readonly<Record<string, unknown>>,
  internal: Readonly<Record<string, unknown>> = {},
): string {
  const w = Math.max(...HIGHLIGHTS.map(([n]) => Math.min(n.length, 48)));
  const main = HIGHLIGHTS.map(([n, what]) =>
    n.length > 48 ? `  ${n}\n  ${"".padEnd(w)}  ${what}` : `  ${n.padEnd(w)}  ${what}`,
  );
  const k = namesByKind(values);
  const charts = values.charts;
  const chartNames = typeof charts === "object" && charts !== null ? Object.keys(charts).sort() : [];
  const rest = namesByKind(Object.fromEntries(Object.entries(internal).filter(([name]) => !(name in values))));
  const restNames = [...rest.functions, ...rest.classes, ...rest.values].sort();
  return [
    "sweeplab: the public API is preloaded (also as `sweeplab.<name>`), the rest as `internal.<name>`; top-level await works.",
    "A frame prints as a table, `await handle` as the run's summary, an error as its message (all of it: _error;",
    "setDebug(true) prints toolkit errors whole). plot(figure) writes an HTML file and prints its path.",
    "",
    "Main calls:",
    ...main,
    "",
    `Functions (${k.functions.length}):`,
    wrap(k.functions),
    `Classes (${k.classes.length}):`,
    wrap(k.classes),
    `Constants and schemas (${k.values.length}):`,
    wrap(k.values),
    `Charts (${chartNames.length}, as charts.<name>):`,
    wrap(chartNames),
    `internal (${restNames.length} more, as internal.<name>: the rest of the toolkit, sweeplab/internal):`,
    wrap(restNames),
    "",
    "Examples (objects typed here are taken as in a script; workDir(name) is a scratch folder):",
    ...EXAMPLES.map((e) => `  ${e}`),
  ].join("\n");
}
