// The gzip cases of bench/codecs.mjs.
import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGunzip, gzipSync } from "node:zlib";
import { fmt } from "./lib.mjs";
import { gzipChunks } from "../dist/io/csv/gzip.js";

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
