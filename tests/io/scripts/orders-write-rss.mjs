// Child process for the write-stage memory test: one job's outputs (parquet) for a partition of
// `n` order events, every other one Centre Point, with the built toolkit; prints the peak RSS
// before and after writing (after a full GC: run with --expose-gc).
import { runJob } from "../../../dist/core/job.js";
import { writeJobOutputs } from "../../../dist/io/outputs/job-outputs.js";
import { defaultAnalysisConfig } from "../../../dist/model/analysis-config.js";
import { allocOrderEvents, allocTradeLegs } from "../../../dist/model/partition.js";

const [dir, rowsText] = process.argv.slice(2);
const n = Number(rowsText);
const empty = {
  securityCode: "BHP",
  date: "2024-10-02",
  decimals: 2,
  orders: allocOrderEvents(0),
  trades: allocTradeLegs(0),
};
const r = runJob(empty, defaultAnalysisConfig());
const narrow = () => new Int32Array(n);
const o = allocOrderEvents(n);
// Int32Array integer columns, as the store's reader gives them when the values fit.
for (const k of Object.keys(o)) if (o[k] instanceof Float64Array && k !== "tNs") o[k] = narrow();
for (let i = 0; i < n; i++) {
  o.orderId[i] = 7_000_000_000_000_000_000n + BigInt(i);
  o.tsNs[i] = 1_727_827_200_000_000_000n + BigInt(i) * 1_000_003n;
  o.priceTicks[i] = 3100 + (i % 17);
  o.side[i] = 1 + (i % 2);
  o.qty[i] = 100 + (i % 1000);
  o.leavesQty[i] = i % 100;
  o.exchangeOrderType[i] = i % 2 === 0 ? 64 : 0;
  o.sequence[i] = i;
  o.participantId[i] = 1001 + (i % 5);
}
globalThis.gc();
const before = process.resourceUsage().maxRSS * 1024;
const rssBefore = process.memoryUsage().rss;
await writeJobOutputs(dir, r, o, 64);
const after = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ kept: Math.ceil(n / 2), peakBefore: before, rssBefore, peakAfter: after }));
