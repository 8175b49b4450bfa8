// The gzip and WebAssembly-lane cases of bench/codecs.mjs. Run as a worker thread, this file is
// a lane worker instead: the scan of `workerData.files` twice, posting the best time (the thread
// chose the lane once, at load, from its SWEEPLAB_NO_WASM).
import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { createGunzip, gzipSync } from "node:zlib";
import { fmt } from "./lib.mjs";
import { gzipChunks } from "../dist/io/csv/gzip.js";
import { scan } from "../dist/io/scan/scan.js";

if (!isMainThread) {
  const ms = [];
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const r = await scan(workerData.files);
    ms.push(performance.now() - t0);
    if (r.totals.rowsRead !== workerData.rows) throw new Error(`lane worker: ${r.totals.rowsRead} rows`);
  }
  parentPort.postMessage(Math.min(...ms));
  process.exit(0);
}

/** Decompressed bytes of a gzip file read by gzipChunks (to its end or its damage). */
const readOurs = async (gz) => {
  let got = 0;
  try {
    for await (const chunk of gzipChunks(gz, 8 << 20)) got += chunk.length;
  } catch (e) {
    if (e.code !== "truncated_gzip") throw e;
  }
  return got;
};

/** Decompressed bytes of a gzip file read by createGunzip over a file stream (to its end or its error). */
const readLib = async (gz) => {
  let got = 0;
  try {
    for await (const chunk of createReadStream(gz, { highWaterMark: 1 << 20 }).pipe(
      createGunzip({ chunkSize: 1 << 20 }),
    ))
      got += chunk.length;
  } catch (e) {
    if (!String(e.code).startsWith("Z_")) throw e;
  }
  return got;
};

/**
 * gzipChunks vs createGunzip on the orders CSV gzipped as one member, intact and damaged at 90 %.
 * `time` and `add` are codecs.mjs's; `dir` receives the two files.
 */
export async function gzipCases({ csv, orders }, { time, add, dir }) {
  const z = gzipSync(csv, { level: 6 });
  const gz = join(dir, `codecs-${orders}.csv.gz`);
  writeFileSync(gz, z);
  if ((await readOurs(gz)) !== csv.length || (await readLib(gz)) !== csv.length) throw new Error("gzip: lengths");
  const [go, gl] = await time([() => readOurs(gz), () => readLib(gz)]);
  add("gzip reader", `${fmt(csv.length / 1e6, 1)} MB CSV`, go, gl, "the library + recovery vs createGunzip stream");
  // Damage at 90 %: ours yields every byte before it (library pass, then the member reader from
  // the start to the damage); createGunzip stops at its error. The cost of recovery, not a rule.
  const bad = join(dir, `codecs-${orders}-damaged.csv.gz`);
  const d = Buffer.from(z);
  d[Math.floor(d.length * 0.9)] ^= 0x55;
  writeFileSync(bad, d);
  const [bo, bl] = await time([() => readOurs(bad), () => readLib(bad)]);
  const [oursGot, libGot] = [await readOurs(bad), await readLib(bad)];
  add(
    "gzip reader",
    `${fmt(csv.length / 1e6, 1)} MB CSV, damaged at 90 %`,
    bo,
    bl,
    `ours yields ${fmt(oursGot / 1e6, 2)} MB, createGunzip ${fmt(libGot / 1e6, 2)} MB`,
  );
}

/**
 * Best scan time of `files` (`rows` rows) with the lane and without it (SWEEPLAB_NO_WASM=1), over
 * `reps` fresh worker threads of each, alternating: [lane ms, no-lane ms].
 */
export async function laneTimes(files, rows, reps) {
  const worker = (off) =>
    new Promise((resolve, reject) => {
      const env = { ...process.env };
      if (off) env.SWEEPLAB_NO_WASM = "1";
      else delete env.SWEEPLAB_NO_WASM;
      const w = new Worker(new URL(import.meta.url), { env, workerData: { files, rows } });
      w.once("message", resolve);
      w.once("error", reject);
    });
  const ms = [[], []];
  for (let r = 0; r < reps; r++) for (const off of [false, true]) ms[off ? 1 : 0].push(await worker(off));
  return [Math.min(...ms[0]), Math.min(...ms[1])];
}
