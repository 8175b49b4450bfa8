// The public API (src/index.ts): an explicit list of at most 40 names, each documented; the
// notebooks and the README use only those; `sweeplab/internal` resolves for node and for tslab's
// TypeScript 5.0, which ignores package.json "exports".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const INDEX = join(ROOT, "src", "index.ts");

interface Exported {
  name: string;
  documented: boolean;
  /** Whether it is a value at run time (not a type alone). */
  value: boolean;
  /** For a namespace export (`export * as charts`): its members and whether each is documented. */
  members?: { name: string; documented: boolean }[];
}

let exported: Exported[] = [];
let source: ts.SourceFile;

/** Whether the statement holding `node` has a `/** … *\/` comment right before it. */
function leadingJsDoc(node: ts.Node, text: string): boolean {
  let statement: ts.Node = node;
  while (!ts.isSourceFile(statement.parent)) statement = statement.parent;
  return (ts.getLeadingCommentRanges(text, statement.pos) ?? []).some((c) => text.startsWith("/**", c.pos));
}

function documented(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return target.getDocumentationComment(checker).some((part) => part.text.trim() !== "");
}

beforeAll(() => {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  source = program.getSourceFile(INDEX)!;
  const module = checker.getSymbolAtLocation(source)!;
  exported = checker.getExportsOfModule(module).map((symbol) => {
    const declaration = symbol.declarations?.[0];
    if (declaration !== undefined && ts.isNamespaceExport(declaration)) {
      const target = checker.getAliasedSymbol(symbol);
      return {
        name: symbol.name,
        value: true,
        documented: leadingJsDoc(declaration, source.text),
        members: checker.getExportsOfModule(target).map((m) => ({ name: m.name, documented: documented(m, checker) })),
      };
    }
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    // `export type { X }` of a class or a zod schema is a type here: the alias is type-only.
    const typeOnly = symbol.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) ?? false;
    const value = !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0;
    return { name: symbol.name, value, documented: documented(symbol, checker) };
  });
}, 120_000);

/** Every name a notebook imports from a package, by package ("sweeplab", "sweeplab/internal", …). */
function notebookImports(): Map<string, Set<string>> {
  const byPackage = new Map<string, Set<string>>();
  for (const file of readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", file), "utf8")) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      const code = [cell.source].flat().join("");
      for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
        const names = byPackage.get(m[2]!) ?? new Set<string>();
        for (const n of m[1]!.split(",").map((x) => x.replace(/^\s*type\s+/, "").trim())) if (n !== "") names.add(n);
        byPackage.set(m[2]!, names);
      }
    }
  }
  return byPackage;
}

describe("src/index.ts: the public API", () => {
  it("is an explicit list: no `export *` (a name is never settled by export order)", () => {
    const stars = source.statements.filter(
      (s) => ts.isExportDeclaration(s) && s.exportClause === undefined && s.moduleSpecifier !== undefined,
    );
    expect(stars.map((s) => s.getText(source))).toEqual([]);
  });

  it("exports at most 40 names, the calls a notebook user needs among them", () => {
    const names = exported.map((e) => e.name);
    expect(names.length).toBeGreaterThanOrEqual(25);
    expect(names.length).toBeLessThanOrEqual(40);
    for (const n of ["run", "scan", "aggregate", "compare", "sweepRows", "show", "plot", "savePlot", "charts"])
      expect(names).toContain(n);
    for (const n of ["TaskPool", "acquireRunLock", "removeTempFiles", "runPipeline", "openTable"])
      expect(names).not.toContain(n);
  });

  it("documents every name, and every chart builder under `charts`", () => {
    expect(exported.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
    const charts = exported.find((e) => e.name === "charts")?.members ?? [];
    expect(charts.map((m) => m.name).sort()).toEqual([
      "costScenario",
      "fillRatio",
      "orderScatter",
      "participant",
      "savings",
      "savingsBox",
      "sizeBand",
      "throughput",
      "timeOfDay",
      "timeSeries",
    ]);
    expect(charts.filter((m) => !m.documented).map((m) => m.name)).toEqual([]);
  });

  it("is what the notebooks import: only public names, and from no other sweeplab path", () => {
    const imports = notebookImports();
    const names = new Set(exported.map((e) => e.name));
    expect([...imports.keys()].filter((p) => p.startsWith("sweeplab"))).toEqual(["sweeplab"]);
    const used = [...(imports.get("sweeplab") ?? [])];
    expect(used.length).toBeGreaterThanOrEqual(20);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
  });

  it("is the README's table of the public API, name for name", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### The API:"), readme.indexOf("### Reports"));
    const rows = section.split("\n").filter((l) => /^\| [a-z]/.test(l) && !l.startsWith("| what"));
    const listed = rows.flatMap((r) =>
      [...(r.split("|")[2] ?? "").replace(/\([^)]*\)/g, "").matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!),
    );
    expect(listed.sort()).toEqual(exported.map((e) => e.name).sort());
    expect(section).toContain(`exports ${exported.length} names`);
  });
});

describe("sweeplab/internal: the rest, one import path", () => {
  let folder = "";
  beforeAll(() => {
    // A folder outside the repository with the package linked in, as a notebook folder has it.
    folder = tmp("sweeplab-api-");
    mkdirSync(join(folder, "node_modules"));
    symlinkSync(ROOT, join(folder, "node_modules", "sweeplab"), "dir");
  });

  it("resolves for tslab's TypeScript 5.0 (Node10 resolution, no `exports`): types of dist/internal", () => {
    const tslab = createRequire(createRequire(import.meta.url).resolve("tslab/package.json"));
    const ts50 = tslab("@tslab/typescript-for-tslab") as typeof ts;
    expect(ts50.version).toMatch(/^5\.0\./);
    const resolved = ts50.resolveModuleName(
      "sweeplab/internal",
      join(folder, "cell.ts"),
      { moduleResolution: ts50.ModuleResolutionKind.Node10 },
      ts50.sys,
    ).resolvedModule;
    expect(resolved?.resolvedFileName).toBe(join(ROOT, "internal.d.ts"));
    expect(readFileSync(join(ROOT, "internal.d.ts"), "utf8")).toContain('export * from "./dist/internal.js";');
    expect(readFileSync(join(ROOT, "internal.js"), "utf8")).toContain('export * from "./dist/internal.js";');
  });

  it("imports at run time through package.json `exports` (needs `npm run build`)", () => {
    expect(existsSync(join(ROOT, "dist", "internal.js")), "run `npm run build` first").toBe(true);
    const r = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const p = await import("sweeplab"); const i = await import("sweeplab/internal");' +
          "console.log(Object.keys(p).length, typeof i.runPipeline, typeof i.scanFrames, i.scanFrames === p.scan, typeof p.runPipeline)",
      ],
      { cwd: folder, encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`${exported.filter((e) => e.value).length} function function true undefined`);
  });

  it("loads through require() too (tslab's notebooks do): no top-level await anywhere in its module graph", () => {
    expect(existsSync(join(ROOT, "dist", "index.js")), "run `npm run build` first").toBe(true);
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        'const p = require("sweeplab"); const i = require("sweeplab/internal"); console.log(typeof p.run, typeof i.emitK8s)',
      ],
      { cwd: folder, encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function function");
  });
});
