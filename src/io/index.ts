// Public API of the input layer: reading, scanning, rejects and reference files.
export type { Batch, ColumnArray, Columns } from "./batch.js";
export { batchToCsv, csvField } from "./csv-write.js";
export { detectTable, recogniseTable, type InputTableKind, type ReferenceKind } from "./header.js";
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
} from "./inputs.js";
export { claimOutputFolder, isMarkedOutput, OUTPUT_MARKER, OutputNotOursError } from "./output-marker.js";
export { splitByteRanges, splitByteRangesAt, type SplitOptions } from "./ranges.js";
export { openTable, type FileReport, type ReadOptions, type ReadProgress, type TableReader } from "./reader.js";
export {
  loadInstruments,
  loadParticipants,
  loadSessions,
  loadReferenceData,
  decimalsOf,
  type ReferenceData,
  type ReferencePaths,
} from "./reference.js";
export { RejectsWriter, REJECTS_HEADER, rejectToCsv } from "./rejects.js";
export { scan, type PartitionScan, type ScanOptions, type ScanProgress, type ScanResult } from "./scan.js";
export { formatScan, scanToJson } from "./scan-format.js";
export { DEFAULT_CHUNK_SIZE, type ByteRange } from "./source.js";
export { loadPartitions, type LoadOptions, type LoadedPartitions } from "./load-partitions.js";
