/**
 * Whether a record's fields fit the file's header. Exports often end every row with a comma (an
 * empty field the header does not name) or end the header with an unnamed column the rows leave
 * out: such fields hold no value, so the record fits. Anything else — a value beyond the header, a
 * named column missing — is a `field_count` reject, and the message says which field and what to
 * check.
 */

/** A field of spaces and tabs only, or empty. */
function blank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Why `fields` does not fit `header` (the file's header names, unnamed ones ""), or undefined when it fits. */
export interface FieldCountProblem {
  /** 1-based column of the reject: the first value beyond the header, or the first missing column. */
  column: number;
  message: string;
}

/**
 * Undefined when `fields` fits `header`: as many fields; more, the extra ones blank (trailing
 * commas); or fewer, the missing ones unnamed in the header. Otherwise the reject's column and
 * message (the first extra value quoted, or the missing columns named).
 */
export function fieldCountProblem(fields: readonly string[], header: readonly string[]): FieldCountProblem | undefined {
  const h = header.length;
  const n = fields.length;
  if (n === h) return undefined;
  const expected = `expected the header's ${h} fields, found ${n}`;
  if (n > h) {
    const k = fields.findIndex((f, i) => i >= h && !blank(f));
    if (k < 0) return undefined;
    const v = (fields[k] as string).slice(0, 40);
    return {
      column: k + 1,
      message: `${expected} (field ${k + 1} is "${v}"): a value with an unquoted comma, or a column the header does not name`,
    };
  }
  const missing = header.slice(n).filter((name) => name.trim() !== "");
  if (missing.length === 0) return undefined;
  const names = missing.length <= 5 ? missing.join(", ") : `${missing.slice(0, 5).join(", ")}, … (${missing.length})`;
  return {
    column: n + 1,
    message: `${expected} (no ${names}): the row is cut short or lost a separator`,
  };
}
