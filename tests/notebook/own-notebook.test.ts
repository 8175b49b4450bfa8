import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";
import { node, requireTools, ROOT } from "./tools.js";

// The analyst's own notebook (issue 14, point 1): in an empty folder outside the repository,
// created with `sweeplab notebook new`, run by the kernel that `sweeplab notebook install` registers
// (into a temporary Jupyter data folder, never the user's ~/.local).

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string } };
}

const code = (id: string, source: string): Cell => ({
  cell_type: "code",
  id,
  metadata: {},
  source,
  outputs: [],
  execution_count: null,
});

// Filter a frame, group it, and draw a box plot with the toolkit's plot() (any plotly trace type).
const ADDED = [
  code(
    "mine-filter-group",
    [
      "const parts = shape.frames.partitions;",
      'const busy = parts.query(parts["order_rows"].gt(0));',
      'const perSecurity = busy.loc({ columns: ["security_code", "order_rows", "sweep_rows"] }).groupby(["security_code"]).sum();',
      'show(perSecurity, { title: "order and sweep rows per security" });',
      'console.log(`grouped: ${perSecurity.shape[0]} securities, ${perSecurity["order_rows_sum"].sum()} order rows`);',
    ].join("\n"),
  ),
  code(
    "mine-box",
    [
      "plot({",
      '  data: [{ type: "box", name: "order rows", x: parts["security_code"].values as string[], y: parts["order_rows"].values as number[] }],',
      '  layout: { title: { text: "order rows per (security, date) partition" } },',
      "});",
    ].join("\n"),
  ),
  // The rest of the toolkit, `sweeplab/internal`: tslab's TypeScript 5.0 ignores package.json
  // "exports" (the package root's internal.d.ts answers it), node follows them at run time.
  code(
    "mine-internal",
    [
      'import { runPipeline, scanFrames, type AggregateFrames } from "sweeplab/internal";',
      'const tables: (keyof AggregateFrames)[] = ["by_security"];',
      "console.log(`internal: ${typeof runPipeline}, ${scanFrames === scan}, ${tables.length}`);",
    ].join("\n"),
  ),
  // danfojs-node itself, imported by name from a folder that has no node_modules.
  code(
    "mine-danfo",
    [
      'import * as dfd from "danfojs-node";',
      'const small = new dfd.DataFrame({ security_code: ["A", "A", "B"], qty: [1, 2, 4] });',
      'const totals = small.groupby(["security_code"]).sum();',
      'console.log(`danfojs-node: ${totals["qty_sum"].values.join(",")}`);',
    ].join("\n"),
  ),
];

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const text = (o: Output): string => [o.text ?? ""].flat().join("");

let jupyter: NodeJS.ProcessEnv = {};
let folder = "";

beforeAll(() => {
  requireTools("jupyter");
  const base = tmp("sweeplab-own-notebook-");
  const data = join(base, "jupyter");
  // JUPYTER_PATH first on Jupyter's search path: only the kernel installed here is found.
  jupyter = { JUPYTER_DATA_DIR: data, JUPYTER_PATH: data, SWEEPLAB_WORK_DIR: join(base, "work") };
  folder = join(base, "analysis");
}, 600_000);

