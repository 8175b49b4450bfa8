import type { ConfigError } from "./errors.js";

/**
 * What gave the settings merged over a config file, for a refusal to name as its source: a
 * problem of a setting given over the file is not the file's. {@link loadConfigFile} names a
 * notebook's overrides (`(run.yaml with the settings given over it)`), the CLI its flags
 * (`(--workers on the command line)`).
 */
export interface OverrideSource {
  /**
   * What gave the field at `path` (an issue's dotted path: `analysis.session.start`,
   * `securities[1]`), or undefined when the overrides did not give it (it is the file's).
   */
  nameOf(path: string): string | undefined;
  /**
   * The refusal's source: `names` are those {@link OverrideSource.nameOf} gave the problems (at
   * least one, in the issues' order); `fileToo` says whether some problem is of the config file's
   * own fields.
   */
  describe(names: readonly string[], fileToo: boolean): string;
}

/**
 * Whether the override `o` gives the field at `path` (its segments), as `mergeConfig` merges it: a
 * key on the way to it (a dotted key standing for its objects) whose value is no object replaces
 * everything below (a list, a value, null deleting it); an object is merged key by key, so a field
 * of the file beside the given ones (the file's `analysis.impactTicks` beside `analysis.session`)
 * is the file's.
 */
function gives(o: unknown, path: readonly string[]): boolean {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return true;
  return Object.entries(o).some(([key, value]) => {
    if (value === undefined) return false;
    const parts = key.split(".").every((p) => p !== "") ? key.split(".") : [key];
    const n = Math.min(parts.length, path.length);
    if (parts.slice(0, n).some((p, i) => p !== path[i])) return false;
    return parts.length >= path.length || gives(value, path.slice(parts.length));
  });
}

/**
 * The {@link OverrideSource} of plain override objects merged over the config file `file` (a
 * notebook's `run(file, overrides)`): a field is theirs when one of them gives it (see {@link gives}),
 * and a refusal of one of them names `<file> with the settings given over it`.
 */
export function settingsGivenOver(file: string, overrides: readonly unknown[]): OverrideSource {
  const objects = overrides.filter((o) => typeof o === "object" && o !== null);
  return {
    nameOf: (path) => {
      const segments = path.split(/[.[\]]+/).filter((s) => s !== "");
      return segments.length > 0 && objects.some((o) => gives(o, segments)) ? "the settings given over it" : undefined;
    },
    describe: () => `${file} with the settings given over it`,
  };
}

/**
 * `e`, a refusal of the config `file` (if any) with the settings of `source` merged over it, with
 * its source saying where the bad values came from: the file, the overrides, or both (see
 * {@link OverrideSource.describe}). A refusal of the file's fields alone names the file.
 */
export function attributeConfigError(e: ConfigError, file: string | undefined, source: OverrideSource): ConfigError {
  const named = e.issues.map((i) => source.nameOf(i.path));
  const names = [...new Set(named.flatMap((n) => (n === undefined ? [] : [n])))];
  if (names.length === 0) return file === undefined ? e : e.withSource(file);
  return e.withSource(source.describe(names, named.includes(undefined)));
}
