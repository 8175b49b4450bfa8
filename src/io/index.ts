// Public API of the input layer: reading, scanning, rejects and reference files.
export type { Batch, ColumnArray, Columns } from "./csv/batch.js";
export { batchToCsv, csvField } from "./csv/csv-write.js";
export { detectTable, recogniseTable, type InputTableKind, type ReferenceKind } from "./csv/header.js";
export {
  discoverInputs,
  expandInputs,
  type DataInput,
  type DiscoverOptions,
  type DuplicateInput,
  type InputListing,
  type ReferenceInput,
  type SkipCode,
  type SkippedFolder,
} from "./inputs/inputs.js";
export { claimOutputFolder, isMarkedOutput, OUTPUT_MARKER, OutputNotOursError } from "./outputs/output-marker.js";
export { splitByteRanges, splitByteRangesAt, type SplitOptions } from "./csv/ranges.js";
export { openTable, type FileReport, type ReadOptions, type ReadProgress, type TableReader } from "./csv/reader.js";
export {
  loadInstruments,
  loadParticipants,
  loadSessions,
  loadReferenceData,
  decimalsOf,
  type ReferenceData,
  type ReferencePaths,
} from "./inputs/reference.js";
export { RejectsWriter, REJECTS_HEADER, rejectToCsv } from "./csv/rejects.js";
export { scan, type PartitionScan, type ScanOptions, type ScanProgress, type ScanResult } from "./scan/scan.js";
export { formatScan, scanToJson } from "./scan/scan-format.js";
export { OrderRows, mergeOrderRows, type OrderRowsPart } from "./scan/scan-order-rows.js";
export { DEFAULT_CHUNK_SIZE, type ByteRange } from "./csv/source.js";
export { loadPartitions, type LoadOptions, type LoadedPartitions } from "./store/load-partitions.js";
