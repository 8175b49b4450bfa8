/**
 * Whether `v` is a mapping of settings: an object literal, parsed JSON or YAML, or
 * `Object.create(null)` — from this JavaScript context or any other (an object typed at the REPL's
 * prompt, or made by `node:vm`, has that context's `Object.prototype`, so the check is by shape:
 * a prototype that is itself a root object, or none). Lists, dates, maps, class instances, module
 * namespaces and built-in objects such as `Math` are not mappings, whatever context made them.
 */
export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  if (Object.prototype.toString.call(v) !== "[object Object]") return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}
