// Public API of the statistics layer.
export { pairedTest, type PairedTest } from "./paired.js";
export { sweepStatistics, type RealVsSimulatedTests, type SweepStatistics } from "./job-tests.js";
