// What an analyst types at the REPL's prompt: config objects and overrides (objects of the REPL's
// own JavaScript context), frames, awaited runs and charts, each through the real `npm run repl`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { Repl } from "./repl-child.js";

const RUN_MS = 120_000;
let repl: Repl;
let dir: string;

/** A folder listing, sorted ([] when the folder does not exist). */
const list = (...parts: string[]): string[] => (existsSync(join(...parts)) ? readdirSync(join(...parts)).sort() : []);

/** The answer must not be an error or an object dump of danfojs or the run handle. */
function readable(answer: string): string {
  expect(answer).not.toMatch(/Uncaught|\$data|\$columns|controller:|AbortController|Promise \{/);
  return answer;
}

beforeAll(async () => {
  dir = tmp("sweeplab-repl-");
  // The REPL runs in a folder of its own: `plot()` writes into ./sweeplab-plots there, workDir() under work/.
  repl = new Repl({ cwd: dir, env: { SWEEPLAB_WORK_DIR: join(dir, "work") } });
  await repl.until(/sweeplab> $/);
  await repl.send(`tmp = ${JSON.stringify(dir)}; sample = SAMPLE_CONFIG_PATH.replace(/sweeplab\\.yaml$/, ""); 0`);
});
afterAll(async () => {
  // Its input is a pipe: the two statements that threw ("errors at the prompt") make the exit code 1.
  expect(await repl.close()).toBe(1);
  expect(repl.output).toMatch(
    /sweeplab repl: line \d+ threw ConfigError: bad config \(.*sweeplab\.yaml with the settings given over it\), 1 problem: workers: /m,
  );
  expect(repl.output).toMatch(
    /^sweeplab repl: line \d+ threw TypeError: Cannot read properties of null \(reading 'x'\)$/m,
  );
  expect(repl.output).toContain("\nsweeplab repl: 2 statements of the input threw: exit code 1\n");
});

describe("objects typed at the prompt", () => {
  it("run(SAMPLE_CONFIG_PATH, overrides) runs with the overrides: output folder, selection, nested settings", async () => {
    readable(
      await repl.send(
        'h = run(SAMPLE_CONFIG_PATH, { outputDir: tmp + "/a", securities: ["110621"], analysis: { impactTicks: 2 } })',
      ),
    );
    const summary = readable(await repl.send("r = await h", RUN_MS));
    expect(summary).toContain("jobs: 4 done, 0 skipped (already current), 0 failed of 4");
    expect(list(dir, "a", "by_security")).toEqual(["SEC_110621"]);
    expect(list(dir, "a", "by_security", "SEC_110621")).toEqual([
      "2024-10-02",
      "2024-10-03",
      "2024-10-04",
      "2024-10-07",
    ]);
    expect(await repl.send("[r.config.analysis.impactTicks, r.config.analysis.sizeBands.smallMax]")).toContain(
      "[ 2, 500 ]",
    );
  });

  it("run({ config object }, { overrides }) typed at the prompt runs that config", async () => {
    readable(
      await repl.send(
        "h2 = run({ inputs: [sample + 'orders', sample + 'trades', sample + 'nbbo.csv.gz'], reference: { instruments: sample + 'ob.csv' } }, " +
          "{ outputDir: tmp + '/b', securities: ['110622'], dates: ['2024-10-03', '2024-10-04'] })",
      ),
    );
    readable(await repl.send("r2 = await h2", RUN_MS));
    expect(list(dir, "b", "by_security")).toEqual(["SEC_110622"]);
    expect(list(dir, "b", "by_security", "SEC_110622")).toEqual(["2024-10-03", "2024-10-04"]);
    expect(list(dir, "b", "aggregated")).toContain("by_security.csv");
  });

  it("internal.resolveConfig and loadConfigFile take prompt objects, nested ones merged field by field", async () => {
    const answer = await repl.send(
      "c = await loadConfigFile(SAMPLE_CONFIG_PATH, { analysis: { sizeBands: { mediumMax: 9000 } } }, { workers: 1 }); " +
        "[c.analysis.sizeBands.smallMax, c.analysis.sizeBands.mediumMax, c.workers, internal.resolveConfig(c, { retries: 3 }).retries]",
    );
    expect(answer).toContain("[ 500, 9000, 1, 3 ]");
  });
});

describe("values printed at the prompt", () => {
  it("`await handle` prints the run's summary lines, not the result object", async () => {
    const answer = readable(await repl.send("await h", RUN_MS));
    expect(answer).toMatch(/^partition: /m);
    expect(answer).toMatch(/^jobs: 4 done, 0 skipped \(already current\), 0 failed of 4, /m);
    expect(answer).toMatch(/^aggregate: \d+ files in /m);
    expect(answer).toContain(join(dir, "a"));
    expect(answer).not.toContain("rowsPerSecond");
    expect(answer.split("\n").length).toBeLessThan(30);
  });

  it("a run handle prints one line of its state", async () => {
    const answer = readable(await repl.send("h"));
    expect(answer).toMatch(/^RunHandle: finished/);
    expect(answer.split("\n").length).toBeLessThan(4);
  });

  it("a DataFrame, a Series and a record of DataFrames print as text tables", async () => {
    await repl.send("a = await aggregate(r); 0");
    const table = readable(await repl.send("a.by_security"));
    expect(table).toMatch(/\[1 rows? × \d+ columns\]/);
    expect(table).toMatch(/security_code\s+dates\s+sweeps/);
    expect(table).toMatch(/110621\s+4\s+\d+/);
    const series = readable(await repl.send('a.by_security["sweeps"]'));
    expect(series).toMatch(/sweeps\n\s*0\s+\d+/);
    const all = readable(await repl.send("a"));
    for (const name of ["global_summary", "by_security", "by_date", "data_quality"])
      expect(all).toMatch(new RegExp(`^${name}\\b.*\\d+ rows? × \\d+ columns`, "m"));
  });

  it("console.log(frame) prints the same text table", async () => {
    const table = readable(await repl.send("console.log(a.by_security)"));
    expect(table).toMatch(/security_code\s+dates\s+sweeps/);
  });

  it("DataFrames inside a printed object are one line each", async () => {
    const answer = readable(await repl.send("s = await scan(sample + 'orders')"));
    expect(answer).toMatch(/partitions: DataFrame \[12 rows × 12 columns\]/);
    expect(answer).toMatch(/files: DataFrame \[\d+ rows? × 8 columns\]/);
  });

  it("plot(figure) writes an HTML chart under ./sweeplab-plots, plotly.js beside it, and prints its path", async () => {
    const answer = readable(await repl.send("plot(charts.fillRatio(a))"));
    const path = /written to (\S+\.html)/.exec(answer)?.[1];
    expect(path).toBeDefined();
    expect(path?.startsWith(join(dir, "sweeplab-plots"))).toBe(true);
    const html = readFileSync(path as string, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // The library beside the page (one copy for the folder): the page opens offline.
    const script = /<script src="(plotly-[\d.]+\.js)"><\/script>/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(readFileSync(join(dirname(path as string), script as string), "utf8")).toContain("plotly.js v");
    expect(html).toContain('"110621"'); // the figure's data
    expect(html).toContain("Plotly.newPlot");
    // The same chart again gets its own file rather than overwriting the first.
    const again = /written to (\S+\.html)/.exec(await repl.send("plot(charts.fillRatio(a))"))?.[1];
    expect(again).not.toBe(path);
    expect(existsSync(again as string)).toBe(true);
  });
});

describe("errors at the prompt", () => {
  it("a toolkit error prints its message once, without a stack or a dump of its fields", async () => {
    const answer = await repl.send('await run(SAMPLE_CONFIG_PATH, { workers: "many", outputDir: tmp + "/c" })');
    // Node's REPL writes "Uncaught:" on a line of its own when the first line is longer than its
    // break length (80): here that depends on the checkout's path.
    expect(answer).toMatch(
      /^Uncaught(:\n| )ConfigError: bad config \(.*sweeplab\.yaml with the settings given over it\), 1 problem:\n {2}workers: /,
    );
    expect(answer).not.toMatch(/^\s+at /m);
    expect(answer).not.toContain("issues:");
    expect(answer.match(/expected a whole number|many/g)?.length ?? 0).toBeLessThanOrEqual(2);
    expect(await repl.send("_error.code")).toContain("'bad_config'");
    expect(
      await repl.send("bad = run(SAMPLE_CONFIG_PATH, { retries: -1 }); await bad.result.catch(() => 0); bad"),
    ).toMatch(/^RunHandle: failed — await it to see the error/);
  });

  it("other errors print as Node prints them", async () => {
    expect(await repl.send("null.x")).toMatch(/^Uncaught TypeError: Cannot read properties of null/);
  });
});

describe("the help's examples", () => {
  it("each one works typed at the prompt", async () => {
    const help = await repl.send(".sweeplab");
    const examples = help
      .slice(help.indexOf("Examples"))
      .split("\n")
      .slice(1)
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim());
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const line of examples) {
      const answer = await repl.send(line, RUN_MS);
      expect(answer, line).not.toMatch(/Uncaught|Error/);
    }
    expect(list(dir, "work")).not.toEqual([]);
    expect(list(dir, "sweeplab-plots").length).toBeGreaterThanOrEqual(3);
  });
});
