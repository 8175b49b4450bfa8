// A throwaway one-node Slurm cluster for the tests: munged, slurmctld and slurmd as child processes of
// the test, everything (key, socket, slurm.conf, state, spool, logs) in one temporary folder, on free
// ports. Clients reach it through SLURM_CONF in `cluster.env`. Every daemon is stopped by its pid.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tmp } from "../helpers.js";

/** The programs the cluster needs and the Debian packages that provide them. */
const PROGRAMS = ["/usr/sbin/munged", "/usr/sbin/mungekey", "/usr/sbin/slurmctld", "/usr/sbin/slurmd"];
const CLIENTS = ["/usr/bin/sbatch", "/usr/bin/scontrol", "/usr/bin/scancel", "/usr/bin/sinfo"];
const INSTALL = "sudo apt-get update && sudo apt-get install -y --no-install-recommends slurm-wlm munge";

/** A running cluster. */
export interface SlurmCluster {
  /** Its temporary folder (slurm.conf, munge/, state/, spool/, log/). */
  dir: string;
  /** The environment for the Slurm clients (and for scripts calling them): SLURM_CONF set. */
  env: NodeJS.ProcessEnv;
  /** The daemons' log files, for a failure message. */
  logs(): string;
  /** Cancels every job left, then stops the daemons by pid (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Why Slurm cannot be started here (a message naming what to install or how to run), or undefined.
 * Installs slurm-wlm and munge with scripts/ensure-tools.mjs when root and they are missing.
 */
export function slurmProblem(): string | undefined {
  if (process.getuid?.() !== 0)
    return `the Slurm test starts munged, slurmctld and slurmd as root (SlurmUser=root): run it as root, with slurm-wlm and munge installed (${INSTALL})`;
  const root = join(import.meta.dirname, "..", "..");
  const r = spawnSync(process.execPath, [join(root, "scripts", "ensure-tools.mjs"), "slurm"], { encoding: "utf8" });
  if (r.status !== 0) return r.stderr.slice(Math.max(0, r.stderr.lastIndexOf("missing "))).trim();
  const missing = [...PROGRAMS, ...CLIENTS].filter((p) => !existsSync(p));
  return missing.length === 0 ? undefined : `missing ${missing.join(", ")}: install slurm-wlm and munge (${INSTALL})`;
}

/** A TCP port free on localhost right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** This machine as `slurmd -C` sees it: the NodeName line's CPUs and RealMemory. */
function hardware(): { cpus: number; memoryMb: number } {
  const text = spawnSync("/usr/sbin/slurmd", ["-C"], { encoding: "utf8" }).stdout;
  const cpus = /\bCPUs=(\d+)/.exec(text)?.[1];
  const mem = /\bRealMemory=(\d+)/.exec(text)?.[1];
  if (cpus === undefined || mem === undefined) throw new Error(`slurmd -C printed no CPUs/RealMemory: ${text}`);
  return { cpus: Number(cpus), memoryMb: Number(mem) };
}

/** Runs a Slurm client synchronously; its stdout (throws with stderr when it fails). */
export function slurmClient(cluster: SlurmCluster, program: string, args: string[]): string {
  const r = spawnSync(program, args, { encoding: "utf8", env: cluster.env });
  if (r.status !== 0) throw new Error(`${program} ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * The state of every task of job `id` (an array gives one entry per task, keyed `<id>_<task>`;
 * a pending array range is one entry): from `scontrol -o show job`, which needs no accounting.
 */
export function jobStates(cluster: SlurmCluster, id: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of slurmClient(cluster, "/usr/bin/scontrol", ["-o", "show", "job", id]).split("\n")) {
    if (line.trim() === "") continue;
    const job = /\bJobId=(\d+)/.exec(line)?.[1];
    const task = /\bArrayTaskId=(\S+)/.exec(line)?.[1];
    const state = /\bJobState=(\S+)/.exec(line)?.[1];
    if (job === undefined || state === undefined) throw new Error(`unexpected scontrol line: ${line}`);
    states.set(task === undefined ? job : `${id}_${task}`, state);
  }
  return states;
}

const ACTIVE = new Set(["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"]);

/** Waits until no task of the jobs `ids` is pending or running; their final states, by task. */
export async function waitJobs(cluster: SlurmCluster, ids: string[], timeoutMs: number): Promise<Map<string, string>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const states = new Map(ids.flatMap((id) => [...jobStates(cluster, id)]));
    if ([...states.values()].every((s) => !ACTIVE.has(s))) return states;
    if (Date.now() > end)
      throw new Error(
        `Slurm jobs still active after ${timeoutMs} ms: ${JSON.stringify([...states])}\n${cluster.logs()}`,
      );
    await sleep(500);
  }
}

/** Starts munged, slurmctld and slurmd in a fresh folder and waits until the node is idle. */
export async function startSlurm(): Promise<SlurmCluster> {
  const dir = tmp("sweeplab-slurm-");
  chmodSync(dir, 0o755); // munged checks the socket's folders; slurmd's job steps run in them
  for (const d of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, d), { mode: 0o700 });
  const socket = join(dir, "munge", "munge.socket");
  const key = join(dir, "munge", "munge.key");
  const host = hostname().split(".")[0]!;
  const { cpus, memoryMb } = hardware();
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=sweeplabtest",
      `SlurmctldHost=${host}(127.0.0.1)`, // the address too: the host name need not resolve
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "SchedulerType=sched/builtin",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "MpiDefault=none",
      "ReturnToService=2",
      "MinJobAge=3600", // finished jobs stay visible to scontrol (there is no accounting database)
      "KillWait=5",
      "SlurmdParameters=config_overrides",
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memoryMb} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf };
  for (const k of Object.keys(env)) if (k.startsWith("SLURM_") && k !== "SLURM_CONF") delete env[k];
  const children: ChildProcess[] = [];
  const logFiles: string[] = [];
  const daemon = (name: string, program: string, args: string[]): void => {
    const log = join(dir, "log", `${name}.out`);
    logFiles.push(log);
    const fd = openSync(log, "a");
    children.push(spawn(program, args, { env, stdio: ["ignore", fd, fd] }));
  };
  // Kill the daemons even when the test process ends abruptly (a failure, vitest tearing down).
  const killAll = (): void => {
    for (const c of children)
      if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) c.kill("SIGKILL");
  };
  process.once("exit", killAll);
  const logs = (): string =>
    [...logFiles, join(dir, "log", "slurmctld.log"), join(dir, "log", "slurmd.log")]
      .filter((f) => existsSync(f))
      .map((f) => `--- ${f}\n${readFileSync(f, "utf8").split("\n").slice(-15).join("\n")}`)
      .join("\n");
  const cluster: SlurmCluster = {
    dir,
    env,
    logs,
    async stop() {
      process.removeListener("exit", killAll);
      spawnSync("/usr/bin/scancel", ["--full", "--user=root"], { env, stdio: "ignore" });
      // Job steps end within KillWait; then the daemons, newest first (slurmd, slurmctld, munged).
      await sleep(1000);
      for (const c of [...children].reverse()) {
        if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) continue;
        const exited = new Promise((ok) => c.once("exit", ok));
        c.kill("SIGTERM");
        const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  try {
    const r = spawnSync("/usr/sbin/mungekey", ["--create", `--keyfile=${key}`], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`mungekey failed: ${r.stderr}`);
    const munge = join(dir, "munge");
    daemon("munged", "/usr/sbin/munged", [
      "--foreground",
      "--force",
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${join(munge, "munged.pid")}`,
      `--seed-file=${join(munge, "munged.seed")}`,
      `--log-file=${join(dir, "log", "munged.log")}`,
    ]);
    await until(() => existsSync(socket), 10_000, "munged's socket", logs);
    daemon("slurmctld", "/usr/sbin/slurmctld", ["-D", "-f", conf]);
    daemon("slurmd", "/usr/sbin/slurmd", ["-D", "-f", conf, "-N", host]);
    await until(
      () => spawnSync("/usr/bin/sinfo", ["-h", "-o", "%T"], { encoding: "utf8", env }).stdout.trim() === "idle",
      60_000,
      "the node to be idle in sinfo",
      logs,
    );
    for (const c of children)
      if (c.exitCode !== null) throw new Error(`a Slurm daemon exited (${c.spawnfile}: ${c.exitCode})\n${logs()}`);
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

/** Polls `ok` every 200 ms until it holds; throws naming `what`, with the daemons' logs, after `ms`. */
async function until(ok: () => boolean, ms: number, what: string, logs: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${logs()}`);
    await sleep(200);
  }
}
