#!/usr/bin/env node
// Where a phase's time goes: runs `bench/phase.mjs <phase> …` under `node --cpu-prof` (main thread;
// worker threads write their own profiles beside it) and prints the functions with the most self
// time across all the profiles written, grouped by file. Usage:
//   node bench/profile.mjs <partition|jobs|aggregate> <config.json> [--top 25]
//   node bench/profile.mjs scan <workers> <chunk size> <rejects file> <input>... [--top 25]
// (the configs are the ones `npm run bench` writes under its --dir). Profiles stay in
// $TMPDIR/sweeplab-profile-<phase>/ for Chrome DevTools or speedscope.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt === -1 ? 25 : Number(args.splice(topAt, 2)[1]);
const phase = args[0];
const dir = join(tmpdir(), `sweeplab-profile-${phase}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const here = new URL(".", import.meta.url).pathname;
const out = execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, join(here, "phase.mjs"), ...args], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
console.log(out.trim().split("\n").pop());

const self = new Map();
let total = 0;
for (const f of readdirSync(dir).filter((x) => x.endsWith(".cpuprofile"))) {
  const p = JSON.parse(readFileSync(join(dir, f), "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = p.timeDeltas[i] ?? 0;
    const file = n.callFrame.url.split("/").slice(-2).join("/") || "(native)";
    const key = `${n.callFrame.functionName || "(anonymous)"}  ${file}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    if (n.callFrame.functionName !== "(idle)") total += dt;
  });
}
console.log(
  `${phase}: ${(total / 1e6).toFixed(2)} s of CPU over all threads (idle excluded); top ${top} by self time:`,
);
for (const [k, t] of [...self]
  .filter(([k]) => !k.startsWith("(idle)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
console.log(`profiles: ${dir}`);
