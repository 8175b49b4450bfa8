import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { StoreError } from "./errors.js";

/** What a JSON file of the store must be, for the message when it is not: "is not <is> (…); <fix>". */
export interface JsonFileKind {
  /** What the file must hold, e.g. "a store manifest". */
  is: string;
  /** What to do about a bad one, e.g. "delete it to re-partition". */
  fix: string;
}

/** The zod issues of a failed parse as one line: `path: message; path: message`. */
export function zodIssuesLine(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * Reads a JSON file of the store (`_store.json`, a slice record) and validates it with `schema`:
 * the parsed value, or undefined when the file does not exist. Throws StoreError `bad_manifest`
 * naming the file when it is not JSON (`<path>: is not JSON (<why>); <fix>`) or not of the schema
 * (`<path>: is not <is> (<field>: <issue>; …); <fix>`); file system errors other than ENOENT.
 */
export async function readValidatedJson<S extends z.ZodType>(
  path: string,
  schema: S,
  kind: JsonFileKind,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StoreError("bad_manifest", path, `is not JSON (${(e as Error).message}); ${kind.fix}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new StoreError("bad_manifest", path, `is not ${kind.is} (${zodIssuesLine(parsed.error)}); ${kind.fix}`);
  return parsed.data;
}
