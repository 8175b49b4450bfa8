// @ts-check
// The plan controller of the Kubernetes plan (see plan-k8s.ts): creates the phase Jobs of
// $PLAN_FILE one after the other and waits for each to complete. Exit 0: every phase complete;
// EXIT_PHASE_FAILED (1): a phase failed; EXIT_SETUP (2): misconfigured or denied; 3: the API kept
// failing (the controller Job's backoffLimit starts it again).
//
// A plain Node.js ES module, type-checked (`// @ts-check`, tsconfig `allowJs`) and linted, that the
// manifest ships as text in a ConfigMap and runs with the sweeplab image's own `node`: it runs from
// the ConfigMap beside any sweeplab version, so it imports only node: modules. plan-k8s.ts imports
// its constants and reads this file as the ConfigMap's `controller.mjs`; the build copies it to
// dist/. tests/config/plan-k8s-controller.test.ts runs it against a fake API server.
//
// Environment: PLAN_FILE (JSON list of the phase Jobs, in order), SERVICEACCOUNT_DIR (token, ca.crt,
// namespace), POLL_SECONDS, KUBERNETES_SERVICE_HOST/PORT (set by the kubelet). For each phase in
// order: a Job of that name still running with the same spec annotation is awaited; any other
// existing one (complete, failed, or of another spec) is deleted (foreground, waiting until it is
// gone) and created again, because the config or inputs may have changed since and the sweeplab
// commands skip whatever is already done (re-applying resumes); then the controller polls until the
// Job is Complete, or exits with EXIT_PHASE_FAILED when it is Failed.
import { readFileSync, realpathSync } from "node:fs";
import { request } from "node:https";
import { fileURLToPath } from "node:url";

/** The annotation holding the SHA-256 of a phase Job as emitted; a Job whose value differs is replaced. */
export const SPEC_ANNOTATION = "sweeplab/spec-sha256";

/**
 * Exit code of the controller when a phase Job failed (or vanished): the controller Job's
 * podFailurePolicy turns it into `FailJob`, so no later phase is created and nothing retries.
 */
export const EXIT_PHASE_FAILED = 1;

/** Exit code of the controller when it is misconfigured or denied by the API (no retry helps). */
export const EXIT_SETUP = 2;

/** Exit code when the API kept failing (network, 429, 5xx): not final, the Job starts the pod again. */
export const EXIT_GAVE_UP = 3;

/** API calls that failed transiently before the controller gives up ({@link EXIT_GAVE_UP}). */
const TRIES = 30;

/**
 * @typedef {{ type?: string, status?: string, reason?: string, message?: string }} Condition
 * A condition of a Job's status (`Complete`, `Failed`, …).
 */
/**
 * @typedef {{
 *   message?: string,
 *   metadata?: { name?: string, annotations?: Record<string, string> },
 *   status?: { conditions?: Condition[] },
 * }} ApiBody
 * What the controller reads of an API answer: a Job, or a Status with its message.
 */
/** @typedef {{ status: number, body: ApiBody | undefined }} Reply An API answer (status 0: no answer). */
/** @typedef {{ metadata: { name: string, annotations: Record<string, string> } }} PhaseJob A phase Job as emitted. */
/**
 * @typedef {{ kind: "absent" } | { kind: "complete" | "failed" | "running", hash: string | undefined, conditions: Condition[] }} JobState
 * A phase Job as the API shows it.
 */

/** @param {string} text */
const log = (text) => console.log(`${new Date().toISOString()} sweeplab plan: ${text}`);

/**
 * Ends the controller with exit `code` after printing `text`.
 * @param {number} code
 * @param {string} text
 * @returns {never}
 */
function fail(code, text) {
  console.error(`sweeplab plan: ${text}`);
  process.exit(code);
}

/**
 * The value of environment variable `name`; a setup error when it is unset or empty.
 * @param {string} name
 * @returns {string}
 */
