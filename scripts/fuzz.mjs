// node scripts/fuzz.mjs [--cases N] [--seed S] [--no-record]
// A long fuzzing campaign of the input reader: runs tests/io/fuzz.test.ts with N cases (default
// 200,000) from seed S (default: the time, printed so the run can be repeated), and adds each
// failing seed to tests/io/fuzz-seeds.json (unless --no-record), where every later test run checks
// it first. Exit code: vitest's (0 when every case passed).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "200000" },
    seed: { type: "string", default: String(Date.now() % 2 ** 32) },
    "no-record": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log("usage: node scripts/fuzz.mjs [--cases N] [--seed S] [--no-record]");
  process.exit(0);
}
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed) || seed < 0) {
  console.error("--cases must be a positive integer and --seed a non-negative integer");
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
console.log(`fuzzing the reader: ${cases} cases from seed ${seed}`);
const run = spawnSync(
  process.execPath,
  [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "tests/io/fuzz.test.ts"],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      SWEEPLAB_FUZZ_CASES: String(cases),
      SWEEPLAB_FUZZ_SEED: String(seed),
      SWEEPLAB_FUZZ_RECORD: values["no-record"] ? "0" : "1",
    },
  },
);
process.exit(run.status ?? 1);
