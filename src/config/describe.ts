import { z } from "zod";

/**
 * What a config field accepts, in words, for error messages ("an integer ≥ 1"). Schemas whose rule
 * cannot be read off their type (a byte size, a calendar date) register their wording here; the rest
 * are described from their zod type and bounds by {@link describeSchema}.
 */
export const allowedText = z.registry<{ allowed: string }>();

type Schema = z.core.$ZodType;

const BIG = Number.MAX_SAFE_INTEGER;

/** The schema one layer inside a wrapper (default, optional, pipe …), or `undefined` for a leaf. */
function inner(s: Schema): Schema | undefined {
  if (
    s instanceof z.ZodDefault ||
    s instanceof z.ZodPrefault ||
    s instanceof z.ZodOptional ||
    s instanceof z.ZodNullable ||
    s instanceof z.ZodReadonly
  )
    return s.unwrap();
  // A preprocess pipe is (transform → schema); a `.transform()` pipe is (schema → transform).
  if (s instanceof z.ZodPipe) return s.in instanceof z.ZodTransform ? s.out : s.in;
  return undefined;
}

function numberText(s: z.ZodNumber): string {
  const kind = s.isInt === true ? "an integer" : "a number";
  const min = s.minValue !== null && Math.abs(s.minValue) < BIG ? s.minValue : undefined;
  const max = s.maxValue !== null && Math.abs(s.maxValue) < BIG ? s.maxValue : undefined;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} ≥ ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

/**
 * What `schema` accepts, in words: its registered {@link allowedText}, else a description of its
 * type and bounds ("an integer from 0 to 10", "true or false"). `undefined` for a string with a
 * format (its own issue message says what the format is) and for kinds it does not know.
 */
export function describeSchema(schema: Schema): string | undefined {
  for (let s: Schema | undefined = schema; s !== undefined; s = inner(s)) {
    const registered = allowedText.get(s)?.allowed;
    if (registered !== undefined) return registered;
    if (s instanceof z.ZodNumber) return numberText(s);
    if (s instanceof z.ZodBoolean) return "true or false";
    if (s instanceof z.ZodString) {
      if (s.format !== null) return undefined;
      return (s.minLength ?? 0) > 0 ? "a non-empty text" : "a text";
    }
    if (s instanceof z.ZodEnum) return `one of ${s.options.map((o) => JSON.stringify(o)).join(", ")}`;
    if (s instanceof z.ZodArray) {
      const item = describeSchema(s.element);
      return item === undefined ? "a list" : `a list, each item ${item}`;
    }
    if (s instanceof z.ZodObject) return `a mapping with keys ${Object.keys(s.shape).join(", ")}`;
    if (s instanceof z.ZodUnion) {
      const parts = s.options.map((o) => describeSchema(o));
      return parts.every((p) => p !== undefined) ? parts.join(", or ") : undefined;
    }
  }
  return undefined;
}

/** The keys an object schema accepts (through wrappers; a union's first object), or `undefined` if none. */
export function objectKeys(schema: Schema): string[] | undefined {
  for (let s: Schema | undefined = schema; s !== undefined; s = inner(s)) {
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    if (s instanceof z.ZodUnion)
      for (const o of s.options) {
        const keys = objectKeys(o);
        if (keys !== undefined) return keys;
      }
  }
  return undefined;
}

function child(s: Schema, key: PropertyKey): Schema | undefined {
  const i = inner(s);
  if (i !== undefined) return child(i, key);
  if (s instanceof z.ZodObject && typeof key === "string") return s.shape[key] as Schema | undefined;
  if (s instanceof z.ZodArray && typeof key === "number") return s.element;
  if (s instanceof z.ZodUnion) {
    for (const o of s.options) {
      const c = child(o, key);
      if (c !== undefined) return c;
    }
  }
  return undefined;
}

/** The schema of the field at `path` under `root` (through wrappers, arrays and unions), if any. */
export function schemaAt(root: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let s: Schema | undefined = root;
  for (const key of path) {
    if (s === undefined) return undefined;
    s = child(s, key);
  }
  return s;
}
