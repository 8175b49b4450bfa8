// Public API of the statistics layer.
export { pairedTest, tTwoSidedP, type PairedTest } from "./paired.js";
export { formatPValue } from "./format-p.js";
export { sweepStatistics, type RealVsSimulatedTests, type SweepStatistics } from "./job-tests.js";
