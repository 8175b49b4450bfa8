/**
 * Security names by security code: the instruments file's `Name` column (ob.csv), e.g. from the
 * notebook's `securityNames(result)`. A code it does not list is shown by its code alone.
 */
export type SecurityNames = ReadonlyMap<string, string>;

/**
 * How a chart names a security: `<code> <name>` when `names` gives it one (the code is taken out of
 * the name when the name repeats it, as the sample's "KEL Synthetic Security 110621" does, giving
 * "110621 KEL Synthetic Security"), else the code alone.
 */
export function securityLabel(code: string, names?: SecurityNames): string {
  const name = names?.get(code)?.trim() ?? "";
  if (name === "") return code;
  const rest = name
    .split(/\s+/)
    .filter((word) => word !== code)
    .join(" ");
  return rest === "" ? code : `${code} ${rest}`;
}

/** How a chart names a participant: `<id> <name>` (e.g. "1001 BrokerA"), the id alone without a name. */
export function participantLabel(id: number | string, name?: string): string {
  const n = name?.trim() ?? "";
  return n === "" ? String(id) : `${id} ${n}`;
}
