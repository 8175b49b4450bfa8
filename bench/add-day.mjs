#!/usr/bin/env node
// A day of extracts added to a store: what `sweeplab partition` reads and how long it takes, against
// a whole partition of the same inputs (what every input change cost before partition-reuse.ts).
// On a copy of DATA made of hard links (no bytes copied): (1) partition the inputs without the last
// day's orders and trades files, (2) add them and partition again (only they are read), (3) the same
// inputs partitioned whole in a new folder. The stores of (2) and (3) are compared piece for piece.
// Usage (after `npm run build`): node bench/add-day.mjs --data <a `sweeplab gen` folder> [--workers 2]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { data: { type: "string" }, workers: { type: "string", default: "2" } } });
if (values.data === undefined) throw new Error("usage: node bench/add-day.mjs --data <folder> [--workers N]");
const BIN = join(import.meta.dirname, "..", "bin", "sweeplab.js");
const root = mkdtempSync(join(tmpdir(), "sweeplab-add-day-"));
const data = join(root, "data");
execFileSync("cp", ["-al", values.data, data]); // hard links: no bytes copied
// The last day's orders and trades files, held aside for the first partition.
const day = ["orders", "trades"].map((t) => join(t, readdirSync(join(data, t)).sort().at(-1)));
const held = join(root, "held");
for (const t of ["orders", "trades"]) mkdirSync(join(held, t), { recursive: true });
for (const f of day) renameSync(join(data, f), join(held, f));

function partition(out) {
  const t0 = performance.now();
  execFileSync(process.execPath, [BIN, "partition", "--inputs", data, "--output", out, "--workers", values.workers], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const seconds = (performance.now() - t0) / 1000;
  const s = JSON.parse(readFileSync(join(out, "run_summary.json"), "utf8")).partition;
  return { seconds, rowsRead: s.rowsRead, kept: s.kept, pieces: s.pieces };
}

const out = join(root, "out");
const first = partition(out);
console.log(`without ${day.join(", ")}: ${first.seconds.toFixed(1)} s wall, ${first.rowsRead.toLocaleString()} rows`);
for (const f of day) renameSync(join(held, f), join(data, f));
const added = partition(out);
const read = added.rowsRead - (added.kept?.rows ?? 0);
console.log(
  `the day added:  ${added.seconds.toFixed(1)} s wall, ${read.toLocaleString()} rows read, ${added.kept?.files ?? 0} file(s) (${(added.kept?.rows ?? 0).toLocaleString()} rows) kept`,
);
const whole = join(root, "whole");
const fresh = partition(whole);
console.log(`whole partition: ${fresh.seconds.toFixed(1)} s wall, ${fresh.rowsRead.toLocaleString()} rows read`);
const same = execFileSync("diff", ["-r", "-q", "-x", "_piece_digests.json", join(out, "store"), join(whole, "store")], {
  encoding: "utf8",
}).trim();
console.log(same === "" ? "stores identical (piece digests aside)" : same);
console.log(`ratio: ${(fresh.seconds / added.seconds).toFixed(1)}× faster than a whole partition`);
rmSync(root, { recursive: true, force: true });
