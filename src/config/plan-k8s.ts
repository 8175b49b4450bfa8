// The Kubernetes plan: partition (Indexed Job, N slices) → seal → jobs (Indexed Job, M shards) →
// aggregate, in that order with no manual step.
//
// Ordering mechanism: a small controller Job (`sweeplab-plan`, one pod of the sweeplab image running
// the Node.js program plan-k8s-controller.mjs from a ConfigMap) creates each phase's Job through the
// API and waits for it to complete before creating the next; a ServiceAccount, Role (get/create/
// delete on batch jobs in the namespace, nothing else) and RoleBinding give it that right. Why not
// init containers polling done-markers on the shared volume (no API rights needed)? Every phase's
// pods would exist from the start and hold their CPU and memory requests while they wait: on a full
// cluster or namespace quota the waiting jobs pods can starve the partition pods they wait for (a
// deadlock), and a failed phase leaves the later pods waiting with stale markers on the volume to
// reason about on the next apply. With a controller, a phase's pods exist only while it runs, the
// truth is the Job's own Complete/Failed condition, a failed phase ends the controller (exit 1, which
// its podFailurePolicy makes final) so no later phase is ever created, and re-applying resumes: each
// phase Job left from an earlier start (complete, failed, or of another spec: annotation
// sweeplab/spec-sha256) is deleted and created again, and the sweeplab commands skip the slices and
// jobs already done, so a changed config or input is never hidden by an old Complete condition; only
// a Job still running from the same spec is awaited as it is. Cost: the RBAC objects, and the image
// must have `node` (it has: it is sweeplab's).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { canonicalJson } from "./fingerprint.js";
import { EXIT_PHASE_FAILED, EXIT_SETUP, SPEC_ANNOTATION } from "./plan-k8s-controller.mjs";
import { memoryText, parsePlan, phaseArgs, type PlanOptions, type PlanOptionsInput } from "./plan.js";

const MOUNT = "/data";
const PLAN_MOUNT = "/plan";
const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
const CONTROLLER = "sweeplab-plan";
/** Seconds between the controller's looks at a running phase Job. */
const POLL_SECONDS = 10;

type Obj = Record<string, unknown>;

/** The controller program as the ConfigMap ships it: the text of plan-k8s-controller.mjs (beside this file in src/ and dist/). */
const controllerScript = (): string => readFileSync(new URL("./plan-k8s-controller.mjs", import.meta.url), "utf8");

const labels = (component: string): Obj => ({
  "app.kubernetes.io/name": "sweeplab",
  "app.kubernetes.io/part-of": CONTROLLER,
  "app.kubernetes.io/component": component,
});

// Evicted or preempted pods (condition DisruptionTarget) are not the program's fault: start them again
// without counting them against backoffLimit.
const IGNORE_DISRUPTION = { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] };

/** The control plane sets JOB_COMPLETION_INDEX itself; declaring it too makes `$(…)` expansion explicit. */
const INDEX_ENV = {
  name: "JOB_COMPLETION_INDEX",
  valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
};

interface Phase {
  component: string;
  /** Completions of an Indexed Job, or undefined for a single pod. */
  indexed?: number;
  command: string[];
}

/** The four phases in order: the commands of `sweeplab partition --shard`, `--seal`, `run --shard`, `aggregate`. */
function phases(o: PlanOptions): Phase[] {
  const args = phaseArgs(o, "$(JOB_COMPLETION_INDEX)");
  return [
    { component: "partition", indexed: o.partitionShards ?? o.shards, command: ["sweeplab", ...args.partition] },
    { component: "seal", command: ["sweeplab", ...args.seal] },
    { component: "run", indexed: o.shards, command: ["sweeplab", ...args.run] },
    { component: "aggregate", command: ["sweeplab", ...args.aggregate] },
  ];
}

function resources(o: PlanOptions): Obj {
  const mem = memoryText(o.memory)?.k8s;
  const requests = {
    ...(o.cpusPerTask === undefined ? {} : { cpu: String(o.cpusPerTask) }),
    ...(mem === undefined ? {} : { memory: mem }),
  };
  if (Object.keys(requests).length === 0) return {};
  return { resources: { requests, ...(mem === undefined ? {} : { limits: { memory: mem } }) } };
}

/** One phase's Job, with the SHA-256 of its canonical JSON (before the annotation) as an annotation. */
function phaseJob(o: PlanOptions, p: Phase): Obj {
  const l = labels(p.component);
  const spec = {
    ...(p.indexed === undefined
      ? { completions: 1, parallelism: 1, backoffLimit: 2 }
      : {
          completionMode: "Indexed",
          completions: p.indexed,
          parallelism: Math.min(o.parallelism ?? p.indexed, p.indexed),
          backoffLimit: p.indexed,
        }),
    podFailurePolicy: { rules: [IGNORE_DISRUPTION] },
    template: {
      metadata: { labels: l },
      spec: {
        restartPolicy: "Never",
        containers: [
          {
            name: "sweeplab",
            image: o.image ?? "sweeplab:latest",
            workingDir: MOUNT,
            command: p.command,
            ...(p.indexed === undefined ? {} : { env: [INDEX_ENV] }),
            ...resources(o),
            volumeMounts: [{ name: "data", mountPath: MOUNT }],
          },
        ],
        volumes: [{ name: "data", persistentVolumeClaim: { claimName: o.storage ?? "sweeplab-data" } }],
      },
    },
  };
  const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: `sweeplab-${p.component}`, labels: l }, spec };
  const sha = createHash("sha256").update(canonicalJson(job)).digest("hex");
  return { ...job, metadata: { ...job.metadata, annotations: { [SPEC_ANNOTATION]: sha } } };
}

