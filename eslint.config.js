// ESLint flat config: typescript-eslint rules plus the import boundaries of the architecture
// (STYLE.md §6): model ← core ← {io, aggregate, plots, stats, gen} ← {frames, config} ← pipeline ← {cli, repl, notebook}.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import layers from "./eslint/layers.mjs";

export default tseslint.config(
  // internal.d.ts: the one-line `sweeplab/internal` types for resolvers without "exports" (of dist/).
  {
    ignores: ["dist/", "docs/", "node_modules/", "coverage/", "sample_data/", "tests/fixtures/lint/", "internal.d.ts"],
  },
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
  {
    // The import boundaries between src/ layers (eslint/layers.mjs): static, re-exported and dynamic.
    files: ["src/**/*.ts"],
    plugins: { sweeplab: layers },
    rules: { "sweeplab/layers": "error" },
  },
  {
    // Tests assert on values the type checker cannot see; keep the type-aware strictness for src/.
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  {
    // CommonJS on purpose (e.g. worker entries piscina require()s): require is how they import.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
