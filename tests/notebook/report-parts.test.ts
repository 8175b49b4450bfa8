import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { node, ROOT } from "./tools.js";

// The pure parts of `npm run report` (scripts/report-params.mjs, scripts/report-html.mjs), without a
// kernel: what they return for given inputs, printed as JSON by a probe script.
async function probe(body: string): Promise<unknown> {
  const script = `
import * as params from ${JSON.stringify(join(ROOT, "scripts", "report-params.mjs"))};
import * as html from ${JSON.stringify(join(ROOT, "scripts", "report-html.mjs"))};
const attempt = (f) => { try { return f(); } catch (e) { return \`\${e.name}: \${e.message}\`; } };
console.log(JSON.stringify(await (async () => { ${body} })()));`;
  const r = await node(["--input-type=module", "-e", script]);
  expect(r.code, r.output).toBe(0);
  return JSON.parse(r.output);
}

const NOTEBOOK = {
  cells: [
    { cell_type: "markdown", id: "m", metadata: {}, source: "# T" },
    {
      cell_type: "code",
      id: "p",
      metadata: { tags: ["parameters"] },
      source: [
        "// Parameters\n",
        'const securities: string[] = ["110621", "110622"];\n',
        "const orders = 40_000; // rows\n",
        "const ids = [1, 2];\n",
        'let label = "all";\n',
        "const fresh = true;\n",
        "const bands = { smallMax: 1000 };",
      ],
      outputs: [],
      execution_count: null,
    },
    { cell_type: "code", id: "x", metadata: {}, source: "run(securities)", outputs: [], execution_count: null },
  ],
};

describe("report parameters", () => {
  it("are typed after the notebook's defaults and injected right after its parameters cell", async () => {
    const given = [
      "securities=110621",
      "orders=10_000",
      "ids=3,4",
      "label=one security",
      "fresh=false",
      'bands={"smallMax":5}',
    ];
    const out = (await probe(`
      const nb = params.injectParams(${JSON.stringify(NOTEBOOK)}, "t.ipynb", params.parseParams(${JSON.stringify(given)}));
      return nb.cells.map((c) => [c.id, c.metadata.tags ?? [], [c.source].flat().join("")]);
    `)) as [string, string[], string][];
    expect(out.map(([id]) => id)).toEqual(["m", "p", "injected-parameters-1-note", "injected-parameters-1", "x"]);
    expect(out[3]?.[1]).toEqual(["injected-parameters"]);
    expect(out[3]?.[2]).toBe(
      [
        "// injected by npm run report --param",
        'const securities: string[] = ["110621"];',
        "const orders = 10000;",
        "const ids = [3,4];",
        'let label = "one security";',
        "const fresh = false;",
        'const bands = {"smallMax":5};',
      ].join("\n"),
    );
    expect(out[2]?.[2]).toContain('`securities` = `["110621"]`, `orders` = `10000`');
  });

  it("a JSON list for a list; refusals name what is wrong", async () => {
    const out = await probe(`
      const nb = ${JSON.stringify(NOTEBOOK)};
      const run = (...p) => attempt(() => params.injectParams(nb, "t.ipynb", params.parseParams(p)).cells[3].source);
      return [
        run('securities=["110621","110623"]'),
        run("nope=1"),
        run("orders=lots"),
        run("ids=1,x"),
        run("fresh=yes"),
        run("bands=smallMax"),
        run("=3"),
        attempt(() => params.injectParams({ cells: [] }, "u.ipynb", params.parseParams(["a=1"]))),
      ];
    `);
    expect(out).toEqual([
      '// injected by npm run report --param\nconst securities: string[] = ["110621","110623"];',
      'ParamError: t.ipynb has no parameter "nope"; its parameters: securities, orders, ids, label, fresh, bands',
      "ParamError: --param orders=lots: a number",
      "ParamError: --param ids=1,x: a list of numbers, e.g. 1,2 or [1, 2]",
      "ParamError: --param fresh=yes: true or false",
      "ParamError: --param bands=smallMax: a JSON value (the default is not a plain list, string, number or boolean)",
      "ParamError: --param =3: write --param name=value (name: a variable of the parameters cell)",
      'ParamError: u.ipynb has no cell tagged "parameters": it takes no --param',
    ]);
  });
});

describe("the report's table of contents", () => {
  it("lists the markdown headings h1-h3 with their anchors, nested by level", async () => {
    const page =
      '<h1 id="Title">Title<a class="anchor-link" href="#Title">&#182;</a></h1><p>x</p>' +
      '<h2 id="A-&amp;-B">A &amp; <em>B</em><a class="anchor-link" href="#A-&amp;-B">&#182;</a></h2>' +
      '<h4 id="deep">deep</h4><h3 id="C">C</h3><div><h2>no id</h2></div>';
    expect(
      await probe(`return [html.tableOfContents(${JSON.stringify(page)}), html.tableOfContents("<p>none</p>")];`),
    ).toEqual([
      '<nav class="sweeplab-toc" aria-label="Contents"><strong>Contents</strong><ul>' +
        '<li class="sweeplab-toc-h1"><a href="#Title">Title</a></li>' +
        '<li class="sweeplab-toc-h2"><a href="#A-&amp;-B">A &amp; B</a></li>' +
        '<li class="sweeplab-toc-h3"><a href="#C">C</a></li></ul></nav>',
      "",
    ]);
  });
});
