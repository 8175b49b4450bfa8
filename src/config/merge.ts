import { isPlainRecord } from "../model/plain-record.js";

// Own data property even for "__proto__", so a config can never reach an object's prototype.
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Deep-merges `over` onto `base`: plain objects (`isPlainRecord`, from any JavaScript context, such as
 * the REPL's prompt) merge key by key; anything else in `over` (a number,
 * a string, a list) replaces what is in `base`. In `over`, an `undefined` value is skipped (an unset
 * CLI flag) and `null` removes the key (so its default applies again). A dotted key
 * (`"analysis.session.start": "10:30"`) stands for the nested object it names.
 */
export function mergeConfig(base: unknown, over: unknown): unknown {
  const b = isPlainRecord(base) ? base : {};
  if (!isPlainRecord(over)) return over;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) put(out, k, v);
  for (const [key, raw] of Object.entries(over)) {
    if (raw === undefined) continue;
    const [head, ...rest] = splitDotted(key);
    const value = rest.length === 0 ? raw : nest(rest, raw);
    if (value === null) {
      delete out[head];
      continue;
    }
    put(out, head, isPlainRecord(value) ? mergeConfig(isPlainRecord(out[head]) ? out[head] : {}, value) : value);
  }
  return out;
}

/** "a.b.c" → ["a", "b", "c"]; a key with an empty segment ("a..b", ".a") stays whole. */
function splitDotted(key: string): [string, ...string[]] {
  const parts = key.split(".");
  return parts.length > 1 && parts.every((p) => p !== "") ? (parts as [string, ...string[]]) : [key];
}

function nest(keys: readonly string[], value: unknown): unknown {
  let v = value;
  for (let i = keys.length - 1; i >= 0; i--) {
    const o: Record<string, unknown> = {};
    put(o, keys[i] as string, v);
    v = o;
  }
  return v;
}
