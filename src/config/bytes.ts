/** Bytes per unit letter of a byte size: binary units, so 1 KB = 1 KiB = 1024 B. */
const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(?:(b)|([kmgt])(?:i?b?))?\s*$/i;

/**
 * Parses a byte size: a whole number of bytes ("1048576") or a number with a unit ("512KB", "64MB",
 * "1.5GiB", "16Gi", "2T"). Units are binary whatever the spelling (1 KB = 1 KiB = 1 Ki = 1024 B). The
 * one byte-size parser of the toolkit: config values and CLI flags (`--chunk-size`) alike. Fractions round down to whole bytes. Returns `undefined` for anything
 * else, and for sizes below 1 byte or above `Number.MAX_SAFE_INTEGER`.
 */
export function parseByteSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  if (m === null) return undefined;
  const unit = (m[2] ?? m[3] ?? "b").toLowerCase();
  const bytes = Math.floor(Number(m[1]) * (UNIT_BYTES[unit] ?? 1));
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** What {@link parseByteSize} accepts, worded for error messages. */
export const BYTE_SIZE_HELP = 'a whole number of bytes ≥ 1, or a size such as "512KB", "64MB", "1GB" (1 KB = 1024 B)';
