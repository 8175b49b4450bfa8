import { createHash } from "node:crypto";
import { ConfigMap, ServiceAccount } from "kubernetes-models/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { canonicalJson, emitK8s } from "../../src/config/index.js";
import { configError, lines } from "./helpers.js";

// The emitted manifest checked against the Kubernetes OpenAPI schemas (kubernetes-models: required
// fields, types, enums of every object, nested phase Jobs included), then by hand for what a schema
// cannot say: names that must resolve, the phases' order and commands, resources from the options.

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "batch/v1/Job": Job,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
};

/** Validates one object against its OpenAPI schema; returns it. */
function valid(doc: Obj): Obj {
  const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  expect(model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
  expect(() => new model!(doc as never).validate()).not.toThrow();
  expect(doc.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/); // a DNS-1123 label
  return doc;
}

/** Every document of the manifest (validated), and the phase Jobs the controller creates (validated). */
function manifest(text: string): { docs: Obj[]; phases: Obj[] } {
  const parsed = parseAllDocuments(text);
  if (!Array.isArray(parsed)) throw new Error("no documents");
  for (const d of parsed) expect(d.errors).toEqual([]);
  const docs = parsed.map((d) => valid(d.toJS() as Obj));
  const cm = docs.find((d) => d.kind === "ConfigMap")!;
  const phases = (JSON.parse(cm.data["phases.json"] as string) as Obj[]).map(valid);
  return { docs, phases };
}

/** Checks a Job's pod: restartPolicy, containers, every volumeMount naming a volume of the pod. */
function checkPod(job: Obj): Obj {
  const pod = job.spec.template.spec as Obj;
  expect(["Never", "OnFailure"]).toContain(pod.restartPolicy);
  expect(pod.containers.length).toBeGreaterThan(0);
  const volumes = new Set((pod.volumes as Obj[]).map((v) => v.name as string));
  for (const c of pod.containers as Obj[]) {
    expect(c.name).toBeTruthy();
    expect(c.image).toBeTruthy();
    for (const m of c.volumeMounts as Obj[]) expect(volumes.has(m.name as string)).toBe(true);
  }
  // the Job's selector is generated from its pods' labels: they must carry the Job's own labels
  expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
  return pod;
}

describe("emitK8s", () => {
  const text = emitK8s({
    configPath: "configs/run.yaml",
    shards: 6,
    partitionShards: 4,
    image: "registry/sweeplab:1.2",
    storage: "ticks-rwx",
    cpusPerTask: 4,
    memory: "6GiB",
    parallelism: 3,
  });
  const { docs, phases } = manifest(text);

  it("writes a ServiceAccount, Role, RoleBinding, ConfigMap and the controller Job, each schema-valid", () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "ServiceAccount/sweeplab-plan",
      "Role/sweeplab-plan",
      "RoleBinding/sweeplab-plan",
      "ConfigMap/sweeplab-plan",
      "Job/sweeplab-plan",
    ]);
    const [sa, role, binding, , controller] = docs as [Obj, Obj, Obj, Obj, Obj];
    // the controller may get, create and delete Jobs in its namespace, and nothing else
    expect(role.rules).toEqual([{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "create", "delete"] }]);
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: sa.metadata.name }]);
    const pod = checkPod(controller);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.restartPolicy).toBe("Never"); // podFailurePolicy requires it
    expect(pod.volumes).toEqual([{ name: "plan", configMap: { name: "sweeplab-plan" } }]);
    const c = pod.containers[0] as Obj;
    expect(c.image).toBe("registry/sweeplab:1.2");
    expect(c.command).toEqual(["node", "/plan/controller.mjs"]);
    expect(c.env).toEqual([
      { name: "PLAN_FILE", value: "/plan/phases.json" },
      { name: "SERVICEACCOUNT_DIR", value: "/var/run/secrets/kubernetes.io/serviceaccount" },
      { name: "POLL_SECONDS", value: "10" },
    ]);
    // a failed phase (1) or a setup error (2) fails the plan at once; an eviction is retried
    expect(controller.spec.podFailurePolicy.rules).toEqual([
      { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
      { action: "FailJob", onExitCodes: { containerName: "controller", operator: "In", values: [1, 2] } },
    ]);
  });

  it("orders the four phases partition → seal → run → aggregate in the controller's plan", () => {
    expect(phases.map((j) => j.metadata.name as string)).toEqual([
      "sweeplab-partition",
      "sweeplab-seal",
      "sweeplab-run",
      "sweeplab-aggregate",
    ]);
    const commands = phases.map((j) => checkPod(j).containers[0].command as string[]);
    expect(commands).toEqual([
      [
        "sweeplab",
        "partition",
        "--config",
        "configs/run.yaml",
        "--shard",
        "$(JOB_COMPLETION_INDEX)/4",
        "--workers",
        "4",
      ],
      ["sweeplab", "partition", "--seal", "--shards", "4", "--config", "configs/run.yaml"],
      [
        "sweeplab",
        "run",
        "--config",
        "configs/run.yaml",
        "--shard",
        "$(JOB_COMPLETION_INDEX)/6",
        "--retry-failed",
        "--workers",
        "4",
        "--memory-budget",
        "6G",
      ],
      ["sweeplab", "aggregate", "--config", "configs/run.yaml"],
    ]);
    const [partition, seal, run, aggregate] = phases as [Obj, Obj, Obj, Obj];
    expect(partition.spec).toMatchObject({
      completionMode: "Indexed",
      completions: 4,
      parallelism: 3,
      backoffLimit: 4,
    });
    expect(run.spec).toMatchObject({ completionMode: "Indexed", completions: 6, parallelism: 3, backoffLimit: 6 });
    for (const single of [seal, aggregate]) {
      expect(single.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 2 });
      expect("completionMode" in single.spec).toBe(false);
    }
    // the indexed pods read their index from the completion-index annotation
    for (const j of [partition, run])
      expect(j.spec.template.spec.containers[0].env).toEqual([
        {
          name: "JOB_COMPLETION_INDEX",
          valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
        },
      ]);
  });

  it("mounts the shared claim at /data in every phase pod, with the image and resources of the options", () => {
    for (const j of phases) {
      const pod = j.spec.template.spec as Obj;
      expect(pod.restartPolicy).toBe("Never");
      expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "ticks-rwx" } }]);
      expect(pod.containers).toHaveLength(1);
      expect(pod.containers[0]).toMatchObject({
        name: "sweeplab",
        image: "registry/sweeplab:1.2",
        workingDir: "/data",
        volumeMounts: [{ name: "data", mountPath: "/data" }],
        resources: { requests: { cpu: "4", memory: "6Gi" }, limits: { memory: "6Gi" } },
      });
      expect(j.spec.podFailurePolicy.rules).toEqual([
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
      ]);
    }
  });

  it("stamps each phase Job with the SHA-256 of its spec, so that the controller replaces a changed one", () => {
    for (const j of phases) {
      const { annotations, ...meta } = j.metadata as Obj;
      const bare = { ...j, metadata: meta };
      expect(annotations).toEqual({
        "sweeplab/spec-sha256": createHash("sha256").update(canonicalJson(bare)).digest("hex"),
      });
    }
    const other = manifest(emitK8s({ configPath: "configs/run.yaml", shards: 6, partitionShards: 4 })).phases;
    const sha = (js: Obj[]): string[] => js.map((j) => j.metadata.annotations["sweeplab/spec-sha256"] as string);
    expect(sha(other).every((h, i) => h !== sha(phases)[i])).toBe(true);
  });

  it("is deterministic, and the defaults fill in image, claim, partition slices and parallelism", () => {
    expect(emitK8s({ configPath: "r.yaml", shards: 2 })).toBe(emitK8s({ configPath: "r.yaml", shards: 2 }));
    const { docs: d, phases: p } = manifest(emitK8s({ configPath: "r.yaml", shards: 2, parallelism: 9 }));
    expect(d.at(-1)!.spec.template.spec.containers[0].image).toBe("sweeplab:latest");
    expect(p.map((j) => j.spec.parallelism as number)).toEqual([2, 1, 2, 1]); // never above the completions
    expect(p[0]!.spec.completions).toBe(2); // partition slices default to the shards
    for (const j of p) {
      expect(j.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe("sweeplab-data");
      expect("resources" in j.spec.template.spec.containers[0]).toBe(false);
    }
    expect(
      manifest(emitK8s({ configPath: "r.yaml", shards: 1, memory: "1536MB" })).phases[0]!.spec.template.spec
        .containers[0].resources,
    ).toEqual({
      requests: { memory: "1536Mi" },
      limits: { memory: "1536Mi" },
    });
  });

  it("keeps a config path with YAML characters as one exact string, and says how to start and resume", () => {
    const t = emitK8s({ configPath: "cfg: #1 'x'.yaml", shards: 1 });
    expect(manifest(t).phases[3]!.spec.template.spec.containers[0].command[3]).toBe("cfg: #1 'x'.yaml");
    expect(t).toContain(
      "#   kubectl delete job/sweeplab-plan && kubectl apply -f <this file>   # done work is skipped\n",
    );
  });

  it("validates its options", () => {
    expect(lines(configError(() => emitK8s({ configPath: "a\nb", shards: 1, partitionShards: 0 })).issues)).toEqual([
      'configPath: expected a text without control characters (one line), got "a\\nb"',
      "partitionShards: expected an integer ≥ 1, got 0",
    ]);
  });
});
