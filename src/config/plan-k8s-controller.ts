// The plan controller of the Kubernetes plan (see plan-k8s.ts): a plain Node.js ES module that the
// manifest ships in a ConfigMap and runs with the sweeplab image's own `node`. It is kept as text
// (not compiled) because it runs from the ConfigMap, beside any sweeplab version; it uses only
// node: modules. tests/config/plan-k8s-controller.test.ts runs it against a fake API server.

/** The annotation holding the SHA-256 of a phase Job as emitted; a Job whose value differs is replaced. */
export const K8S_SPEC_ANNOTATION = "sweeplab/spec-sha256";

/**
 * Exit code of the controller when a phase Job failed (or vanished): the controller Job's
 * podFailurePolicy turns it into `FailJob`, so no later phase is created and nothing retries.
 */
export const K8S_EXIT_PHASE_FAILED = 1;

/** Exit code of the controller when it is misconfigured or denied by the API (no retry helps). */
export const K8S_EXIT_SETUP = 2;

/**
 * The controller's source text. Environment: PLAN_FILE (JSON list of the phase Jobs, in order),
 * SERVICEACCOUNT_DIR (token, ca.crt, namespace), POLL_SECONDS, KUBERNETES_SERVICE_HOST/PORT (set by
 * the kubelet). For each phase in order: a Job of that name still running with the same spec
 * annotation is awaited; any other existing one (complete, failed, or of another spec) is deleted
 * (foreground, waiting until it is gone) and created again, because the config or inputs may have
 * changed since and the sweeplab commands skip whatever is already done (re-applying resumes);
 * then the controller polls until the Job is Complete, or exits with
 * {@link K8S_EXIT_PHASE_FAILED} when it is Failed.
 */
export const K8S_CONTROLLER_SCRIPT = `// sweeplab plan controller: creates the phase Jobs of $PLAN_FILE one after the other and waits
// for each to complete. Exit 0: every phase complete; ${K8S_EXIT_PHASE_FAILED}: a phase failed; ${K8S_EXIT_SETUP}: misconfigured or denied.
import { readFileSync } from "node:fs";
import { request } from "node:https";

const PHASE_FAILED = ${K8S_EXIT_PHASE_FAILED};
const SETUP = ${K8S_EXIT_SETUP};
const HASH = ${JSON.stringify(K8S_SPEC_ANNOTATION)};
const log = (text) => console.log(new Date().toISOString() + " sweeplab plan: " + text);
function fail(code, text) {
  console.error("sweeplab plan: " + text);
  process.exit(code);
}
function env(name) {
  const v = process.env[name];
  if (v === undefined || v === "") fail(SETUP, name + " is not set: run this controller from the emitted manifest");
  return v;
}
const sa = env("SERVICEACCOUNT_DIR");
const phases = JSON.parse(readFileSync(env("PLAN_FILE"), "utf8"));
const pollMs = Math.max(1, Number(env("POLL_SECONDS")) * 1000);
const host = env("KUBERNETES_SERVICE_HOST");
const port = env("KUBERNETES_SERVICE_PORT");
const ns = readFileSync(sa + "/namespace", "utf8").trim();
const ca = readFileSync(sa + "/ca.crt");
const jobs = "/apis/batch/v1/namespaces/" + encodeURIComponent(ns) + "/jobs";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function once(method, path, body) {
  const token = readFileSync(sa + "/token", "utf8").trim(); // read each time: projected tokens rotate
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers = { authorization: "Bearer " + token, accept: "application/json" };
  if (data !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(data);
  }
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, ca, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let json;
        try {
          json = text === "" ? undefined : JSON.parse(text);
        } catch {
          json = { message: text.slice(0, 200) };
        }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

// Transient trouble (network, 429, 5xx) is retried for about 30 polls; 401/403 are a setup error.
async function api(method, path, body) {
  for (let attempt = 1; ; attempt++) {
    let r;
    try {
      r = await once(method, path, body);
    } catch (e) {
      r = { status: 0, body: { message: String(e && e.message ? e.message : e) } };
    }
    if (r.status === 401 || r.status === 403)
      fail(SETUP, method + " " + path + ": HTTP " + r.status + " (" + (r.body && r.body.message) + "); check the Role and RoleBinding of the plan");
    if (r.status !== 0 && r.status !== 429 && r.status < 500) return r;
    if (attempt >= 30) fail(SETUP + 1, method + " " + path + ": gave up after " + attempt + " tries: " + (r.body && r.body.message));
    log(method + " " + path + ": " + (r.status || "no answer") + ", trying again");
    await sleep(pollMs);
  }
}

async function state(name) {
  const r = await api("GET", jobs + "/" + name);
  if (r.status === 404) return { kind: "absent" };
  if (r.status !== 200) fail(SETUP, "GET job " + name + ": HTTP " + r.status);
  const conditions = (r.body.status && r.body.status.conditions) || [];
  const on = (type) => conditions.some((c) => c.type === type && c.status === "True");
  const kind = on("Complete") ? "complete" : on("Failed") ? "failed" : "running";
  const hash = ((r.body.metadata && r.body.metadata.annotations) || {})[HASH];
  return { kind, hash, conditions };
}

for (const job of phases) {
  const name = job.metadata.name;
  const want = job.metadata.annotations[HASH];
  let s = await state(name);
  // Only a Job running from this very spec is awaited as it is; any other is run again, since the
  // config or the inputs on the volume may have changed since, and each command skips what is done.
  if (s.kind !== "absent" && !(s.kind === "running" && s.hash === want)) {
    const why = s.hash !== want ? "its spec changed" : s.kind === "failed" ? "it failed before" : "complete from an earlier start";
    log(name + ": " + why + "; deleting it to run it again");
    await api("DELETE", jobs + "/" + name + "?propagationPolicy=Foreground");
    while ((s = await state(name)).kind !== "absent") await sleep(pollMs);
  }
  if (s.kind === "absent") {
    const r = await api("POST", jobs, job);
    if (r.status !== 201 && r.status !== 409) fail(SETUP, "create job " + name + ": HTTP " + r.status + " (" + (r.body && r.body.message) + ")");
    log(name + ": created");
  } else log(name + ": already running, waiting for it");
  for (;;) {
    s = await state(name);
    if (s.kind === "complete") break;
    if (s.kind === "absent") fail(PHASE_FAILED, name + ": the job was deleted while it ran; later phases not started");
    if (s.kind === "failed") {
      const why = s.conditions.find((c) => c.type === "Failed");
      fail(PHASE_FAILED, name + " failed (" + ((why && (why.reason || why.message)) || "no reason given") + "); later phases not started. See: kubectl logs job/" + name);
    }
    await sleep(pollMs);
  }
  log(name + ": complete");
}
log("every phase complete");
`;
