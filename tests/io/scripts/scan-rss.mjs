// Child process for the memory test: scans one file with the built toolkit and prints peak RSS.
import { scan } from "../../../dist/io/scan/scan.js";

const [file, chunk] = process.argv.slice(2);
const r = await scan([file], { chunkSize: Number(chunk) });
process.stdout.write(
  JSON.stringify({
    rows: r.totals.rowsRead,
    rejected: r.totals.rejected,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
