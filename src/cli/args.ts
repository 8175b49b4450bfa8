/** Parses a byte size: "1", "7B", "512KB", "64MB", "1GB" (binary units: 1 KB = 1024 B). */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(text);
  if (m === null) throw new UsageError(`not a byte size: "${text}" (e.g. 1, 7, 512KB, 64MB, 1GB)`);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const v = Math.floor(Number(m[1]) * mult);
  if (v < 1) throw new UsageError(`byte size must be at least 1, got "${text}"`);
  return v;
}

/** Parses a non-negative integer flag value. */
export function parseCount(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const clean = text.replaceAll("_", "");
  if (!/^\d+$/.test(clean)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(clean);
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
