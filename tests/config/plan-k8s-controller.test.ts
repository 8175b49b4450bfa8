import { execFile, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitK8s } from "../../src/config/index.js";
import { tmp } from "../helpers.js";

// The ordering mechanism of the Kubernetes plan, run for real: the controller script exactly as the
// manifest's ConfigMap ships it, under Node, against a fake Kubernetes API server over TLS (a
// self-signed certificate made with openssl, given as the service account's ca.crt).

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Outcome = "Complete" | "Failed";
interface FakeJob {
  body: Obj;
  /** GETs left before the outcome shows (0: it shows at once). */
  runningFor: number;
  outcome: Outcome;
  /** Set by a DELETE: GETs left before the Job is gone. */
  deletingFor?: number;
  /** Whether a GET has shown the outcome yet (logged once per Job object). */
  shown?: boolean;
}

const NS = "research";
const TOKEN = "token-abc";
const manifestText = emitK8s({ configPath: "run.yaml", shards: 3, partitionShards: 2 });
const docs = parseAllDocuments(manifestText) as unknown as { toJS(): Obj }[];
const configMap = docs.map((d) => d.toJS()).find((d) => d.kind === "ConfigMap")!;
const phases = JSON.parse(configMap.data["phases.json"] as string) as Obj[];
const NAMES = phases.map((j) => j.metadata.name as string);

let dir = "";
let server: Server;
let jobs = new Map<string, FakeJob>();
let outcomes: Record<string, Outcome> = {};
let events: string[] = [];
let deny: string | undefined;

function reply(res: ServerResponse, status: number, body: Obj): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

