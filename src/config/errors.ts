import type { z } from "zod";
import { describeSchema, objectKeys, schemaAt } from "./describe.js";
import { SweeplabError } from "../model/errors.js";

/**
 * Why a config was refused: `bad_config` (a value, key or file content is wrong) or
 * `unreadable_config` (the config file cannot be read, or its extension is not .yaml, .yml or .json).
 */
export type ConfigErrorCode = "bad_config" | "unreadable_config";

/** One problem of a config: where (`analysis.session.start`, `securities[1]`; "" for the whole config), what, and what is allowed. */
export interface ConfigIssue {
  /** Dotted path of the field, with `[i]` for list items; "" for the config as a whole. */
  path: string;
  /** What is wrong, quoting the bad value: `expected an integer ≥ 1, got "two"`. */
  message: string;
  /** What the field accepts, when it can be said in words (`an integer ≥ 1`). */
  allowed?: string;
}

/**
 * A config that cannot be used. Its message lists every issue, one line per field
 * (`workers: expected an integer ≥ 1, got "two"`); `issues` holds them as data for notebooks.
 */
export class ConfigError extends SweeplabError {
  override readonly name = "ConfigError";
  constructor(
    /** `bad_config` or `unreadable_config`. */
    readonly code: ConfigErrorCode,
    /** Every problem found, in schema order. */
    readonly issues: readonly ConfigIssue[],
    /** The config file, when the config came from one. */
    readonly source?: string,
  ) {
    const where = source === undefined ? "" : ` (${source})`;
    const head = code === "bad_config" ? "bad config" : "unreadable config";
    const n = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(
      `${head}${where}, ${n}:\n${issues.map((i) => `  ${i.path === "" ? "config" : i.path}: ${i.message}`).join("\n")}`,
    );
  }

  /** The same issues attributed to the config file `source`. */
  withSource(source: string): ConfigError {
    return new ConfigError(this.code, this.issues, source);
  }
}

/** `analysis.session.start`, `securities[1]`, "" for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : out === "" ? String(k) : `.${String(k)}`;
  return out;
}

/** A value quoted for a message: strings in quotes, objects as JSON, at most 80 characters. */
export function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "a function";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  let text: string;
  try {
    text = JSON.stringify(v) ?? typeof v;
  } catch {
    text = `a ${typeof v} that cannot be shown`;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The allowed key closest to a misspelt one, when it is close (at most 2 edits). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(key, a);
    if (d < bestD) [best, bestD] = [a, d];
  }
  return best;
}

/**
 * Where a key unknown at `path` is a key below it (`session` at the top: `analysis.session`;
 * `smallMax` in `analysis`: `analysis.sizeBands.smallMax`), up to two levels down: their paths.
 */
function nestedPaths(root: z.core.$ZodType, path: readonly PropertyKey[], key: string, depth = 2): string[] {
  if (depth === 0) return [];
  const here = schemaAt(root, path);
  return (here === undefined ? [] : (objectKeys(here) ?? [])).flatMap((k) => {
    const below = schemaAt(root, [...path, k]);
    const keys = below === undefined ? undefined : objectKeys(below);
    if (keys === undefined) return [];
    return keys.includes(key) ? [formatPath([...path, k, key])] : nestedPaths(root, [...path, k], key, depth - 1);
  });
}

function stripExpected(message: string): string | undefined {
  return message.startsWith("expected ") ? message.slice("expected ".length) : undefined;
}

type Issue = z.core.$ZodIssue;

// Issues that come from a refinement (a custom check), as opposed to a field's own type or bounds.
const REFINEMENTS = new WeakSet<ConfigIssue>();

function issuesOf(root: z.core.$ZodType, input: unknown, iss: Issue, base: readonly PropertyKey[]): ConfigIssue[] {
  const path = [...base, ...iss.path];
  const at = formatPath(path);
  const got = showValue(valueAt(input, path));
  switch (iss.code) {
    case "unrecognized_keys": {
      const keys = objectKeys(schemaAt(root, path) ?? root) ?? [];
      const allowed = keys.join(", ");
      return iss.keys.map((k) => {
        const near = closest(k, keys);
        const hints = near === undefined ? nestedPaths(root, path, k) : [near];
        const hint = hints.length === 0 ? "" : ` (did you mean ${hints.map((h) => `"${h}"`).join(" or ")}?)`;
        return {
          path: formatPath([...path, k]),
          message: `unknown key${hint}; allowed keys: ${allowed}`,
          allowed,
        };
      });
    }
    case "invalid_union": {
      // Report the branch whose overall type matched the value (a range object, or a list).
      const branch = iss.errors.find((errs) => !errs.some((e) => e.code === "invalid_type" && e.path.length === 0));
      if (branch !== undefined) return branch.flatMap((e) => issuesOf(root, input, e, path));
      break;
    }
    case "custom": {
      // A refinement: its own message says what is expected.
      const issue = withAllowed(at, `${iss.message}, got ${got}`, stripExpected(iss.message));
      REFINEMENTS.add(issue);
      return [issue];
    }
    case "invalid_format":
      // A pattern: its own message says what is expected.
      return [withAllowed(at, `${iss.message}, got ${got}`, stripExpected(iss.message))];
    default:
      break;
  }
  const field = schemaAt(root, path);
  const allowed =
    (field === undefined ? undefined : describeSchema(field)) ??
    (iss.code === "invalid_type" ? `a ${iss.expected}` : undefined);
  return [
    allowed === undefined
      ? { path: at, message: `${iss.message}, got ${got}` }
      : withAllowed(at, `expected ${allowed}, got ${got}`, allowed),
  ];
}

function withAllowed(path: string, message: string, allowed: string | undefined): ConfigIssue {
  return allowed === undefined ? { path, message } : { path, message, allowed };
}

/**
 * The {@link ConfigIssue}s of a failed zod parse of `input` against `root`, field by field: unknown
 * keys one by one (with the allowed keys), unions reported through the branch the value was meant
 * for, and every message quoting the bad value and saying what is allowed.
 */
export function configIssues(root: z.core.$ZodType, error: z.core.$ZodError, input: unknown): ConfigIssue[] {
  const issues = error.issues.flatMap((iss) => issuesOf(root, input, iss, []));
  // A refinement of an object whose own fields are already wrong ran on bad values: its complaint
  // ("session start must be before its end" for start "25:00") only repeats the field's issue.
  const under = (o: ConfigIssue, p: string): boolean =>
    o.path !== p && (p === "" || o.path.startsWith(`${p}.`) || o.path.startsWith(`${p}[`));
  return issues.filter((i) => !REFINEMENTS.has(i) || !issues.some((o) => under(o, i.path)));
}