describe("a notebook of one's own, outside the repository", () => {
  it("is made by `sweeplab notebook new`, runs with the kernel of `sweeplab notebook install`: a frame filtered and grouped, a box plot", async () => {
    expect(relative(ROOT, folder).startsWith("..")).toBe(true);
    const installed = await node(["bin/sweeplab.js", "notebook", "install"], jupyter);
    expect(installed.code, installed.output).toBe(0);
    const spec = JSON.parse(
      readFileSync(join(jupyter.JUPYTER_DATA_DIR ?? "", "kernels", "sweeplab-tslab", "kernel.json"), "utf8"),
    ) as {
      argv: string[];
      env: { NODE_PATH: string };
    };
    // node, the error-output preload, then the launcher (absolute paths: the spec lives elsewhere).
    expect(spec.argv.slice(1, 4)).toEqual([
      "--import",
      join(ROOT, "kernels", "sweeplab-tslab", "error-output.mjs"),
      join(ROOT, "scripts", "kernel-launch.mjs"),
    ]);
    expect(spec.env.NODE_PATH).toContain(join(ROOT, "node_modules"));

    const made = await node(["bin/sweeplab.js", "notebook", "new", folder], jupyter);
    expect(made.code, made.output).toBe(0);
    const file = join(folder, "01-quickstart.ipynb");
    expect(made.output).toContain(`created ${file}`);
    expect(made.output).toContain(`jupyter lab ${folder}`);
    expect(existsSync(join(folder, "node_modules")), "nothing linked into the folder").toBe(false);

    const nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;
    expect(nb.metadata.kernelspec?.name).toBe("sweeplab-tslab");
    nb.cells.push(...ADDED);
    writeFileSync(file, JSON.stringify(nb, null, 1));

    const r = await run(
      "/usr/bin/jupyter",
      [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        "--ExecutePreprocessor.timeout=600",
        "--ExecutePreprocessor.startup_timeout=300",
        "--output",
        "executed.ipynb",
        file,
      ],
      folder,
      jupyter,
    );
    expect(r.code, r.output).toBe(0);
    const done = JSON.parse(readFileSync(join(folder, "executed.ipynb"), "utf8")) as Notebook;
    const cells = done.cells.filter((c) => c.cell_type === "code");
    const outputs = cells.flatMap((c) => c.outputs ?? []);
    const problems = outputs.filter(
      (o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"),
    );
    expect(problems.map((o) => o.evalue ?? text(o))).toEqual([]);
    // tslab leaves execution_count null: that every cell ran shows in its outputs (every cell that
    // shows, plots or logs has some).
    const showing = cells.filter((c) => /\b(show|plot|console\.log|display\.raw)\(/.test([c.source].flat().join("")));
    expect(showing.length).toBeGreaterThan(5);
    expect(showing.filter((c) => (c.outputs ?? []).length === 0).map((c) => c.id)).toEqual([]);

    const byId = (id: string): Output[] => done.cells.find((c) => c.id === id)?.outputs ?? [];
    const grouped = byId("mine-filter-group");
    expect(grouped.map(text).join("")).toMatch(/^grouped: 3 securities, \d+ order rows\n$/);
    const table = grouped.find((o) => o.data?.["text/html"] !== undefined);
    expect([table?.data?.["text/html"]].flat().join("")).toContain("110621");

    expect(byId("mine-danfo").map(text).join("")).toBe("danfojs-node: 3,4\n");
    expect(byId("mine-internal").map(text).join("")).toBe("internal: function, true, 1\n");
    const figure = byId("mine-box").find((o) => o.data?.["application/vnd.plotly.v1+json"] !== undefined)?.data?.[
      "application/vnd.plotly.v1+json"
    ] as { data: { type: string; y: unknown[] }[] } | undefined;
    expect(figure?.data.map((t) => t.type)).toEqual(["box"]);
    expect(figure?.data[0]?.y.length).toBeGreaterThan(0);
    // The same output holds the chart's text, which a frontend without a plotly renderer (a bare
    // JupyterLab, the classic Notebook) shows instead: it says what to do.
    const chart = byId("mine-box").find((o) => o.data?.["application/vnd.plotly.v1+json"] !== undefined);
    expect([chart?.data?.["text/plain"]].flat().join("")).toMatch(
      /^\[chart\] order rows per \(security, date\) partition: order rows \(\d+ points\) \(no chart drawn above\? .*setPlotMode\("html"\), then plot again\)$/,
    );
  }, 900_000);

  it("npm run report: a failed run removes the earlier HTML report, a passing one the earlier .failed.ipynb", async () => {
    expect((await node(["bin/sweeplab.js", "notebook", "install"], jupyter)).code).toBe(0);
    const dir = tmp("sweeplab-own-report-");
    const made = await node(["bin/sweeplab.js", "notebook", "new", dir, "--name", "tiny.ipynb"], jupyter);
    expect(made.code, made.output).toBe(0);
    const file = join(dir, "tiny.ipynb");
    const withCell = (source: string): void => {
      const nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;
      nb.cells = [code("only", source)];
      writeFileSync(file, JSON.stringify(nb, null, 1));
    };
    const report = (): ReturnType<typeof node> => node(["scripts/report.mjs", file, "--out", dir], jupyter);
    const html = join(dir, "tiny.html");
    const failed = join(dir, "tiny.failed.ipynb");
    writeFileSync(html, "<html>an earlier run's report</html>");
    withCell('throw new Error("boom");');
    const bad = await report();
    expect(bad.code, bad.output).toBe(1);
    expect([existsSync(html), existsSync(failed)]).toEqual([false, true]);
    withCell('console.log("fine");');
    const good = await report();
    expect(good.code, good.output).toBe(0);
    expect([existsSync(html), existsSync(failed)]).toEqual([true, false]);
  }, 600_000);
});
