import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { starterNotebook } from "../../src/cli/notebook.js";
import { tmp } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: tmp(),
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

describe("sweeplab notebook (built dist/)", () => {
  it("new <folder with a space>: the commands it prints quote the paths, so that they paste into a shell", () => {
    const dir = join(tmp(), "my sweeps");
    const r = cli("notebook", "new", dir);
    expect(r.code, r.err).toBe(0);
    const file = join(dir, "01-quickstart.ipynb");
    expect(r.out).toContain(`created ${file} (from notebooks/01-quickstart.ipynb)`);
    expect(r.out).toContain(`open it:  jupyter lab '${dir}'   (or: jupyter notebook '${dir}')`);
    expect(r.out).toContain(`npm --prefix ${ROOT} run report -- '${file}' --out '${dir}'\n`);
  });

  it("new <folder> --from 03 --name: a copy of the shipped notebook, outputs cleared, the project's kernel", () => {
    const dir = join(tmp(), "deeper", "analysis");
    const r = cli("notebook", "new", dir, "--from", "03", "--name", "fills.ipynb");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`created ${join(dir, "fills.ipynb")} (from notebooks/03-real-vs-simulated.ipynb)`);
    // An HTML export with its charts: the report (a plain `nbconvert --to html` drops plotly outputs).
    expect(r.out).toContain(`npm --prefix ${ROOT} run report -- ${join(dir, "fills.ipynb")} --out ${dir}`);
    expect(r.out).not.toContain("nbconvert --to html");
    const made = JSON.parse(readFileSync(join(dir, "fills.ipynb"), "utf8")) as {
      cells: Cell[];
      metadata: { kernelspec: { name: string } };
    };
    const shipped = JSON.parse(readFileSync(join(ROOT, "notebooks", "03-real-vs-simulated.ipynb"), "utf8")) as {
      cells: Cell[];
    };
    expect(made.metadata.kernelspec.name).toBe("sweeplab-tslab");
    expect(made.cells.map((c) => c.id)).toEqual(["sweeplab-starter", ...shipped.cells.map((c) => c.id)]);
    expect(made.cells[0]?.source).toContain(join(ROOT, "sample_data"));
    for (const c of made.cells.filter((c) => c.cell_type === "code")) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
  });

  it("new says when the registered kernel runs another checkout than this one", () => {
    const data = tmp();
    const spec = (root: string): string =>
      JSON.stringify({
        argv: [
          "node",
          "--import",
          `${root}/kernels/sweeplab-tslab/error-output.mjs`,
          `${root}/scripts/kernel-launch.mjs`,
        ],
      });
    mkdirSync(join(data, "kernels", "sweeplab-tslab"), { recursive: true });
    writeFileSync(join(data, "kernels", "sweeplab-tslab", "kernel.json"), spec("/elsewhere/sweeplab"));
    const other = cliWith({ JUPYTER_DATA_DIR: data }, "notebook", "new", tmp());
    expect(other.code).toBe(0);
    expect(other.out).toContain(
      `note: the registered kernel "TypeScript (sweeplab)" runs /elsewhere/sweeplab, not this checkout (${join(ROOT)}); ` +
        "register this one with:  sweeplab notebook install",
    );
    writeFileSync(join(data, "kernels", "sweeplab-tslab", "kernel.json"), spec(join(ROOT)));
    expect(cliWith({ JUPYTER_DATA_DIR: data }, "notebook", "new", tmp()).out).not.toContain(
      "note: the registered kernel",
    );
  });

  it("refuses what it cannot do, exit 2 with what to do", () => {
    const dir = tmp();
    expect(cli("notebook", "--help")).toMatchObject({ code: 0, out: expect.stringContaining("--from <name>") });
    expect(cli("notebook")).toMatchObject({ code: 2, err: expect.stringContaining("say install or new") });
    expect(cli("notebook", "new")).toMatchObject({ code: 2, err: expect.stringContaining("new needs one <folder>") });
    expect(cli("notebook", "new", dir, "--from", "99")).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        "--from 99: no shipped notebook matches (there are: 01-quickstart, 02-scaling, 03-real-vs-simulated, 04-rerun-a-subset, 05-participants-and-time)",
      ),
    });
    expect(cli("notebook", "new", dir, "--from", "0").err).toContain(
      "--from 0: more than one shipped notebook matches",
    );
    expect(cli("notebook", "new", dir).code).toBe(0);
    expect(cli("notebook", "new", dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${join(dir, "01-quickstart.ipynb")} exists: choose another --name, or --force`),
    });
    expect(cli("notebook", "new", dir, "--force").code).toBe(0);
  });

  it("makes relative sample_data paths absolute to the checkout", () => {
    const file = join(tmp(), "nb.ipynb");
    const source =
      'const a = "sample_data/ob.csv";\nconst b = \'./sample_data/sweeplab.yaml\';\nconst c = "my_sample_data/x";';
    writeFileSync(
      file,
      JSON.stringify({ cells: [{ cell_type: "code", source, outputs: [1], execution_count: 3 }], metadata: {} }),
    );
    const nb = starterNotebook(file) as { cells: Cell[] };
    const sample = join(ROOT, "sample_data");
    expect(nb.cells[1]).toMatchObject({
      source: `const a = "${sample}/ob.csv";\nconst b = '${sample}/sweeplab.yaml';\nconst c = "my_sample_data/x";`,
      outputs: [],
      execution_count: null,
    });
  });
});
