// ESLint flat config: typescript-eslint rules plus the import boundaries of the architecture
// (STYLE.md §6): model ← core ← {io, frames, plots, stats, gen} ← config ← pool ← {cli, repl, notebook}.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Which src/ folders each layer may import from (besides itself). */
export const LAYERS = {
  model: [],
  core: ["model"],
  io: ["model", "core"],
  frames: ["model", "core"],
  plots: ["model", "core"],
  gen: ["model", "core"],
  stats: ["model", "core"],
  config: ["model", "core", "io"],
  pool: ["model", "core", "io", "frames", "plots", "stats", "config"],
  cli: ["model", "core", "io", "frames", "plots", "stats", "gen", "config", "pool"],
  repl: ["model", "core", "io", "frames", "plots", "stats", "gen", "config", "pool", "notebook"],
  notebook: ["model", "core", "io", "frames", "plots", "stats", "gen", "config", "pool"],
};
const FOLDERS = Object.keys(LAYERS);

/** Packages only one layer may import. */
const OWNED_PACKAGES = { piscina: "pool", "danfojs-node": "frames", danfojs: "frames" };

function boundaryRule(layer) {
  const allowed = new Set([layer, ...LAYERS[layer]]);
  const forbidden = FOLDERS.filter((f) => !allowed.has(f));
  const patterns = [];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^\\.\\./(${forbidden.join("|")})(/|$)`,
      message: `src/${layer} may import only from ${[...allowed].join(", ")} (model ← core ← {io, frames, plots} ← pool ← {cli, repl, notebook}).`,
    });
  }
  const packages = Object.entries(OWNED_PACKAGES)
    .filter(([, owner]) => owner !== layer)
    .map(([p]) => p);
  patterns.push({
    regex: `^(${packages.join("|")})(/|$)`,
    message: "piscina is imported only in src/pool and danfojs only in src/frames.",
  });
  if (layer === "core") {
    // The pure core: no I/O, no runtime package; type-only imports are fine.
    patterns.push({
      regex: "^[^.]",
      allowTypeImports: true,
      message: "src/core is pure: it imports no runtime package and no node: module.",
    });
  }
  return ["error", { patterns }];
}

export default tseslint.config(
  { ignores: ["dist/", "docs/", "node_modules/", "coverage/", "sample_data/", "tests/fixtures/lint/", "wasm/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "bin/*.js", "tests/io/scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "error",
      eqeqeq: ["error", "always"],
    },
  },
  ...FOLDERS.map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { "no-restricted-imports": boundaryRule(layer) },
  })),
  {
    // Tests assert on values the type checker cannot see; keep the type-aware strictness for src/.
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