function env(name) {
  const v = process.env[name];
  if (v === undefined || v === "")
    fail(EXIT_SETUP, `${name} is not set: run this controller from the emitted manifest`);
  return v;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs every phase of $PLAN_FILE in order (see the head of this file). */
export async function runController() {
  const sa = env("SERVICEACCOUNT_DIR");
  const phases = /** @type {PhaseJob[]} */ (JSON.parse(readFileSync(env("PLAN_FILE"), "utf8")));
  const pollMs = Math.max(1, Number(env("POLL_SECONDS")) * 1000);
  const host = env("KUBERNETES_SERVICE_HOST");
  const port = env("KUBERNETES_SERVICE_PORT");
  const ns = readFileSync(`${sa}/namespace`, "utf8").trim();
  const ca = readFileSync(`${sa}/ca.crt`);
  const jobs = `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs`;

  /**
   * One API call.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<Reply>}
   */
  function once(method, path, body) {
    const token = readFileSync(`${sa}/token`, "utf8").trim(); // read each time: projected tokens rotate
    const data = body === undefined ? undefined : JSON.stringify(body);
    /** @type {Record<string, string | number>} */
    const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (data !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(data);
    }
    return new Promise((resolve, reject) => {
      const req = request({ host, port, method, path, ca, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (/** @type {string} */ c) => (text += c));
        res.on("end", () => {
          /** @type {ApiBody | undefined} */
          let json;
          try {
            json = text === "" ? undefined : /** @type {ApiBody} */ (JSON.parse(text));
          } catch {
            json = { message: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, body: json });
        });
      });
      req.on("error", reject);
      req.end(data);
    });
  }

  /**
   * An API call; transient trouble (network, 429, 5xx) is retried for about {@link TRIES} polls,
   * 401/403 are a setup error.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<Reply>}
   */
  async function api(method, path, body) {
    for (let attempt = 1; ; attempt++) {
      /** @type {Reply} */
      let r;
      try {
        r = await once(method, path, body);
      } catch (e) {
        r = { status: 0, body: { message: e instanceof Error ? e.message : String(e) } };
      }
      if (r.status === 401 || r.status === 403)
        fail(
          EXIT_SETUP,
          `${method} ${path}: HTTP ${r.status} (${r.body?.message}); check the Role and RoleBinding of the plan`,
        );
      if (r.status !== 0 && r.status !== 429 && r.status < 500) return r;
      if (attempt >= TRIES) fail(EXIT_GAVE_UP, `${method} ${path}: gave up after ${attempt} tries: ${r.body?.message}`);
      log(`${method} ${path}: ${r.status || "no answer"}, trying again`);
      await sleep(pollMs);
    }
  }

  /**
   * The phase Job `name` as the API shows it.
   * @param {string} name
   * @returns {Promise<JobState>}
   */
  async function state(name) {
    const r = await api("GET", `${jobs}/${name}`);
    if (r.status === 404) return { kind: "absent" };
    if (r.status !== 200) fail(EXIT_SETUP, `GET job ${name}: HTTP ${r.status}`);
    const conditions = r.body?.status?.conditions ?? [];
    const on = (/** @type {string} */ type) => conditions.some((c) => c.type === type && c.status === "True");
    const kind = on("Complete") ? "complete" : on("Failed") ? "failed" : "running";
    const hash = r.body?.metadata?.annotations?.[SPEC_ANNOTATION];
    return { kind, hash, conditions };
  }

  for (const job of phases) {
    const name = job.metadata.name;
    const want = job.metadata.annotations[SPEC_ANNOTATION];
    let s = await state(name);
    // Only a Job running from this very spec is awaited as it is; any other is run again, since the
    // config or the inputs on the volume may have changed since, and each command skips what is done.
    if (s.kind !== "absent" && !(s.kind === "running" && s.hash === want)) {
      const why =
        s.hash !== want
          ? "its spec changed"
          : s.kind === "failed"
            ? "it failed before"
            : "complete from an earlier start";
      log(`${name}: ${why}; deleting it to run it again`);
      await api("DELETE", `${jobs}/${name}?propagationPolicy=Foreground`);
      while ((s = await state(name)).kind !== "absent") await sleep(pollMs);
    }
    if (s.kind === "absent") {
      const r = await api("POST", jobs, job);
      if (r.status !== 201 && r.status !== 409)
        fail(EXIT_SETUP, `create job ${name}: HTTP ${r.status} (${r.body?.message})`);
      log(`${name}: created`);
    } else log(`${name}: already running, waiting for it`);
    for (;;) {
      s = await state(name);
      if (s.kind === "complete") break;
      if (s.kind === "absent")
        fail(EXIT_PHASE_FAILED, `${name}: the job was deleted while it ran; later phases not started`);
      if (s.kind === "failed") {
        const why = s.conditions.find((c) => c.type === "Failed");
        fail(
          EXIT_PHASE_FAILED,
          `${name} failed (${why?.reason || why?.message || "no reason given"}); later phases not started. See: kubectl logs job/${name}`,
        );
      }
      await sleep(pollMs);
    }
    log(`${name}: complete`);
  }
  log("every phase complete");
}

/** Whether this file is the program node was started with (`node controller.mjs`), not an import. */
function isMain() {
  const main = process.argv[1];
  if (main === undefined) return false;
  try {
    // The ConfigMap's files are links (..data/controller.mjs): compare real paths.
    return realpathSync(main) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// No top-level await: plan-k8s.ts imports this module for its constants, and a top-level await
// anywhere in sweeplab's module graph stops `require("sweeplab")` (tslab's notebooks load it so).
if (isMain())
  runController().catch((/** @type {unknown} */ e) => {
    console.error(e);
    process.exit(EXIT_PHASE_FAILED);
  });
