import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";

/** The repository's root folder. */
export const ROOT = join(import.meta.dirname, "..", "..");

/** Where the child REPL runs and what it sees in its environment. */
export interface ReplChildOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** The REPL of `npm run repl` (scripts/repl.mjs) in a child process, fed line by line through stdin. */
export class Repl {
  private readonly child: ChildProcessWithoutNullStreams;
  output = "";
  private read = 0;

  constructor(options: ReplChildOptions = {}) {
    this.child = spawn(process.execPath, [join(ROOT, "scripts", "repl.mjs")], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
    });
    this.child.stdout.on("data", (b: Buffer) => (this.output += b.toString()));
    this.child.stderr.on("data", (b: Buffer) => (this.output += b.toString()));
  }

  /** Waits until the output since the last answer matches `re`, and returns that part. */
  async until(re: RegExp, ms = 20_000): Promise<string> {
    const t0 = Date.now();
    for (;;) {
      const fresh = this.output.slice(this.read);
      if (re.test(fresh)) {
        this.read = this.output.length;
        return fresh;
      }
      if (Date.now() - t0 > ms) throw new Error(`no ${re} in the REPL's output:\n${fresh}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends one line and returns the answer (what came before the next prompt). */
  async send(line: string, ms?: number): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    return this.until(/sweeplab> $/, ms);
  }

  /** Ends the REPL with `.exit`; resolves to its exit code. */
  close(): Promise<number | null> {
    return new Promise((resolve) => {
      this.child.on("close", resolve);
      this.child.stdin.end(".exit\n");
    });
  }
}
