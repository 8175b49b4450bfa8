import { BYTE_SIZE_HELP, parseByteSize } from "../config/index.js";
import { SweeplabError } from "../model/errors.js";

/** Parses a byte size flag with the config's parser ({@link parseByteSize}): "1", "512KB", "64MB", "2T". */
export function parseBytes(text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw new UsageError(`not a byte size: "${text}" (${BYTE_SIZE_HELP})`);
  return bytes;
}

/** Parses a non-negative integer flag value. */
export function parseCount(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const clean = text.replaceAll("_", "");
  if (!/^\d+$/.test(clean)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(clean);
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends SweeplabError {
  override readonly name = "UsageError";
  readonly code = "usage";
}
