import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import type { ReferenceKind } from "../csv/header.js";
import type { InputListing } from "./inputs.js";

/** The reference files of a run, each optional (the shape of the config's `reference`). */
export type ReferencePaths = { [K in ReferenceKind]?: string | undefined };

const KINDS: readonly ReferenceKind[] = ["instruments", "participants", "sessions"];

const real = (p: string): Promise<string> => realpath(p).catch(() => resolve(p));

/**
 * Which reference tables found among the inputs a run uses: a table the config's `reference`
 * leaves unset is taken from the inputs when exactly one file of it was found; a table the config
 * sets is never replaced; several files of one table are not guessed between. Returns the merged
 * reference (undefined when there is none at all) and the listing with a `note` on each reference
 * file saying which case it is (shown in the run summary). Errors: none (a path that cannot be
 * resolved is compared as written).
 */
export async function useFoundReference(
  listing: InputListing,
  configured: ReferencePaths | undefined,
): Promise<{ listing: InputListing; reference: ReferencePaths | undefined }> {
  const reference: ReferencePaths = {};
  for (const kind of KINDS) if (configured?.[kind] !== undefined) reference[kind] = configured[kind];
  const notes = new Map<string, string>();
  for (const kind of KINDS) {
    const found = listing.reference.filter((r) => r.table === kind);
    const set = configured?.[kind];
    if (set !== undefined) {
      const setReal = await real(set);
      for (const f of found)
        notes.set(
          f.file,
          (await real(f.file)) === setReal
            ? `the config's reference.${kind}`
            : `not used: the config's reference.${kind} names ${set}`,
        );
    } else if (found.length === 1) {
      const file = found[0]?.file as string;
      reference[kind] = file;
      notes.set(file, `taken as reference.${kind} (the config names none)`);
    } else
      for (const f of found)
        notes.set(
          f.file,
          `not used: ${found.length} ${kind} files among the inputs; name one in the config's reference.${kind}`,
        );
  }
  return {
    listing: {
      ...listing,
      reference: listing.reference.map((r) => {
        const note = notes.get(r.file);
        return note === undefined ? r : { ...r, note };
      }),
    },
    reference: Object.keys(reference).length === 0 ? undefined : reference,
  };
}
