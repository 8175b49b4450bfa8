import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { DEFAULT_DECIMALS } from "../../model/price.js";
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
 * reference (undefined when there is none at all), the listing with a `note` on each reference
 * file saying which case it is (shown in the run summary), and `unused`: the tables of which
 * several files were found and none is used (see {@link unusedReferenceWarning}). Errors: none (a
 * path that cannot be resolved is compared as written).
 */
export async function useFoundReference(
  listing: InputListing,
  configured: ReferencePaths | undefined,
): Promise<{ listing: InputListing; reference: ReferencePaths | undefined; unused: UnusedReference[] }> {
  const reference: ReferencePaths = {};
  for (const kind of KINDS) if (configured?.[kind] !== undefined) reference[kind] = configured[kind];
  const notes = new Map<string, string>();
  const unused: UnusedReference[] = [];
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
    } else if (found.length > 1) {
      unused.push({ table: kind, files: found.map((f) => f.file) });
      for (const f of found)
        notes.set(
          f.file,
          `not used: ${found.length} ${kind} files among the inputs; name one in the config's reference.${kind}`,
        );
    }
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
    unused,
  };
}

/** A reference table of which several files were found among the inputs, none used (the config names none). */
export interface UnusedReference {
  table: ReferenceKind;
  /** The files found, in the listing's order. */
  files: string[];
}

/**
 * The run warning for {@link UnusedReference}: what the run does without the table — every security
 * priced at 2 implied decimals (a power of ten off for the others), empty participant names, or
 * `session` (the config's `analysis.session`, "HH:MM..HH:MM") for every job — and what to do. Each
 * day's folder of an extract holding its own `ob.csv` or `session.csv` is the common case: the run
 * said nothing but a note in its input list, exit 0. Pure.
 */
export function unusedReferenceWarning(u: UnusedReference, session: string): string {
  const without = {
    instruments: `every security is priced at ${DEFAULT_DECIMALS} implied decimals (its money figures a power of ten off when its DecimalsInPrice is another)`,
    participants: "by_participant's participant_name and participant_type columns are empty",
    sessions: `every job uses analysis.session ${session} instead of its order book's own continuous-session window`,
  }[u.table];
  const shown = u.files.slice(0, 3).join(", ") + (u.files.length > 3 ? `, … (${u.files.length} in all)` : "");
  return (
    `${u.files.length} ${u.table} files among the inputs (${shown}) and the config names none: none is used, ` +
    `so ${without}; name the one to use in the config's reference.${u.table} (files of several days: join ` +
    "their rows into one file and name it there)"
  );
}
