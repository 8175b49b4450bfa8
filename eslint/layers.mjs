// The import-boundary rule of the architecture (STYLE.md §6), as a local ESLint rule: every import of
// a file under src/ — static, re-export, or dynamic `import()` — is resolved against the file's own
// path, so `../../pipeline/x.js` from src/io/store/ is judged like `../pipeline/x.js` from src/io/. (The
// built-in no-restricted-imports matched the import text only: nested folders and dynamic imports
// went unchecked.)
import { dirname, relative, resolve, sep } from "node:path";

/** Which src/ folders each layer may import from (besides itself). */
export const LAYERS = {
  model: [],
  core: ["model"],
  io: ["model", "core"],
  aggregate: ["model", "core"],
  frames: ["model", "core", "aggregate"],
  plots: ["model", "core"],
  gen: ["model", "core"],
  stats: ["model", "core"],
  config: ["model", "core", "io"],
  pipeline: ["model", "core", "io", "aggregate", "frames", "plots", "stats", "config"],
  // The CLI starts the REPL (`sweeplab repl`), loaded only then.
  cli: ["model", "core", "io", "aggregate", "frames", "plots", "stats", "gen", "config", "pipeline", "repl"],
  repl: ["model", "core", "io", "aggregate", "frames", "plots", "stats", "gen", "config", "pipeline", "notebook"],
  notebook: ["model", "core", "io", "aggregate", "frames", "plots", "stats", "gen", "config", "pipeline"],
};

/** Packages only one layer may import. */
export const OWNED_PACKAGES = { piscina: "pipeline", "danfojs-node": "frames", danfojs: "frames" };

/** The top folder under `srcDir` of `path`, or undefined when it is not under it. */
function layerOf(srcDir, path) {
  const rel = relative(srcDir, path);
  if (rel.startsWith("..") || rel === "") return undefined;
  const top = rel.split(sep)[0];
  return top in LAYERS ? top : undefined;
}

/** The package name of a bare specifier (`@scope/name/sub` → `@scope/name`). */
function packageOf(spec) {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Whether an import declaration brings in types only (erased at compile time). */
function typeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === "type" || s.exportKind === "type");
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: {
      description:
        "model ← core ← {io, aggregate, plots, stats, gen} ← {frames, config} ← pipeline ← {cli, repl, notebook}",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcDir = resolve(context.cwd, "src");
    const layer = layerOf(srcDir, file);
    if (layer === undefined) return {};
    const allowed = new Set([layer, ...LAYERS[layer]]);
    const check = (node, source, types) => {
      if (source?.type !== "Literal" || typeof source.value !== "string") {
        // A computed `import(expr)` cannot be checked: not allowed in src/.
        if (node.type === "ImportExpression")
          context.report({ node, message: "a dynamic import() in src/ names its module as a string literal." });
        return;
      }
      const spec = source.value;
      if (spec.startsWith(".")) {
        const target = layerOf(srcDir, resolve(dirname(file), spec));
        if (target !== undefined && !allowed.has(target))
          context.report({
            node,
            message:
              `src/${layer} may import only from ${[...allowed].join(", ")} ` +
              `(model ← core ← {io, aggregate, plots, stats, gen} ← {frames, config} ← pipeline ← {cli, repl, notebook}); "${spec}" is in src/${target}.`,
          });
        return;
      }
      const owner = OWNED_PACKAGES[packageOf(spec)];
      if (owner !== undefined && owner !== layer)
        context.report({ node, message: "piscina is imported only in src/pipeline and danfojs only in src/frames." });
      if (layer === "core" && !types)
        context.report({ node, message: "src/core is pure: it imports no runtime package and no node: module." });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === "type"),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};

/** The local plugin: `sweeplab/layers`. */
export default { rules: { layers: rule } };
