import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverInputs, expandInputs } from "../../src/io/inputs/inputs.js";
import { formatInputListing } from "../../src/io/inputs/input-format.js";
import { loadConfigFile, readConfigFile, resolveConfig, SAMPLE_CONFIG_PATH } from "../../src/config/index.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import { tmp } from "../helpers.js";
import { configErrorAsync, lines } from "./helpers.js";

const SAMPLE = resolve(import.meta.dirname, "..", "..", "sample_data");

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const YAML_TEXT = `# a run
inputs:
  - orders
  - ./trades/trades-1.csv.gz
  - "nbbo/*.csv.gz"
  - /abs/orders.csv
reference:
  instruments: ref/ob.csv
  participants: /abs/par.csv
securities: [110621, BHP]
dates: { from: 2024-10-02, to: 2024-10-04 }
analysis:
  session: { start: "10:30" }
chunkSize: 16MB
workers: 2
outputDir: out
`;

describe("loadConfigFile", () => {
  it("reads YAML, resolving inputs and reference paths against the file's folder", async () => {
    const dir = tmp();
    const c = await loadConfigFile(write(dir, "run.yaml", YAML_TEXT));
    expect(c.inputs).toEqual([
      join(dir, "orders"),
      join(dir, "trades", "trades-1.csv.gz"),
      `${dir}/nbbo/*.csv.gz`,
      "/abs/orders.csv",
    ]);
    expect(c.reference).toEqual({ instruments: join(dir, "ref", "ob.csv"), participants: "/abs/par.csv" });
    expect(c.securities).toEqual(["110621", "BHP"]);
    expect(c.dates).toEqual({ from: "2024-10-02", to: "2024-10-04" });
    expect(c.analysis.session).toEqual({ start: "10:30", end: "16:00" });
    expect([c.chunkSize, c.workers, c.outputDir]).toEqual([16 * 1024 * 1024, 2, "out"]);
  });

  it("reads .yml and JSON the same way", async () => {
    const dir = tmp();
    const json = JSON.stringify({ inputs: ["data/orders.csv"], reference: { sessions: "session.csv" }, retries: 3 });
    const fromJson = await loadConfigFile(write(dir, "run.json", json));
    expect(fromJson.inputs).toEqual([join(dir, "data", "orders.csv")]);
    expect(fromJson.reference).toEqual({ sessions: join(dir, "session.csv") });
    expect(fromJson.retries).toBe(3);
    const fromYml = await loadConfigFile(write(dir, "run.yml", "inputs: [data/orders.csv]\nretries: 3\n"));
    expect(fromYml.inputs).toEqual([join(dir, "data", "orders.csv")]);
  });

  it("escapes the config folder in front of a glob so only the pattern is a pattern", async () => {
    const dir = join(tmp(), "run (1)");
    mkdirSync(join(dir, "orders"), { recursive: true });
    writeFileSync(join(dir, "orders", "orders-a.csv"), "");
    writeFileSync(join(dir, "orders", "orders-b.csv"), "");
    const c = await loadConfigFile(write(dir, "run.yaml", "inputs: ['orders/*.csv']\n"));
    expect(c.inputs).toEqual([`${dir.replace("(", "\\(").replace(")", "\\)")}/orders/*.csv`]);
    expect(await expandInputs(c.inputs)).toEqual([
      join(dir, "orders", "orders-a.csv"),
      join(dir, "orders", "orders-b.csv"),
    ]);
  });

  it("resolves the folders in front of a glob as a path: the input listing shows no `cfg/..`", async () => {
    const root = tmp();
    mkdirSync(join(root, "cfg"));
    mkdirSync(join(root, "dd"));
    const orders = join(SAMPLE, "orders", "orders-2024-10-02.csv.gz");
    copyFileSync(orders, join(root, "dd", "a.csv.gz"));
    copyFileSync(orders, join(root, "dd", "b.csv.gz"));
    const c = await loadConfigFile(
      write(join(root, "cfg"), "run.yaml", "inputs: ['../dd/*.csv.gz', './x/../dd/a*']\n"),
    );
    expect(c.inputs).toEqual([`${root}/dd/*.csv.gz`, `${root}/cfg/dd/a*`]);
    const listing = await discoverInputs(c.inputs.slice(0, 1));
    expect(formatInputListing(listing).slice(1)).toEqual([
      `  WARNING ${root}/dd/b.csv.gz is a copy of ${root}/dd/a.csv.gz (the same data once decompressed): only ${root}/dd/a.csv.gz is read`,
    ]);
  });

  it("applies overrides over the file, validating once", async () => {
    const dir = tmp();
    const path = write(dir, "run.yaml", YAML_TEXT);
    const c = await loadConfigFile(path, { workers: "6", securities: ["CBA"], "analysis.impactTicks": 3 });
    expect([c.workers, c.securities, c.analysis.impactTicks, c.analysis.session.start]).toEqual([
      6,
      ["CBA"],
      3,
      "10:30",
    ]);
  });

  it("reads a partial file that overrides complete (readConfigFile + resolveConfig)", async () => {
    const dir = tmp();
    const path = write(dir, "analysis.yaml", "analysis:\n  impactTicks: 2\n");
    expect(await readConfigFile(path)).toEqual({ analysis: { impactTicks: 2 } });
    const c = resolveConfig(await readConfigFile(path), { inputs: ["data"] });
    expect([c.inputs, c.analysis.impactTicks]).toEqual([["data"], 2]);
    const e = await configErrorAsync(() => loadConfigFile(path));
    expect(e.source).toBe(path);
    expect(e.message).toBe(
      `bad config (${path}), 1 problem:\n  inputs: expected a list of at least one file, folder or glob, got nothing`,
    );
    // A problem of a setting given over the file is not the file's: the source says so.
    const over = await configErrorAsync(() => loadConfigFile(path, { inputs: ["data"], securites: ["110621"] }));
    expect(over.message).toBe(
      `bad config (${path} with the settings given over it), 1 problem:\n  securites: unknown key (did you mean "securities"?); allowed keys: inputs, reference, securities, dates, analysis, chunkSize, workers, memoryBudget, jobTimeoutMs, retries, outputDir, strict, unknownCodes, outputs`,
    );
    // One of the file's own, with settings given over it that are fine: the file alone.
    expect((await configErrorAsync(() => loadConfigFile(path, { workers: 2 }))).source).toBe(path);
    // The file's own field beside one given over it in the same object: the file alone, as the
    // CLI says it (--session with the file's analysis.impactTicks wrong); before, "with the settings given over it".
    const bad = write(dir, "bad-ticks.yaml", "inputs: [data]\nanalysis:\n  impactTicks: -1\n");
    const session = { analysis: { session: { start: "10:00", end: "12:00" } } };
    expect((await configErrorAsync(() => loadConfigFile(bad, session))).source).toBe(bad);
    expect((await configErrorAsync(() => loadConfigFile(bad, { "analysis.session.end": "12:00" }))).source).toBe(bad);
    // Given over it, by an object or a dotted key: with the settings given over it.
    const given = `${bad} with the settings given over it`;
    expect(
      (await configErrorAsync(() => loadConfigFile(path, { inputs: ["d"], analysis: { impactTicks: -2 } }))).source,
    ).toBe(`${path} with the settings given over it`);
    expect(
      (await configErrorAsync(() => loadConfigFile(path, { inputs: ["d"], "analysis.impactTicks": -2 }))).source,
    ).toBe(`${path} with the settings given over it`);
    expect((await configErrorAsync(() => loadConfigFile(bad, { analysis: { impactTicks: -2 } }))).source).toBe(given);
  });

  it("reports the content's problems field by field, naming the file", async () => {
    const dir = tmp();
    const path = write(dir, "run.yaml", "inputs: [a]\nworkers: two\nreference: { instruments: 5 }\nchunk_size: 1MB\n");
    const e = await configErrorAsync(() => loadConfigFile(path));
    expect(e.code).toBe("bad_config");
    expect(lines(e.issues)).toEqual([
      "reference.instruments: expected a non-empty path, got 5",
      'workers: expected an integer ≥ 1, got "two"',
      'chunk_size: unknown key (did you mean "chunkSize"?); allowed keys: inputs, reference, securities, dates, analysis, chunkSize, workers, memoryBudget, jobTimeoutMs, retries, outputDir, strict, unknownCodes, outputs',
    ]);
  });

  it("refuses unreadable files, other extensions, bad syntax and a top level that is no mapping", async () => {
    const dir = tmp();
    const missing = await configErrorAsync(() => loadConfigFile(join(dir, "nope.yaml")));
    expect(missing.code).toBe("unreadable_config");
    expect(missing.issues[0]?.message).toMatch(/^cannot read the file: ENOENT/);
    const toml = await configErrorAsync(() => loadConfigFile(write(dir, "run.toml", "")));
    expect([toml.code, toml.issues[0]?.message]).toEqual([
      "unreadable_config",
      'expected a .yaml, .yml or .json file, got ".toml"',
    ]);
    const yaml = await configErrorAsync(() => loadConfigFile(write(dir, "bad.yaml", "inputs: [a\nworkers: 2\n")));
    expect(yaml.code).toBe("bad_config");
    expect(yaml.issues[0]?.message).toMatch(/^YAML syntax error: .* at line \d+, column \d+$/);
    const dup = await configErrorAsync(() => loadConfigFile(write(dir, "dup.yaml", "workers: 1\nworkers: 2\n")));
    expect(lines(dup.issues)).toEqual([": YAML syntax error: Map keys must be unique at line 2, column 1"]);
    const json = await configErrorAsync(() => loadConfigFile(write(dir, "bad.json", "{ inputs: 1 }")));
    expect(json.issues[0]?.message).toMatch(/^JSON syntax error: /);
    const list = await configErrorAsync(() => loadConfigFile(write(dir, "list.yaml", "- a\n- b\n")));
    expect(lines(list.issues)).toEqual([': expected the file to be a mapping of settings, got ["a","b"]']);
  });

  it("reads an empty file as an empty config", async () => {
    const dir = tmp();
    expect(await readConfigFile(write(dir, "empty.yaml", "# nothing\n"))).toEqual({});
    expect(await readConfigFile(write(dir, "empty.json", ""))).toEqual({});
  });
});

