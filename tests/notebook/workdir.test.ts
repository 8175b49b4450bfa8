import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { workDir } from "../../src/notebook/workdir.js";
import { tmp } from "../helpers.js";

/*
 * workDir(name) without $SWEEPLAB_WORK_DIR: each process (kernel, REPL, `npm run report`'s
 * kernels) has a root of its own, removed when it exits. It was one fixed
 * `<tmp>/sweeplab-notebooks` for every process: two reports of one notebook at once wrote into
 * (and with `fresh`, emptied) each other's folders. The children import the built dist/.
 */
const DIST = resolve(__dirname, "../../dist/index.js");

/** A child node process running `code` (an ES module importing workDir) with TMPDIR `tmpDir`. */
function child(tmpDir: string, code: string): ReturnType<typeof spawn> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmpDir };
  delete env.SWEEPLAB_WORK_DIR;
  return spawn(
    process.execPath,
    ["--input-type=module", "-e", `import { workDir } from ${JSON.stringify(DIST)};\n${code}`],
    {
      env,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
}

/** The first line a child prints. */
function firstLine(c: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((done, fail) => {
    let out = "";
    c.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const i = out.indexOf("\n");
      if (i >= 0) done(out.slice(0, i));
    });
    c.on("exit", (code) => fail(new Error(`child exited (${code}) before printing: ${out}`)));
  });
}

const exited = (c: ReturnType<typeof spawn>): Promise<number | null> =>
  new Promise((done) => (c.exitCode !== null ? done(c.exitCode) : c.on("exit", done)));

describe("workDir: a scratch root per process", () => {
  it("two processes get their own folders: one's fresh workDir leaves the other's files, and each root goes when its process exits", async () => {
    const t = tmp("sweeplab-workdir-");
    // A writes a file into workDir("01-quickstart") and waits; B then empties its own workDir("01-quickstart").
    const a = child(
      t,
      `const d = workDir("01-quickstart"); (await import("node:fs")).writeFileSync(d + "/job.json", "{}");
       console.log(d); process.stdin.once("data", () => process.exit(0));`,
    );
    const dirA = await firstLine(a);
    const b = child(t, `console.log(workDir("01-quickstart", { fresh: true }));`);
    const dirB = await firstLine(b);
    expect(await exited(b)).toBe(0);
    expect(dirB).not.toBe(dirA);
    expect(existsSync(join(dirA, "job.json"))).toBe(true); // B's fresh folder is not A's
    expect(existsSync(dirB)).toBe(false); // B's root removed as B exited
    a.stdin?.write("go\n");
    expect(await exited(a)).toBe(0);
    expect(existsSync(dirA)).toBe(false);
    expect(readdirSync(t)).toEqual([]);
  });

  it("removes the root of a process of this host that died without exiting, and keeps a live one's", () => {
    const t = tmp("sweeplab-workdir-");
    // A pid that ran and is gone: a child that has exited.
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    const stale = join(t, `sweeplab-notebooks-${dead}-AbCdEf`);
    const live = join(t, `sweeplab-notebooks-${process.pid}-GhIjKl`);
    const otherHost = join(t, `sweeplab-notebooks-${dead}-MnOpQr`);
    for (const [dir, owner] of [
      [stale, `${hostname()} ${dead}`],
      [live, `${hostname()} ${process.pid}`],
      [otherHost, `not-${hostname()} ${dead}`],
    ] as const) {
      mkdirSync(join(dir, "run"), { recursive: true });
      writeFileSync(join(dir, ".sweeplab-owner"), `${owner}\n`);
    }
    const c = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `import { workDir } from ${JSON.stringify(DIST)}; workDir("x");`],
      {
        env: { ...process.env, TMPDIR: t, SWEEPLAB_WORK_DIR: "" },
        encoding: "utf8",
      },
    );
    expect(c.status).toBe(0);
    expect(readdirSync(t).sort()).toEqual(
      [`sweeplab-notebooks-${dead}-MnOpQr`, `sweeplab-notebooks-${process.pid}-GhIjKl`].sort(),
    );
  });

  it("refuses a name that is empty or leads out of the root, also to a sibling sharing its prefix", () => {
    const root = tmp("sweeplab-nb-work-");
    const before = process.env.SWEEPLAB_WORK_DIR;
    process.env.SWEEPLAB_WORK_DIR = root;
    try {
      expect(workDir("a/b")).toBe(join(root, "a", "b"));
      // `<root>2/x` starts with `<root>`: it was taken as inside.
      expect(() => workDir(`../${root.split("/").pop() ?? ""}2/x`)).toThrow(/not a folder inside/);
      expect(existsSync(`${root}2`)).toBe(false);
      // The root itself: `fresh` would empty every notebook's folders.
      expect(() => workDir("", { fresh: true })).toThrow(/not a folder inside/);
      expect(() => workDir(".", { fresh: true })).toThrow(/not a folder inside/);
      expect(existsSync(join(root, "a", "b"))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.SWEEPLAB_WORK_DIR;
      else process.env.SWEEPLAB_WORK_DIR = before;
    }
  });

  it("refuses an option it does not take, as typed at the REPL: { Fresh: true } emptied nothing without a word", () => {
    const root = tmp("sweeplab-nb-work-");
    const before = process.env.SWEEPLAB_WORK_DIR;
    process.env.SWEEPLAB_WORK_DIR = root;
    try {
      const dir = workDir("kept");
      writeFileSync(join(dir, "old.csv"), "x\n");
      const untyped = (o: unknown): { fresh?: boolean } => o as { fresh?: boolean };
      expect(() => workDir("kept", untyped({ Fresh: true }))).toThrow('workDir: "Fresh" is no option (fresh)');
      expect(() => workDir("kept", untyped({ fresh: "yes" }))).toThrow(
        "workDir: fresh must be true or false, got string",
      );
      expect(() => workDir("kept", untyped(true))).toThrow(
        "workDir: its options must be an object (fresh), got boolean",
      );
      expect(readdirSync(dir)).toEqual(["old.csv"]);
      expect(workDir("kept", { fresh: false })).toBe(dir);
      expect(readdirSync(dir)).toEqual(["old.csv"]);
      expect(workDir("kept", { fresh: true })).toBe(dir);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.SWEEPLAB_WORK_DIR;
      else process.env.SWEEPLAB_WORK_DIR = before;
    }
  });
});