beforeAll(async () => {
  dir = tmp("sweeplab-k8s-");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
      ...["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "ca.crt")],
    ],
    { stdio: "ignore" },
  );
  writeFileSync(join(dir, "token"), `${TOKEN}\n`);
  writeFileSync(join(dir, "namespace"), NS);
  writeFileSync(join(dir, "controller.mjs"), configMap.data["controller.mjs"] as string);
  writeFileSync(join(dir, "phases.json"), configMap.data["phases.json"] as string);
  const key = readFileSync(join(dir, "key.pem"));
  const cert = readFileSync(join(dir, "ca.crt"));
  server = createServer({ key, cert }, (req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(res, 401, { message: "no token" });
      const url = new URL(req.url!, "https://x");
      const base = `/apis/batch/v1/namespaces/${NS}/jobs`;
      const name = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length + 1) : undefined;
      if (deny === req.method) return reply(res, 403, { message: `jobs.batch is forbidden` });
      const job = name === undefined ? undefined : jobs.get(name);
      if (req.method === "POST" && url.pathname === base) {
        const body = JSON.parse(text) as Obj;
        const n = body.metadata.name as string;
        if (jobs.has(n)) return reply(res, 409, { message: "exists" });
        jobs.set(n, { body, runningFor: 2, outcome: outcomes[n] ?? "Complete" });
        events.push(`create ${n}`);
        return reply(res, 201, body);
      }
      if (req.method === "DELETE" && job !== undefined) {
        expect(url.searchParams.get("propagationPolicy")).toBe("Foreground");
        job.deletingFor = 1;
        events.push(`delete ${name}`);
        return reply(res, 200, job.body);
      }
      if (req.method === "GET" && name !== undefined) {
        if (job === undefined) return reply(res, 404, { message: "not found" });
        if (job.deletingFor !== undefined && job.deletingFor-- <= 0) {
          jobs.delete(name);
          return reply(res, 404, { message: "not found" });
        }
        let conditions: Obj[] = [];
        if (job.runningFor > 0) job.runningFor--;
        else {
          conditions = [
            {
              type: job.outcome,
              status: "True",
              reason: job.outcome === "Failed" ? "BackoffLimitExceeded" : undefined,
            },
          ];
          if (job.shown !== true) events.push(`${job.outcome} ${name}`);
          job.shown = true;
        }
        return reply(res, 200, { ...job.body, status: { conditions } });
      }
      reply(res, 405, { message: `${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Runs the controller to its end: exit code, stdout, stderr. */
function controller(): Promise<{ code: number; out: string; err: string }> {
  const env = {
    PATH: process.env.PATH ?? "",
    PLAN_FILE: join(dir, "phases.json"),
    SERVICEACCOUNT_DIR: dir,
    POLL_SECONDS: "0.005",
    KUBERNETES_SERVICE_HOST: "127.0.0.1",
    KUBERNETES_SERVICE_PORT: String((server.address() as AddressInfo).port),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [join(dir, "controller.mjs")], { env, timeout: 20_000 }, (e, out, err) => {
      resolve({ code: e === null ? 0 : typeof e.code === "number" ? e.code : -1, out, err });
    });
  });
}

function reset(
  preset: Record<string, { outcome: Outcome; body?: Obj; runningFor?: number }> = {},
  fail: Record<string, Outcome> = {},
): void {
  jobs = new Map();
  for (const [n, p] of Object.entries(preset))
    jobs.set(n, { body: p.body ?? phases[NAMES.indexOf(n)]!, runningFor: p.runningFor ?? 0, outcome: p.outcome });
  outcomes = fail;
  events = [];
  deny = undefined;
}

describe("the plan controller", () => {
  it("creates each phase's Job only once the one before it is complete, with the emitted spec", async () => {
    reset();
    const r = await controller();
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(events).toEqual(NAMES.flatMap((n) => [`create ${n}`, `Complete ${n}`]));
    expect(NAMES.map((n) => jobs.get(n)!.body)).toEqual(phases);
    expect(r.out).toMatch(/sweeplab plan: every phase complete\n$/);
  });

  it("stops at a failed phase (exit 1) and never creates the later ones", async () => {
    reset({}, { "sweeplab-seal": "Failed" });
    const r = await controller();
    expect(r.code).toBe(1);
    expect(events).toEqual([
      "create sweeplab-partition",
      "Complete sweeplab-partition",
      "create sweeplab-seal",
      "Failed sweeplab-seal",
    ]);
    expect(r.err).toBe(
      "sweeplab plan: sweeplab-seal failed (BackoffLimitExceeded); later phases not started. See: kubectl logs job/sweeplab-seal\n",
    );
  });

  it("resumes: runs an earlier start's complete and failed phases again (their commands skip what is done)", async () => {
    reset({ "sweeplab-partition": { outcome: "Complete" }, "sweeplab-seal": { outcome: "Failed" } });
    const r = await controller();
    expect(r.code).toBe(0);
    expect(events).toEqual([
      "Complete sweeplab-partition",
      "delete sweeplab-partition",
      "create sweeplab-partition",
      "Complete sweeplab-partition",
      "Failed sweeplab-seal",
      "delete sweeplab-seal",
      "create sweeplab-seal",
      "Complete sweeplab-seal",
      "create sweeplab-run",
      "Complete sweeplab-run",
      "create sweeplab-aggregate",
      "Complete sweeplab-aggregate",
    ]);
    expect(r.out).toContain(
      "sweeplab plan: sweeplab-partition: complete from an earlier start; deleting it to run it again\n",
    );
    expect(r.out).toContain("sweeplab plan: sweeplab-seal: it failed before; deleting it to run it again\n");
  });

  it("waits for a phase Job still running from the same spec (a restarted controller) instead of replacing it", async () => {
    reset({ "sweeplab-partition": { outcome: "Complete", runningFor: 3 } });
    const r = await controller();
    expect(r.code).toBe(0);
    expect(events.slice(0, 2)).toEqual(["Complete sweeplab-partition", "create sweeplab-seal"]);
    expect(r.out).toContain("sweeplab plan: sweeplab-partition: already running, waiting for it\n");
  });

  it("replaces a running phase Job whose spec changed (another plan's annotation)", async () => {
    const old = structuredClone(phases[0]!);
    old.metadata.annotations["sweeplab/spec-sha256"] = "0".repeat(64);
    reset({ "sweeplab-partition": { outcome: "Complete", body: old, runningFor: 5 } });
    const r = await controller();
    expect(r.code).toBe(0);
    expect(events.slice(0, 3)).toEqual([
      "delete sweeplab-partition",
      "create sweeplab-partition",
      "Complete sweeplab-partition",
    ]);
    expect(r.out).toContain("sweeplab plan: sweeplab-partition: its spec changed; deleting it to run it again\n");
    expect(jobs.get("sweeplab-partition")!.body).toEqual(phases[0]);
  });

  it("exits 2 naming the Role when the API refuses it", async () => {
    reset();
    deny = "POST";
    const r = await controller();
    expect(r.code).toBe(2);
    expect(r.err).toContain("HTTP 403 (jobs.batch is forbidden); check the Role and RoleBinding of the plan");
    expect(events).toEqual([]);
  });
});
