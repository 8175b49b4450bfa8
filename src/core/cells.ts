import { SIZE_BANDS, type FillGroup, type SizeBand } from "./classify.js";

/**
 * The (fill group, size band) cells of a job: 3 groups × 3 bands, cell `(group − 1)·3 + band`.
 * Every place that indexes a job's cells (sums, job outputs and their records, aggregation) goes
 * through these functions, so the layout is written down once.
 */

/** The number of cells of a job: 3 fill groups × 3 size bands. */
export const CELL_COUNT = 9;

/** The cell index of fill group `group` (1..3) and size band `band` (0 Small, 1 Medium, 2 Large): (group − 1)·3 + band. */
export function cellIndex(group: number, band: number): number {
  return (group - 1) * 3 + band;
}

/** The cell index of a fill group and a size band given by name ("Small", "Medium", "Large"); −1 for another name. */
export function cellIndexOf(group: number, sizeBand: string): number {
  const band = SIZE_BANDS.indexOf(sizeBand as (typeof SIZE_BANDS)[number]);
  return band < 0 ? -1 : cellIndex(group, band);
}

/** The fill group (1..3) of cell index `i` (0..8). */
export function cellGroup(i: number): FillGroup {
  return (Math.floor(i / 3) + 1) as FillGroup;
}

/** The size band index (0..2) of cell index `i` (0..8). */
export function cellBand(i: number): SizeBand {
  return (i % 3) as SizeBand;
}

/** The size band name of cell index `i` (0..8). */
export function cellBandName(i: number): (typeof SIZE_BANDS)[number] {
  return SIZE_BANDS[cellBand(i)];
}
