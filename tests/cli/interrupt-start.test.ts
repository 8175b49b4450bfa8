import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// Ctrl-C while the CLI loads its modules, before any command runs: the process died of the signal
// (no line, no exit code), where a run cut short exits 130 with one line. bin/sweeplab.js now
// answers it first thing. The SIGINT is a real one, sent from module hooks of the test
// (tests/fixtures/sigint-on-load.mjs), not by a hook of the CLI: as the launcher asks for
// dist/cli/main.js, and from main.js's last statement as it runs (a Ctrl-C the event loop reads
// only after the modules have run: it must still be answered, not dropped with the listener).

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "sweeplab.js");
const ON_LOAD = pathToFileURL(join(ROOT, "tests", "fixtures", "sigint-on-load.mjs")).href;
const ON_WRITE = pathToFileURL(join(ROOT, "tests", "fixtures", "sigint-on-write.mjs")).href;
const LINE = "\nsweeplab: interrupted (Ctrl-C) while starting: nothing was done\n";

function cli(preload: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", preload, BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

describe("Ctrl-C while the CLI starts (built dist/)", () => {
  it.each(["resolve", "evaluate"])("at %s of its modules: exit 130 and one line, the command never runs", (at) => {
    const r = cli(ON_LOAD, { SWEEPLAB_TEST_SIGINT_AT: at }, "gen", "--help");
    expect([r.status, r.signal]).toEqual([130, null]);
    expect(r.stderr).toBe(LINE);
    expect(r.stdout).toBe("");
  });

  it("once loaded, the launcher's handler is gone: a command without its own is Node's default, as before", () => {
    const r = cli(ON_WRITE, { SWEEPLAB_TEST_SIGINT_ON: "Usage: sweeplab gen" }, "gen", "--help");
    expect([r.status, r.signal]).toEqual([null, "SIGINT"]);
    expect(r.stdout).toContain("Usage: sweeplab gen");
    expect(r.stderr).toBe("");
  });
});
