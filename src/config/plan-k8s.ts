import { stringify } from "yaml";
import { memoryText, parsePlan, type PlanOptionsInput } from "./plan.js";

const MOUNT = "/data";

/**
 * A Kubernetes manifest: an Indexed Job `sweeplab-run` (`completionMode: Indexed`, `completions: N`,
 * `parallelism`), whose pod i runs `sweeplab run --config … --shard $(JOB_COMPLETION_INDEX)/N` with the
 * shared PersistentVolumeClaim mounted at /data (its working directory); then, after `---`, a Job
 * `sweeplab-aggregate` running `sweeplab aggregate --config …`, created suspended because Kubernetes
 * has no dependency between Jobs: the header comment gives the `kubectl wait` and `kubectl patch` that
 * resume it once every shard has succeeded. Pure: returns the text. Throws {@link ConfigError}
 * `bad_config` for bad options.
 */
export function emitK8s(options: PlanOptionsInput): string {
  const o = parsePlan(options);
  const n = o.shards;
  const claim = o.storage ?? "sweeplab-data";
  const mem = memoryText(o.memory)?.k8s;
  const requests = {
    ...(o.cpusPerTask === undefined ? {} : { cpu: String(o.cpusPerTask) }),
    ...(mem === undefined ? {} : { memory: mem }),
  };
  const resources =
    Object.keys(requests).length === 0
      ? {}
      : { resources: { requests, ...(mem === undefined ? {} : { limits: { memory: mem } }) } };
  const workers = o.cpusPerTask === undefined ? [] : ["--workers", String(o.cpusPerTask)];
  const job = (component: string, spec: Record<string, unknown>, command: string[], env: unknown[]): unknown => {
    const labels = { "app.kubernetes.io/name": "sweeplab", "app.kubernetes.io/component": component };
    const container = {
      name: "sweeplab",
      image: o.image ?? "sweeplab:latest",
      workingDir: MOUNT,
      command,
      ...(env.length === 0 ? {} : { env }),
      ...resources,
      volumeMounts: [{ name: "data", mountPath: MOUNT }],
    };
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: `sweeplab-${component}`, labels },
      spec: {
        ...spec,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "Never",
            containers: [container],
            volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }],
          },
        },
      },
    };
  };
  // The control plane sets JOB_COMPLETION_INDEX itself; declaring it too makes $(…) expansion explicit.
  const indexEnv = {
    name: "JOB_COMPLETION_INDEX",
    valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
  };
  const run = job(
    "run",
    { completionMode: "Indexed", completions: n, parallelism: Math.min(o.parallelism ?? n, n), backoffLimit: n },
    ["sweeplab", "run", "--config", o.configPath, "--shard", `$(JOB_COMPLETION_INDEX)/${n}`, ...workers],
    [indexEnv],
  );
  const aggregate = job(
    "aggregate",
    { suspend: true, completions: 1, parallelism: 1, backoffLimit: 2 },
    ["sweeplab", "aggregate", "--config", o.configPath],
    [],
  );
  const header = [
    `# sweeplab: the job matrix of ${o.configPath} as an Indexed Job of ${n} shard(s), then the aggregation.`,
    `# Pod i runs the jobs j of the sorted (security, date) matrix with j mod ${n} = i; the ${n} shards`,
    `# together are exactly one whole run. Every pod mounts the ReadWriteMany PersistentVolumeClaim`,
    `# "${claim}" at ${MOUNT} and works there: the config path and a relative outputDir are on that volume.`,
    `# First partition the inputs once (the shards share the store and never rebuild it):`,
    `#   sweeplab partition --config ${o.configPath}   (e.g. as a one-off Job on the same volume)`,
    "# The aggregate Job is created suspended; resume it once every shard has succeeded:",
    "#   kubectl apply -f <this file>",
    "#   kubectl wait --for=condition=complete --timeout=24h job/sweeplab-run",
    `#   kubectl patch job/sweeplab-aggregate --type=merge -p '{"spec":{"suspend":false}}'`,
  ].join("\n");
  return `${header}\n${stringify(run, { lineWidth: 0 })}---\n${stringify(aggregate, { lineWidth: 0 })}`;
}
