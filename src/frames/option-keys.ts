import { FrameError } from "./frame-error.js";

/**
 * Refuses an options object that is none, or that has a key `allowed` does not list: at the REPL or
 * in a script nothing type-checks the call, and a misspelt option (`tolerence`, `maxrows`) was
 * ignored without a word. FrameError `bad_argument` naming the call (`what`), the key and the options.
 */
export function checkOptionKeys(what: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new FrameError(
      "bad_argument",
      `${what}: its options must be an object (${allowed.join(", ")}), got ${options === null ? "null" : Array.isArray(options) ? "a list" : typeof options}`,
    );
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    throw new FrameError(
      "bad_argument",
      `${what}: ${unknown.map((k) => `"${k}"`).join(", ")} ${unknown.length === 1 ? "is no option" : "are no options"} ` +
        `(${allowed.join(", ")})`,
    );
}
