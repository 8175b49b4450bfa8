import { SweeplabError } from "../../model/errors.js";
/** Why a partition store operation failed. */
export type StoreErrorCode =
  | "bad_path_component" // a security code, date or tag that is not safe in a file name
  | "bad_option" // an option out of range (e.g. flushRows < 1)
  | "missing_partition" // no piece of any table exists for the (security, date)
  | "corrupt_piece" // a piece file that is not Parquet or lacks a column of the store schema
  | "bad_manifest"; // _store.json that is not JSON or does not match the manifest schema

/**
 * A typed failure of the partition store. `path` names the file or folder concerned; the message
 * quotes the bad value and says what to do.
 */
export class StoreError extends SweeplabError {
  override readonly name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * What to do about a damaged piece at `path`: delete the store holding it (the folder above
 * `<table>/security=…/date=…/`) and run again. Partitioning alone would not help: the inputs are
 * unchanged, so `partition` and `run` keep the store.
 */
export function repartitionHint(path: string): string {
  const m = /^(.+)[\\/](?:orders|trades|nbbo)[\\/]security=[^\\/]+[\\/]date=[^\\/]+[\\/][^\\/]+$/.exec(path);
  return `delete ${m?.[1] ?? "the output folder's store/"} and run again (its inputs are then partitioned again)`;
}
