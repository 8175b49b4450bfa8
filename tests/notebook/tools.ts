import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Fails at once, naming the Debian packages to install, when a system tool the test needs is
 * missing and cannot be installed here (scripts/ensure-tools.mjs installs it with apt when root).
 */
export function requireTools(...names: ("jupyter" | "chromium")[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "ensure-tools.mjs"), ...names], { encoding: "utf8" });
  if (r.status === 0) return;
  const message = r.stderr.slice(Math.max(0, r.stderr.lastIndexOf("missing "))).trim();
  throw new Error(message || `scripts/ensure-tools.mjs ${names.join(" ")} failed`);
}

/** Runs `node <args>` in the repository without blocking the test's event loop; stdout and stderr together. */
export function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}
