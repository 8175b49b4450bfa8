import type { DetailFormat } from "./detail-format.js";

/**
 * What a job's analysis fingerprint covers besides the analysis settings: the detail tables' format
 * (`outputs.detailFormat`). Given to `checkJobRecord` so that a job recorded with another analysis
 * fingerprint is said to be of another format when that is all that changed.
 */
export interface AnalysisFingerprintOf {
  /** The detail format the config asks for now. */
  detailFormat: DetailFormat;
  /** The config's analysis fingerprint with `outputs.detailFormat` set to `format` (configFingerprint). */
  withFormat(format: DetailFormat): string;
}

/** The detail format of a job's recorded files (`simulation.parquet`, `orders.csv.gz`, …), undefined when none tells. */
function recordedFormat(files: readonly { name: string }[]): DetailFormat | undefined {
  if (files.some((f) => f.name.endsWith(".parquet"))) return "parquet";
  if (files.some((f) => f.name.endsWith(".csv.gz"))) return "csv.gz";
  return undefined;
}

/**
 * Why a job recorded with analysis fingerprint `recorded` is stale: "recorded with another analysis
 * fingerprint" said so even when only `outputs.detailFormat` changed (the fingerprint covers it).
 * Now, by its files' format: "recorded with detail tables as csv.gz, the config's
 * outputs.detailFormat is parquet" when that is all; the analysis settings and the format when both
 * changed.
 */
export function analysisStaleReason(
  recorded: string,
  files: readonly { name: string }[],
  of: AnalysisFingerprintOf | undefined,
): string {
  const generic = "recorded with another analysis fingerprint";
  const format = recordedFormat(files);
  if (of === undefined || format === undefined || format === of.detailFormat) return generic;
  const was = `detail tables as ${format}, the config's outputs.detailFormat is ${of.detailFormat}`;
  return recorded === of.withFormat(format)
    ? `recorded with ${was} (the analysis settings are the same)`
    : `${generic}: other analysis settings, and ${was}`;
}
