import { readFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import fg from "fast-glob";
import { isScalar, isSeq, parseDocument, type Document } from "yaml";
import { ConfigError, configIssues, showValue, type ConfigIssue } from "./errors.js";
import { isPlainRecord } from "../model/plain-record.js";
import { mergeConfig } from "./merge.js";
import { attributeConfigError, settingsGivenOver, type OverrideSource } from "./override-source.js";
import { RunConfig } from "./schema.js";

export { configFingerprint } from "./fingerprint.js";

const REFERENCE_KEYS = ["instruments", "participants", "sessions"] as const;

function badRoot(what: string, v: unknown): ConfigIssue {
  return {
    path: "",
    message: `expected ${what} to be a mapping of settings, got ${showValue(v)}`,
    allowed: "a mapping",
  };
}

/**
 * Merges `overrides` over `base` in order (see {@link mergeConfig}: plain objects merge deeply, lists
 * and values replace, `undefined` is skipped, `null` restores the default, dotted keys nest) and
 * validates the result once against {@link RunConfig}, filling defaults. `base` is typically a config
 * file's content ({@link readConfigFile}) or an earlier `RunConfig`; `undefined`/`null` stand for `{}`.
 * Throws {@link ConfigError} `bad_config` listing every problem field by field.
 */
export function resolveConfig(base: unknown, ...overrides: unknown[]): RunConfig {
  const layers = [base, ...overrides];
  const bad = layers.flatMap((l, i) =>
    l === undefined || l === null || isPlainRecord(l)
      ? []
      : [badRoot(i === 0 ? "the base config" : `override ${i}`, l)],
  );
  if (bad.length > 0) throw new ConfigError("bad_config", bad);
  const merged = layers.filter((l) => l !== undefined && l !== null).reduce<unknown>(mergeConfig, {});
  const r = RunConfig.safeParse(merged);
  if (!r.success) throw new ConfigError("bad_config", configIssues(RunConfig, r.error, merged));
  return r.data;
}

/**
 * Reads a config file without validating it: YAML (`.yaml`, `.yml`) or JSON (`.json`); an empty file
 * is `{}`. Relative `inputs` (paths and globs) and `reference` paths are made absolute against the
 * file's folder; `outputDir` is left relative to the process's working directory. For a file that
 * holds only part of a config, to be completed by overrides in {@link resolveConfig}.
 * Throws {@link ConfigError}: `unreadable_config` (missing file, other extension), `bad_config`
 * (YAML/JSON syntax, top level not a mapping).
 */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".yaml" && ext !== ".yml" && ext !== ".json")
    throw new ConfigError(
      "unreadable_config",
      [{ path: "", message: `expected a .yaml, .yml or .json file, got "${ext}"`, allowed: ".yaml, .yml, .json" }],
      path,
    );
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError(
      "unreadable_config",
      [{ path: "", message: `cannot read the file: ${(e as Error).message}` }],
      path,
    );
  }
  const content = ext === ".json" ? parseJson(text, path) : parseYaml(text, path);
  if (content !== null && !isPlainRecord(content))
    throw new ConfigError("bad_config", [badRoot("the file", content)], path);
  return resolvePaths(mergeConfig({}, content ?? {}) as Record<string, unknown>, dirname(resolve(path)));
}

/**
 * Reads the config file at `path` ({@link readConfigFile}), merges `overrides` over it and validates
 * ({@link resolveConfig}). Throws {@link ConfigError} (`bad_config`, `unreadable_config`) naming the
 * file, or, for a problem of a setting given over it, `<path> with the settings given over it`.
 */
export async function loadConfigFile(path: string, ...overrides: unknown[]): Promise<RunConfig> {
  return loadConfigOver(path, overrides, settingsGivenOver(path, overrides));
}

/**
 * The config file `file` ({@link readConfigFile}; none: the defaults) with `overrides` merged over
 * it, validated ({@link resolveConfig}). A {@link ConfigError} names where its bad values came from:
 * the file, what `source` names (a notebook's overrides, the CLI's flags), or both; a problem of
 * the file's own fields alone names the file.
 */
export async function loadConfigOver(
  file: string | undefined,
  overrides: readonly unknown[],
  source: OverrideSource,
): Promise<RunConfig> {
  const content = file === undefined ? {} : await readConfigFile(file);
  try {
    return resolveConfig(content, ...overrides);
  } catch (e) {
    throw e instanceof ConfigError ? attributeConfigError(e, file, source) : e;
  }
}

function parseJson(text: string, path: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError("bad_config", [{ path: "", message: `JSON syntax error: ${(e as Error).message}` }], path);
  }
}

function parseYaml(text: string, path: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0)
    throw new ConfigError(
      "bad_config",
      doc.errors.map((e) => ({
        path: "",
        message: `YAML syntax error: ${(e.message.split("\n")[0] ?? e.message).replace(/:$/, "")}`,
      })),
      path,
    );
  codesAsWritten(doc);
  return doc.toJS() as unknown;
}

/**
 * YAML reads an unquoted `securities: [00123]` as the number 123 (and `1e3` as 1000): another
 * security. A plain numeric scalar of the top-level `securities` list is taken as its source text.
 */
function codesAsWritten(doc: Document): void {
  const list = doc.get("securities", true);
  if (!isSeq(list)) return;
  for (const item of list.items)
    if (isScalar(item) && typeof item.value === "number" && item.type === "PLAIN" && item.source !== undefined)
      item.value = item.source;
}

// A path segment with none of a glob's special characters (nor an escape): a plain folder name.
const PLAIN_SEGMENT = /^[^*?[\]{}()!+@\\]*$/;

function resolveInput(dir: string, input: string): string {
  if (input === "" || isAbsolute(input)) return input;
  if (!fg.isDynamicPattern(input)) return resolve(dir, input);
  // A glob keeps its pattern. Its leading plain folder names are resolved as a path is
  // (`../data/*.csv` matches `/…/data/x.csv`, not `/…/cfg/../data/x.csv`: the paths the messages
  // show), and escaped, with the file's folder, so that their own characters are literal.
  const parts = input.split("/");
  const firstPattern = parts.findIndex((p) => !PLAIN_SEGMENT.test(p));
  const at = Math.max(0, firstPattern);
  return [fg.convertPathToPattern(resolve(dir, ...parts.slice(0, at))), ...parts.slice(at)].join("/");
}

function resolvePaths(raw: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out = { ...raw };
  if (Array.isArray(out.inputs))
    out.inputs = out.inputs.map((v: unknown) => (typeof v === "string" ? resolveInput(dir, v) : v));
  if (isPlainRecord(out.reference)) {
    const ref = { ...out.reference };
    for (const k of REFERENCE_KEYS) {
      const v = ref[k];
      if (typeof v === "string" && v !== "" && !isAbsolute(v)) ref[k] = resolve(dir, v);
    }
    out.reference = ref;
  }
  return out;
}
