import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
// The boundary rule needs no type information: lint virtual files without the type checker.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: tseslint.configs.disableTypeChecked as ESLint.Options["overrideConfig"],
});

async function boundaryErrors(code: string, asPath: string): Promise<{ line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, asPath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "sweeplab/layers")
    .map((m) => ({ line: m.line, message: m.message }));
}

describe("import boundaries (the sweeplab/layers rule of eslint/layers.mjs)", () => {
  it("fire on the deliberate violation fixture", async () => {
    const code = readFileSync(join(ROOT, "tests", "fixtures", "lint", "core-violation.ts"), "utf8");
    const errors = await boundaryErrors(code, "src/core/violation.ts");
    // Line 6 (piscina) breaks two rules; line 8 (a type-only zod import) breaks none.
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 6, 7]);
    expect(errors[0]?.message).toContain("src/core may import only from core, model");
    expect(errors[1]?.message).toContain("src/core may import only from core, model");
    expect(errors[2]?.message).toContain("piscina is imported only in src/pipeline");
    expect(errors[3]?.message).toContain("src/core is pure");
    expect(errors[4]?.message).toContain("src/core is pure");
  });

  it("fire from nested folders and on re-exports and dynamic imports", async () => {
    const code = readFileSync(join(ROOT, "tests", "fixtures", "lint", "nested-violation.ts"), "utf8");
    const errors = await boundaryErrors(code, "src/io/store/violation.ts");
    // Line 7 (../records.js is src/io itself) breaks nothing.
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 10, 11, 12]);
    expect(errors[0]?.message).toContain("src/io may import only from io, model, core");
    expect(errors[0]?.message).toContain('"../../pipeline/run.js" is in src/pipeline');
    expect(errors[3]?.message).toContain('"../../notebook/show.js" is in src/notebook');
    expect(errors[4]?.message).toContain("danfojs only in src/frames");
    expect(errors[5]?.message).toContain("string literal");
  });

  it("allow what the layering allows", async () => {
    expect(
      await boundaryErrors(
        'import { tradingDate } from "../model/time.js";\nexport const f = tradingDate;\n',
        "src/core/ok.ts",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'import { openTable } from "../io/reader.js";\nexport const f = openTable;\n',
        "src/pipeline/ok.ts",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors('import Piscina from "piscina";\nexport const P = Piscina;\n', "src/pipeline/ok.ts"),
    ).toEqual([]);
    expect(
      await boundaryErrors('import * as dfd from "danfojs-node";\nexport const d = dfd;\n', "src/frames/ok.ts"),
    ).toEqual([]);
  });

  it("keep piscina in pipeline and danfojs in frames, and io below pipeline", async () => {
    expect(
      await boundaryErrors('import Piscina from "piscina";\nexport const P = Piscina;\n', "src/io/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import * as dfd from "danfojs-node";\nexport const d = dfd;\n', "src/notebook/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import { x } from "../pipeline/run.js";\nexport const y = x;\n', "src/io/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import { x } from "../frames/agg.js";\nexport const y = x;\n', "src/model/bad.ts"),
    ).toHaveLength(1);
  });

  it("keep aggregate/ pure: no danfojs, no frames/, no pipeline/", async () => {
    expect(
      await boundaryErrors('import * as dfd from "danfojs-node";\nexport const d = dfd;\n', "src/aggregate/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import { x } from "../frames/danfo.js";\nexport const y = x;\n', "src/aggregate/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import { x } from "../pipeline/run.js";\nexport const y = x;\n', "src/aggregate/bad.ts"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('import { x } from "../aggregate/table.js";\nexport const y = x;\n', "src/frames/ok.ts"),
    ).toEqual([]);
  });
});