/** The RBAC objects, the ConfigMap (script and phases) and the controller Job, in apply order. */
function controllerObjects(o: PlanOptions, jobs: Obj[]): Obj[] {
  const l = labels("controller");
  const meta = { name: CONTROLLER, labels: l };
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: meta,
    rules: [{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "create", "delete"] }],
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: meta,
    subjects: [{ kind: "ServiceAccount", name: CONTROLLER }],
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CONTROLLER },
  };
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta,
    data: { "controller.mjs": controllerScript(), "phases.json": `${JSON.stringify(jobs, null, 2)}\n` },
  };
  const env = [
    { name: "PLAN_FILE", value: `${PLAN_MOUNT}/phases.json` },
    { name: "SERVICEACCOUNT_DIR", value: SA_DIR },
    { name: "POLL_SECONDS", value: String(POLL_SECONDS) },
  ];
  const controller = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta,
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 3,
      podFailurePolicy: {
        rules: [
          IGNORE_DISRUPTION,
          {
            // A failed phase or a setup error is final: no retry, the plan Job fails at once.
            action: "FailJob",
            onExitCodes: {
              containerName: "controller",
              operator: "In",
              values: [EXIT_PHASE_FAILED, EXIT_SETUP],
            },
          },
        ],
      },
      template: {
        metadata: { labels: l },
        spec: {
          serviceAccountName: CONTROLLER,
          restartPolicy: "Never",
          containers: [
            {
              name: "controller",
              image: o.image ?? "sweeplab:latest",
              command: ["node", `${PLAN_MOUNT}/controller.mjs`],
              env,
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              volumeMounts: [{ name: "plan", mountPath: PLAN_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: "plan", configMap: { name: CONTROLLER } }],
        },
      },
    },
  };
  return [{ apiVersion: "v1", kind: "ServiceAccount", metadata: meta }, role, binding, configMap, controller];
}

/**
 * A Kubernetes manifest (multi-document YAML, deterministic) running the whole plan with no manual
 * step: a ServiceAccount, Role and RoleBinding `sweeplab-plan`, a ConfigMap `sweeplab-plan` holding the
 * controller script and the four phase Jobs, and the controller Job `sweeplab-plan`, which creates
 * and awaits in order `sweeplab-partition` (Indexed, N = partitionShards (default: shards) pods of
 * `sweeplab partition --shard $(JOB_COMPLETION_INDEX)/N`), `sweeplab-seal` (`sweeplab partition
 * --seal --shards N`), `sweeplab-run` (Indexed, M = shards pods of `sweeplab run --shard …/M`) and
 * `sweeplab-aggregate`. Every phase pod mounts the ReadWriteMany PersistentVolumeClaim `storage`
 * (default "sweeplab-data") at /data and works there; cpusPerTask and memory become its requests
 * (and `--workers`), parallelism caps the pods of an Indexed Job. Why a controller rather than init
 * containers, and how failure and re-applying behave: the header of src/config/plan-k8s.ts and the
 * README's "Kubernetes". Pure: returns the text. Throws {@link ConfigError} `bad_config` for bad options.
 */
export function emitK8s(options: PlanOptionsInput): string {
  const o = parsePlan(options);
  const jobs = phases(o).map((p) => phaseJob(o, p));
  const n = o.partitionShards ?? o.shards;
  const header = [
    `# sweeplab plan for ${o.configPath ?? (o.inputs ?? []).join(", ")}: partition (${n} slice(s)) → seal → run (${o.shards} shard(s)) → aggregate.`,
    `# Every phase pod mounts the ReadWriteMany PersistentVolumeClaim "${o.storage ?? "sweeplab-data"}" at ${MOUNT}`,
    "# and works there: the config path, its inputs and a relative outputDir are on that volume.",
    `# The Job "${CONTROLLER}" creates each phase's Job in order and waits for it (see its ConfigMap);`,
    "# a failed phase fails it and no later phase starts. Start, follow, and resume after a failure:",
    "#   kubectl apply -f <this file>",
    `#   kubectl logs -f job/${CONTROLLER}`,
    `#   kubectl delete job/${CONTROLLER} && kubectl apply -f <this file>   # done work is skipped`,
  ].join("\n");
  const docs = controllerObjects(o, jobs).map((d) => stringify(d, { lineWidth: 0 }));
  return `${header}\n${docs.join("---\n")}`;
}