describe("sample_data/sweeplab.yaml", () => {
  it("loads and validates: the sample inputs, ob.csv and the default analysis", async () => {
    expect(SAMPLE_CONFIG_PATH).toBe(join(SAMPLE, "sweeplab.yaml"));
    const c = await loadConfigFile(SAMPLE_CONFIG_PATH);
    expect(c.inputs).toEqual([join(SAMPLE, "orders"), join(SAMPLE, "trades"), join(SAMPLE, "nbbo.csv.gz")]);
    expect(c.reference).toEqual({ instruments: join(SAMPLE, "ob.csv") });
    expect(c.analysis).toEqual(defaultAnalysisConfig());
    expect(c.outputDir).toBe("processed_files");
    expect([c.chunkSize, c.jobTimeoutMs, c.retries, c.strict]).toEqual([64 * 1024 * 1024, 600_000, 1, false]);
    expect(c.outputs).toEqual({ detailFormat: "parquet" });
    expect("securities" in c || "dates" in c).toBe(false);
  });

  it("names files that exist: 4 order, 4 trade files and the NBBO file", async () => {
    const c = await loadConfigFile(SAMPLE_CONFIG_PATH);
    const files = await expandInputs(c.inputs);
    expect(files.map((f) => f.slice(SAMPLE.length + 1))).toEqual([
      "nbbo.csv.gz",
      "orders/orders-2024-10-02.csv.gz",
      "orders/orders-2024-10-03.csv.gz",
      "orders/orders-2024-10-04.csv.gz",
      "orders/orders-2024-10-07.csv.gz",
      "trades/trades-2024-10-02.csv.gz",
      "trades/trades-2024-10-03.csv.gz",
      "trades/trades-2024-10-04.csv.gz",
      "trades/trades-2024-10-07.csv.gz",
    ]);
  });
});
