import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../atomic.js";
import type { PieceDigest } from "./fingerprint.js";
import { readValidatedJson } from "./read-json.js";

/** The file of the store's piece digests, beside its manifest. */
export const PIECE_DIGESTS = "_piece_digests.json";

const NsText = z.string().regex(/^\d+$/);

/** A piece's size, content hash and file times as written (see PieceDigest, fingerprint.ts). */
export const PieceDigestSchema = z.object({
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  ino: NsText,
  mtimeNs: NsText,
  ctimeNs: NsText,
});

/** `<storeDir>/_piece_digests.json`: each piece's digest by its path in the store. */
const PieceDigests = z.object({ version: z.literal(1), pieces: z.record(z.string(), PieceDigestSchema) });

/**
 * Writes the digests of `pieces` (those that have one) to `<storeDir>/_piece_digests.json`,
 * atomically. Each entry stands on its own: it says which bytes the file with those times holds, so
 * the file needs no agreement with the manifest (an entry of a piece since rewritten no longer
 * matches its times). Errors: file system errors.
 */
export async function writePieceDigests(
  storeDir: string,
  pieces: readonly { path: string; digest?: PieceDigest }[],
): Promise<void> {
  const out: Record<string, PieceDigest> = {};
  for (const p of pieces) if (p.digest !== undefined) out[p.path] = p.digest;
  await writeFileAtomic(join(storeDir, PIECE_DIGESTS), `${JSON.stringify({ version: 1, pieces: out })}\n`);
}

/**
 * The piece digests of a store by path; empty when there is no such file, or it cannot be read or
 * is not of its shape (an older sweeplab's store, a damaged file): every piece is then hashed when
 * checked, slower and never wrong.
 */
export async function readPieceDigests(storeDir: string): Promise<Map<string, PieceDigest>> {
  const file = await readValidatedJson(join(storeDir, PIECE_DIGESTS), PieceDigests, {
    is: "a list of piece digests",
    fix: "it is rewritten by the next partition",
  }).catch(() => undefined);
  return new Map(Object.entries(file?.pieces ?? {}));
}
