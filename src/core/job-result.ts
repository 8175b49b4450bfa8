import type { SessionWindow } from "../model/session-window.js";
import type { BookWarning, BookWarningCode } from "./book.js";
import type { DataQuality } from "./data-quality.js";
import type { UnknownOrderLeg } from "./match.js";
import type { SweepMetrics } from "./metrics.js";
import type { ReplayFidelity } from "./fidelity.js";
import type { OrderShape } from "./order-shape.js";
import type { SelectionCounts } from "./select.js";
import type { GroupSums } from "./sums.js";
import type { JobSums } from "./job-sums.js";

/** Everything one job returns: plain, structured-cloneable data (typed arrays, bigint, objects). */
export interface JobResult {
  securityCode: string;
  date: string;
  decimals: number;
  rows: { orders: number; trades: number; quotes: number };
  /**
   * The shape of the partition's order rows (see `orderShape`): `"events"` (a Direct Drop event
   * history) or `"final_state"` (one last-state row per order: no book replay, no simulation).
   */
  orderShape: OrderShape;
  /** Where the midpoints came from: the NBBO file or the rows' snapshots. */
  quoteSource: "nbbo" | "snapshots";
  /** The continuous-session window the job used (ns since Sydney local midnight) and its source. */
  session: SessionWindow;
  selection: SelectionCounts;
  /** Sweeps per fill group: index 0..2 = groups 1..3. */
  sweepsByGroup: [number, number, number];
  /** Additive sums per (fill group, size band) cell, index (group − 1)·3 + band. */
  cells: GroupSums[];
  /**
   * The job's complete additive sums (per cell, participant and minute of placement): all that
   * aggregation needs, saved in job.json's record (see `JobSums`).
   */
  sums: JobSums;
  /** Per sweep order, real vs simulated. */
  sweeps: SweepMetrics;
  trades: {
    legs: number;
    matchedLegs: number;
    unknownOrderLegs: number;
    unknownOrderQty: number;
    unknownSample: UnknownOrderLeg[];
  };
  book: {
    warningCounts: Record<BookWarningCode, number>;
    warnings: BookWarning[];
    liveLitOrders: number;
    liveCentrePointOrders: number;
    /** Set when the replay was not run (a final-state order table): the counts above are then 0. */
    skipped?: "final_state";
  };
  /**
   * The midpoint simulation. `skipped: "final_state"`: not run (no placement times nor event
   * history to replay): fills and matchedQty are 0, and every sweep is flagged not simulated
   * (`sweeps.simulated` 0; its cells count no simulated sweep, its simulation.csv fields are empty).
   */
  simulation: { fills: number; matchedQty: number; fidelity: ReplayFidelity; skipped?: "final_state" };
  /**
   * What the job could not use or found suspect (repeated rows, legs of unknown orders, orders
   * outside the session, book warnings, overfilled orders, orders short of their trades, missing
   * midpoints): additive counts and small samples. `rows` and `trades` above count the rows
   * analysed, after repeats were dropped.
   */
  dataQuality: DataQuality;
}
