// Public API of the partition store: one pass over the inputs writes each row to its (security,
// date) partition as Parquet pieces; jobs read one partition back without rescanning any input.
export { StoreError, type StoreErrorCode } from "./errors.js";
export { STORE_TABLES } from "./layout.js";
export {
  DEFAULT_FLUSH_ROWS,
  partitionFile,
  removePiecesOfTags,
  type CodeOffset,
  type PartitionPieceOptions,
  type PieceInfo,
} from "./partition-file.js";
export { listStore, listStoreKeys, type StorePartition } from "./list-store.js";
export { readPartition } from "./read-partition.js";
export { fingerprintFile, fingerprintPartition, type PieceDigest } from "./fingerprint.js";
export { PIECE_DIGESTS, readPieceDigests } from "./piece-digests.js";
export {
  manifestMatches,
  readStoreManifest,
  STORE_LAYOUT,
  STORE_MANIFEST,
  StoreManifest,
  writeStoreManifest,
} from "./manifest.js";
export { readValidatedJson, zodIssuesLine, type JsonFileKind } from "./read-json.js";
export { OUTPUT_SUBTREES, removeOutputTempFiles, removeTempFiles } from "./temp-files.js";
export { STORE_COLUMNS, type StoredColumn, type StoredKind } from "./store-schema.js";
export { fingerprintInputs, storeDrift, storeHolds, type StoreDrift } from "./verify-store.js";
export { piecesOnDisk, removeEmptyFolders, removePiecesWhere, type PieceOnDisk } from "./remove-pieces.js";
export {
  hasSlices,
  readSliceRecord,
  removeSliceRecord,
  SliceRecord,
  sliceRecordPath,
  SliceUnitRecord,
  SLICES_DIR,
  writeSliceRecord,
} from "./slice-record.js";
