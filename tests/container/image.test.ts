import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

// The Dockerfile, built and run with Debian's podman: `sweeplab --help`, then the sample run inside
// the image, whose aggregated tables must equal the host's byte for byte. No container registry is
// reachable here, so the base is scripts/container-base.sh's (Debian bookworm by debootstrap plus
// this machine's Node 20), passed as BASE. What podman needs on this machine, and why:
//  - build steps run with --isolation chroot (crun refuses this host's hybrid cgroups);
//  - containers run with runc, and ulimits at or below this process's hard limits (podman's default
//    of 1048576 open files is refused here);
//  - the npm steps trust the CA of the machine's TLS-inspecting proxy (NODE_EXTRA_CA_CERTS), mounted
//    into the build (npm's own cache is the Dockerfile's build cache mount).
// Where podman, runc, debootstrap, root or Node 20 are missing, the test is skipped and says which.

const ROOT = join(import.meta.dirname, "..", "..");
const BASE = "localhost/sweeplab-node20-base:latest";
const IMAGE = "localhost/sweeplab:test";
const RUN = ["--runtime", "runc", "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"];

function has(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

/** Why the image cannot be built and run on this machine, or undefined when it can. */
function skipReason(): string | undefined {
  const missing = ["podman", "runc", "debootstrap"].filter((t) => !has(t));
  if (missing.length > 0)
    return `${missing.join(", ")} not installed (Debian: apt-get install -y ${missing.join(" ")}); the image test needs them to build and run the Dockerfile without a container registry`;
  if (process.getuid?.() !== 0) return "not root: the image is built with podman's chroot isolation, which needs root";
  if (!process.version.startsWith("v20."))
    return `Node ${process.version} here: the base image copies this machine's Node, and the image must be Node 20`;
  return undefined;
}

const reason = skipReason();
if (reason !== undefined) console.warn(`tests/container/image.test.ts skipped: ${reason}`);

function podman(args: string[], timeout: number): string {
  const r = spawnSync("podman", args, { cwd: ROOT, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`podman ${args.join(" ")} → ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`.slice(-6000));
  return r.stdout;
}

function aggregated(dir: string): Record<string, string> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe.skipIf(reason !== undefined)("the container image", () => {
  it("builds from the Dockerfile, prints the help, and its sample run equals the host's", () => {
    if (spawnSync("podman", ["image", "exists", BASE]).status !== 0)
      execFileSync("bash", [join(ROOT, "scripts", "container-base.sh"), BASE], { stdio: "inherit", timeout: 300_000 });
    const ca = process.env.NODE_EXTRA_CA_CERTS;
    podman(
      [
        ...["build", "--isolation", "chroot", "--network", "host", ...RUN.slice(2)],
        ...["--build-arg", `BASE=${BASE}`, "-t", IMAGE],
        ...(ca === undefined
          ? []
          : ["-v", `${ca}:/etc/build-ca.crt:ro`, "--build-arg", "NODE_EXTRA_CA_CERTS=/etc/build-ca.crt"]),
        ".",
      ],
      540_000,
    );
    // No --help given: the image's CMD is --help.
    const help = podman(["run", "--rm", ...RUN, "--network", "none", IMAGE], 60_000);
    expect(help).toContain("Usage: sweeplab <command> [options]");
    expect(help).toContain("  plan ");
    // The environment of the image: Node 20, production dependencies only, no sources.
    const env = podman(
      [
        "run",
        "--rm",
        ...RUN,
        "--network",
        "none",
        "--entrypoint",
        "sh",
        IMAGE,
        "-c",
        "node --version; ls /app; ls /app/node_modules/typescript 2>&1 | head -1",
      ],
      60_000,
    );
    expect(env.split("\n")[0]).toMatch(/^v20\./);
    expect(env).toContain("dist\n");
    expect(env).not.toContain("\nsrc\n");
    expect(env).toContain("No such file or directory"); // typescript is a dev dependency
    // The sample run in the image (working directory /data, the default config: the shipped sample)
    const out = tmp("sweeplab-image-");
    mkdirSync(join(out, "data"));
    podman(
      ["run", "--rm", ...RUN, "--network", "none", "-v", `${join(out, "data")}:/data`, IMAGE, "run", "--workers", "2"],
      300_000,
    );
    const host = join(out, "host");
    execFileSync(process.execPath, [join(ROOT, "bin", "sweeplab.js"), "run", "--workers", "2", "--output", host], {
      cwd: out,
      stdio: "ignore",
    });
    const inImage = aggregated(join(out, "data", "processed_files", "aggregated"));
    expect(Object.keys(inImage).length).toBeGreaterThan(3);
    expect(inImage).toEqual(aggregated(join(host, "aggregated")));
  }, 900_000);
});
