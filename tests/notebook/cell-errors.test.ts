import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/gen/index.js";
import { tmp } from "../helpers.js";
import { requireTools, ROOT } from "./tools.js";

// One headless execution of a small notebook with the project's kernel (as `npm run report` runs
// them: nbconvert with the kernel found through JUPYTER_PATH), errors allowed so that every failing
// cell has its output; every test below reads the executed .ipynb.

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
  data?: Record<string, string | string[]>;
}

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}

let cells: Cell[] = [];
let dir = "";
let data = "";
let log = "";

/** The cells, in order: each one's source (the test finds a cell by a text of its source). */
function notebookCells(): string[] {
  const q = (s: string): string => JSON.stringify(s);
  return [
    // (Imported in a cell that succeeds: tslab forgets the declarations of a failed cell.)
    `import { aggregate, loadConfigFile, run, scan, setDebug } from "sweeplab";\nconsole.log("imported");`,
    // A config file with a misspelt key.
    `await run(${q(join(dir, "bad.yaml"))});`,
    // A missing input.
    `await run({ inputs: [${q(join(dir, "no-such-folder"))}], outputDir: ${q(join(dir, "out-missing"))} });`,
    // A selection that matches no data.
    `await run({ inputs: [${q(data)}], outputDir: ${q(join(dir, "out-sel"))} }, { securities: ["999999"], workers: 1 });`,
    // A folder that never ran.
    `await aggregate(${q(join(dir, "never-ran"))});`,
    // A bug (not a toolkit error) keeps its stack.
    `function broken(): never { throw new Error("a bug"); }\nbroken();`,
    // A type error.
    `const wrong: number = "text";`,
    // A toolkit error from a function outside the notebook API is brief too; with setDebug(true) it has its stack.
    `await loadConfigFile(${q(join(dir, "bad.yaml"))});`,
    `setDebug(true);\nawait loadConfigFile(${q(join(dir, "bad.yaml"))}, { outputDir: "debug" });`,
    `setDebug(false);\nconsole.log("debug off");`,
    // From here on, a failure stops the notebook (what SWEEPLAB_STOP_AFTER_ERROR=1 does for a batch run).
    `process.env.SWEEPLAB_STOP_AFTER_ERROR = "1";\nconsole.log("stop after an error");`,
    `await scan(${q(join(dir, "no-such-folder"))});`,
    `console.log("after the failure 1");`,
    `console.log("after the failure 2");`,
  ];
}

/** The cell whose source contains `text`, and its index. */
function cell(text: string): { index: number; outputs: Output[] } {
  const index = cells.findIndex((c) => [c.source].flat().join("").includes(text));
  if (index < 0) throw new Error(`no cell with ${text}`);
  return { index, outputs: cells[index]?.outputs ?? [] };
}

/** All the text a reader sees in a cell's outputs: streams, display texts, error tracebacks. */
function shownText(outputs: readonly Output[]): string {
  return outputs
    .map((o) =>
      o.output_type === "error"
        ? (o.traceback ?? []).join("\n")
        : o.output_type === "stream"
          ? [o.text ?? ""].flat().join("")
          : [o.data?.["text/plain"] ?? "", o.data?.["text/html"] ?? ""].flat().join(""),
    )
    .join("\n");
}

/** The one error output of a cell, checked to be short: a name, a message, a traceback of ≤ 2 lines without stack frames, the message shown once. */
function shortError(text: string): Output {
  const { outputs } = cell(text);
  const errors = outputs.filter((o) => o.output_type === "error");
  expect(errors, JSON.stringify(outputs)).toHaveLength(1);
  const e = errors[0] as Output;
  expect(e.ename).toMatch(/^[A-Z]\w+$/);
  expect(e.evalue).not.toBe("");
  const shown = shownText(outputs);
  expect(shown, shown).not.toMatch(/^\s+at /m);
  expect((e.traceback ?? []).join("\n").split("\n").length, shown).toBeLessThanOrEqual(2);
  const first = (e.evalue ?? "").split("\n")[0] ?? "";
  expect(shown.split(first).length - 1, shown).toBe(1);
  return e;
}

