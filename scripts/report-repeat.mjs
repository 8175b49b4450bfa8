// npm run report:repeat [-- N [report options …]] — runs `npm run report` (scripts/report.mjs, after
// one build) N times in a row (default 5) with the same options, and prints each run's result and
// time, the pass and fail counts, the machine (cores, load) before and after, and exits 1 if any run
// failed. For checking that reports hold on a busy machine; not part of `npm test`.
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { ROOT } from "./notebook-env.mjs";

const [first, ...rest] = process.argv.slice(2);
const count = first !== undefined && /^\d+$/.test(first) ? Number(first) : 5;
const options = first !== undefined && /^\d+$/.test(first) ? rest : process.argv.slice(2);
if (count < 1) {
  process.stderr.write("usage: npm run report:repeat -- [N ≥ 1] [report options …]\n");
  process.exit(2);
}

const machine = () =>
  `${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;

function report() {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, "scripts", "report.mjs"), ...options], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (b) => (log += b));
    child.stderr.on("data", (b) => (log += b));
    child.on("close", (code) => done({ code, seconds: (performance.now() - t0) / 1000, log }));
  });
}

process.stdout.write(`npm run report ${options.join(" ")} × ${count}; ${machine()}\n`);
let passed = 0;
for (let i = 1; i <= count; i++) {
  const r = await report();
  if (r.code === 0) passed++;
  const lines = r.log.trim().split("\n");
  process.stdout.write(
    `run ${i}: ${r.code === 0 ? "passed" : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s; ${machine()}\n` +
      (r.code === 0 ? "" : `${lines.map((l) => `  | ${l}`).join("\n")}\n`),
  );
}
process.stdout.write(`${passed} passed, ${count - passed} failed of ${count}\n`);
process.exitCode = passed === count ? 0 : 1;
