import { createHash } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";
import { TOOLKIT_VERSION } from "../../model/version.js";
import type { FileReport } from "../csv/reader.js";
import { writeFileAtomic } from "../atomic.js";
import { StoreError } from "./errors.js";
import { readValidatedJson } from "./read-json.js";
import type { PieceInfo } from "./partition-file.js";
import { PieceDigestSchema, writePieceDigests } from "./piece-digests.js";
import { STORE_COLUMNS } from "./store-schema.js";

/** The manifest's file name inside the store folder. */
export const STORE_MANIFEST = "_store.json";

const TableKindSchema = z.enum(["orders", "trades", "nbbo"]);

/** A piece as recorded in the manifest (see PieceInfo). */
export const PieceInfoSchema = z.object({
  table: TableKindSchema,
  securityCode: z.string(),
  date: z.string(),
  path: z.string(),
  rows: z.number().int().min(0),
  /** As written (a slice's record carries it to the seal); kept apart from the manifest, in `_piece_digests.json`. */
  digest: PieceDigestSchema.exactOptional(),
});

/** A FileReport as recorded in the manifest. */
export const FileReportSchema = z.object({
  file: z.string(),
  table: TableKindSchema,
  range: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).exactOptional(),
  bytes: z.number().min(0),
  rowsRead: z.number().int().min(0),
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  blankLines: z.number().int().min(0),
  rejectsByCode: z.record(z.string(), z.number().int().min(0)),
  unknownCodes: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).exactOptional(),
  error: z.object({ code: z.string(), message: z.string() }).exactOptional(),
});

/**
 * The store manifest `<storeDir>/_store.json`: `inputs` maps each input file to its
 * fingerprintFile value, `pieces` lists the pieces written (paths relative to the store), `files`
 * the per-file (or per-range) accounting. Written atomically, after every piece.
 */
export const StoreManifest = z.object({
  version: z.literal(1),
  inputs: z.record(z.string(), z.string()),
  /** The readers' unknown-code policy the store was written with (absent in older stores: "keep"). */
  unknownCodes: z.enum(["keep", "reject"]).exactOptional(),
  /** {@link STORE_LAYOUT} of the sweeplab that wrote the store (absent in older stores). */
  layout: z.string().exactOptional(),
  // Without their digests: file times, which differ from run to run (the manifest is the same bytes for the same inputs).
  pieces: z.array(PieceInfoSchema.omit({ digest: true })),
  files: z.array(FileReportSchema),
});
export type StoreManifest = z.infer<typeof StoreManifest>;

/**
 * The layout of the store this sweeplab writes: sha256 hex of TOOLKIT_VERSION and every table's
 * stored columns (STORE_COLUMNS). A store whose manifest names another layout, or none (an older
 * sweeplab's), holds pieces this code may read wrongly or not at all: it is partitioned again.
 */
export const STORE_LAYOUT = createHash("sha256")
  .update(JSON.stringify({ toolkitVersion: TOOLKIT_VERSION, columns: STORE_COLUMNS }))
  .digest("hex");

/**
 * Whether a store manifest was written, by this sweeplab's store layout ({@link STORE_LAYOUT}), from
 * exactly these input fingerprints (fingerprintFile, in input order) under this unknown-code policy:
 * the store may then be kept (when its pieces are all there, see storeDrift).
 */
export function manifestMatches(
  m: StoreManifest | undefined,
  inputs: Record<string, string>,
  unknownCodes: "keep" | "reject",
): m is StoreManifest {
  return (
    m !== undefined &&
    m.layout === STORE_LAYOUT &&
    JSON.stringify(m.inputs) === JSON.stringify(inputs) &&
    (m.unknownCodes ?? "keep") === unknownCodes
  );
}

// A FileReport must fit the manifest unchanged (checked at compile time).
const _reportFits = (r: FileReport): StoreManifest["files"][number] => r;
void _reportFits;

/**
 * Reads `<storeDir>/_store.json`; undefined when there is none (a new or never completed store).
 * Errors: StoreError `bad_manifest` (not JSON, or not the manifest shape: the message lists the
 * zod issues; delete the file to re-partition; see `readValidatedJson`); file system errors other
 * than ENOENT.
 */
export async function readStoreManifest(storeDir: string): Promise<StoreManifest | undefined> {
  return readValidatedJson(join(storeDir, STORE_MANIFEST), StoreManifest, {
    is: "a store manifest",
    fix: "delete it to re-partition",
  });
}

/**
 * Writes `<storeDir>/_store.json` atomically (temp file + rename), pretty-printed with a trailing
 * newline; write it last, after every piece, so its presence means the pieces are complete. The
 * pieces' digests (PieceInfo's `digest`) go first into `_piece_digests.json` (writePieceDigests), not
 * into the manifest. Errors: StoreError `bad_manifest` when `m` does not match the schema; file
 * system errors.
 */
export async function writeStoreManifest(
  storeDir: string,
  m: Omit<StoreManifest, "pieces"> & { pieces: readonly PieceInfo[] },
): Promise<void> {
  await writePieceDigests(storeDir, m.pieces);
  const path = join(storeDir, STORE_MANIFEST);
  const parsed = StoreManifest.safeParse(m);
  if (!parsed.success) throw new StoreError("bad_manifest", path, `refusing to write: ${parsed.error.message}`);
  await writeFileAtomic(path, `${JSON.stringify(parsed.data, null, 2)}\n`);
}