beforeAll(async () => {
  requireTools("jupyter");
  dir = tmp("sweeplab-cell-errors-");
  data = join(dir, "data");
  await generate({ orders: 2_000, securities: 2, dates: 1, seed: 7, outDir: data });
  writeFileSync(join(dir, "bad.yaml"), `inputs: ["${data}"]\noutputDir: ${join(dir, "out-bad")}\nwokers: 1\n`);
  mkdirSync(join(dir, "never-ran"));
  const { linkPackage } = (await import(join(ROOT, "scripts", "notebook-env.mjs"))) as {
    linkPackage: (d: string) => string;
  };
  linkPackage(dir);
  const nb = {
    cells: notebookCells().map((source, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      source: [source],
      outputs: [],
      execution_count: null,
    })),
    metadata: { kernelspec: { name: "sweeplab-tslab", display_name: "TypeScript (sweeplab)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, "errors.ipynb"), JSON.stringify(nb));
  const { JUPYTER, jupyterEnv } = (await import(join(ROOT, "scripts", "notebook-env.mjs"))) as {
    JUPYTER: string;
    jupyterEnv: () => NodeJS.ProcessEnv;
  };
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      JUPYTER,
      [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        "--ExecutePreprocessor.kernel_name=sweeplab-tslab",
        "--ExecutePreprocessor.timeout=300",
        "--ExecutePreprocessor.startup_timeout=300",
        "--output=executed",
        join(dir, "errors.ipynb"),
      ],
      { cwd: dir, env: jupyterEnv() },
    );
    child.stdout.on("data", (b: Buffer) => (log += b.toString()));
    child.stderr.on("data", (b: Buffer) => (log += b.toString()));
    child.on("close", done);
  });
  expect(code, log).toBe(0);
  cells = (JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8")) as { cells: Cell[] }).cells;
}, 600_000);

describe("a toolkit error in a notebook cell (executed headless, nbconvert)", () => {
  it("runs the cells before the first failure", () => {
    expect(shownText(cell("imported").outputs)).toContain("imported");
  });

  it("a bad config key: one short ConfigError naming the key and the fix", () => {
    const e = shortError("bad.yaml");
    expect(cell("bad.yaml").outputs, "the error alone: no empty progress display").toHaveLength(1);
    expect(e.ename).toBe("ConfigError");
    expect(e.evalue).toContain('wokers: unknown key (did you mean "workers"?)');
    expect(e.traceback).toEqual([`ConfigError: ${e.evalue ?? ""}`]);
  });

  it("a missing input: one short InputError naming the path", () => {
    const e = shortError("out-missing");
    expect(e.ename).toBe("InputError");
    expect(e.evalue).toBe(
      `${join(dir, "no-such-folder")}: matches no file (expected a file, a folder holding .csv or .csv.gz files, or a glob)`,
    );
  });

  it("an empty selection: one short message saying what the data holds", () => {
    const e = shortError("999999");
    expect(e.ename).toBe("AggregateRefusedError");
    expect(e.evalue).toMatch(/present are securities \d+, \d+ on dates \d{4}-\d\d-\d\d/);
  });

  it("aggregate() on a folder that never ran says so and what to do", () => {
    const e = shortError("never-ran");
    expect(e.ename).toBe("RunSourceError");
    expect(e.evalue).toBe(
      `${resolve(dir, "never-ran")} holds no sweeplab run: run it first with run(config) or \`sweeplab run\``,
    );
  });

  it("a bug is no toolkit error: its stack is kept, in the error output", () => {
    const e = cell("a bug").outputs.find((o) => o.output_type === "error");
    expect(e).toMatchObject({ ename: "Error", evalue: "a bug" });
    const traceback = (e?.traceback ?? []).join("\n");
    expect(traceback).toMatch(/Error: a bug\n\s+at broken/);
    // Only the notebook's frames: none of the kernel's machinery (vm, tslab) below the cell.
    expect(traceback).not.toMatch(/node:vm|tslab|error-output/);
  });

  it("a type error is an error output too, naming line and column", () => {
    const e = cell("const wrong").outputs.find((o) => o.output_type === "error");
    expect(e?.ename).toBe("TypeScriptError");
    expect(e?.evalue).toMatch(/1:7 - Type 'string' is not assignable to type 'number'/);
  });

  it("a toolkit error of a function outside the notebook API is brief too; setDebug(true) shows its stack", () => {
    const e = shortError("await loadConfigFile(");
    expect(e.ename).toBe("ConfigError");
    const debug = cell("setDebug(true)").outputs.find((o) => o.output_type === "error");
    expect(debug?.ename).toBe("ConfigError");
    expect((debug?.traceback ?? []).join("\n")).toMatch(/^ConfigError: bad config[\s\S]*\n\s+at /);
    expect(shownText(cell("debug off").outputs)).toBe("debug off\n");
  });

  it("the cells after a failure are marked as not run, and are not run", () => {
    shortError("await scan(");
    const failed = cell("await scan(");
    for (const text of ["after the failure 1", "after the failure 2"]) {
      const { outputs } = cell(text);
      const shown = shownText(outputs);
      // The failed cell is the 12th code cell run, named by its first line.
      expect(shown).toMatch(/^not run: cell 12 \(`await scan\("[^`]+`\) failed above\n?$/);
      expect(shown).not.toContain(text);
    }
    expect(failed.index).toBeLessThan(cell("after the failure 1").index);
  });
});

// "Run All" in a frontend: the cells are sent at once (stop_on_error true, the default); tslab aborts
// those queued behind a failure. A small jupyter_client driver (Debian's python3, as nbconvert).
const RUN_ALL = `
import json
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="sweeplab-tslab", startup_timeout=300)
try:
    codes = ['console.log("first");', 'throw new Error("boom");', 'console.log("queued 1");', 'console.log("queued 2");']
    ids = [kc.execute(c) for c in codes]
    out = {i: {"outputs": []} for i in ids}
    replies = 0
    while replies < len(ids):
        m = kc.get_shell_msg(timeout=120)
        if m["header"]["msg_type"] != "execute_reply": continue
        out[m["parent_header"]["msg_id"]]["status"] = m["content"]["status"]
        replies += 1
    idle = set()
    while len(idle) < len(ids):
        m = kc.get_iopub_msg(timeout=60)
        pid = m["parent_header"].get("msg_id")
        if pid not in out: continue
        t = m["header"]["msg_type"]
        if t == "status" and m["content"]["execution_state"] == "idle": idle.add(pid)
        elif t in ("stream", "error"): out[pid]["outputs"].append({"type": t, **m["content"]})
    print(json.dumps([out[i] for i in ids]))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
`;

describe("Run All: cells queued behind a failing one", () => {
  it("are aborted with the word 'not run', the failure an error output", async () => {
    const script = join(dir, "run-all.py");
    writeFileSync(script, RUN_ALL);
    const { jupyterEnv } = (await import(join(ROOT, "scripts", "notebook-env.mjs"))) as {
      jupyterEnv: () => NodeJS.ProcessEnv;
    };
    let stdout = "";
    let stderr = "";
    const code = await new Promise<number | null>((done) => {
      const child = spawn("/usr/bin/python3", [script], { cwd: dir, env: jupyterEnv() });
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("close", done);
    });
    expect(code, stderr).toBe(0);
    const replies = JSON.parse(stdout) as {
      status: string;
      outputs: { type: string; text?: string; evalue?: string }[];
    }[];
    expect(replies.map((r) => r.status)).toEqual(["ok", "error", "aborted", "aborted"]);
    expect(replies[1]?.outputs).toMatchObject([{ type: "error", ename: "Error", evalue: "boom" }]);
    for (const r of replies.slice(2))
      expect(r.outputs).toEqual([{ type: "stream", name: "stderr", text: "not run: a cell above failed\n" }]);
  }, 300_000);
});
