// The project's Jupyter kernel: tslab, started so that a notebook in ANY folder imports `sweeplab`,
// `danfojs-node` and the other packages of this checkout, at run time and in tslab's TypeScript
// compile, the way a notebook inside notebooks/ does.
//
// - Run time: the folders of NODE_PATH (the kernel spec's `env`), then this checkout's
//   notebooks/node_modules (where `sweeplab` is linked) and node_modules/, are node's global module
//   folders, searched after the notebook folder's own node_modules.
// - Compile: tslab compiles each cell with fixed options (no tsconfig is read) and resolves imports
//   from the kernel's working folder, the notebook's, up to the file system root. This launcher
//   gives tslab's TypeScript a virtual `/node_modules` whose entries are those of the same folders
//   (a real `/node_modules` entry wins). A package seen there keeps its virtual path, so a type of
//   danfojs-node reached through sweeplab is named `danfojs-node` in tslab's declarations (not a
//   non-portable `…/sweeplab/node_modules/danfojs-node`): a linked package's own node_modules that
//   is one of these folders is hidden, and its imports resolve at the virtual root.
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { linkPackage } from "./notebook-env.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const VIRTUAL = "/node_modules";

/** The module folders: NODE_PATH's, then this checkout's, each once, those that exist. */
export function moduleFolders() {
  const listed = (process.env.NODE_PATH ?? "").split(path.delimiter).filter((p) => p !== "");
  const all = [...listed, path.join(ROOT, "notebooks", "node_modules"), path.join(ROOT, "node_modules")];
  const seen = new Set();
  const folders = [];
  for (const folder of all.map((p) => path.resolve(p))) {
    if (seen.has(folder) || !fs.existsSync(folder)) continue;
    seen.add(folder);
    folders.push(folder);
  }
  return folders;
}

/** The real folder of `p`, or `p` when it does not exist. */
function real(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Patches TypeScript's `sys` so that `/node_modules/<entry>/…` reads `<folder>/<entry>/…` for the
 * first module folder holding `<entry>`; returns the mapping (virtual path → real path, null
 * for hidden, undefined for a path not under the virtual folder).
 */
export function virtualNodeModules(sys, folders) {
  const realFolders = new Set(folders.map(real));
  const rootExists = fs.existsSync(VIRTUAL);
  const isVirtual = (p) => p === VIRTUAL || p.startsWith(`${VIRTUAL}/`);
  /** The real path for a virtual one: a string, null (hidden: does not exist), undefined (not ours). */
  function forward(p) {
    if (typeof p !== "string" || !isVirtual(p)) return undefined;
    if (rootExists && fs.existsSync(p)) return undefined;
    const [entry, ...rest] = p.slice(VIRTUAL.length + 1).split("/");
    if (entry === undefined || entry === "") return undefined;
    for (const folder of folders) {
      const target = path.join(folder, entry);
      if (!fs.existsSync(target)) continue;
      if (entry.startsWith("@") && rest.length > 0 && !fs.existsSync(path.join(target, rest[0]))) continue;
      const inner = entry.startsWith("@") ? 1 : 0;
      if (
        rest[inner] === "node_modules" &&
        realFolders.has(path.join(real(target), ...rest.slice(0, inner), "node_modules"))
      ) {
        return null;
      }
      return path.join(target, ...rest);
    }
    return null;
  }
  const original = { ...sys };
  const through = (name, missing) =>
    function (p, ...args) {
      const to = forward(p);
      if (to === undefined) return original[name].call(sys, p, ...args);
      if (to === null) return missing(p);
      return original[name].call(sys, to, ...args);
    };
  sys.fileExists = through("fileExists", () => false);
  sys.directoryExists = function (p) {
    if (p === VIRTUAL || p === `${VIRTUAL}/`) return true;
    return through("directoryExists", () => false)(p);
  };
  sys.readFile = through("readFile", () => undefined);
  sys.getDirectories = function (p) {
    if (p === VIRTUAL || p === `${VIRTUAL}/`) {
      const names = new Set(folders.flatMap((f) => fs.readdirSync(f).filter((n) => !n.startsWith("."))));
      return [...names].sort();
    }
    return through("getDirectories", () => [])(p);
  };
  sys.readDirectory = function (p, ...args) {
    const to = forward(p);
    if (to === undefined) return original.readDirectory.call(sys, p, ...args);
    if (to === null) return [];
    const found = original.readDirectory.call(sys, to, ...args);
    return found.map((f) => (f.startsWith(to) ? p + f.slice(to.length) : f));
  };
  if (original.getModifiedTime) sys.getModifiedTime = through("getModifiedTime", () => undefined);
  if (original.getFileSize) sys.getFileSize = through("getFileSize", () => 0);
  // A file seen through the virtual folder keeps its virtual path (see the note at the top).
  if (original.realpath) sys.realpath = (p) => (isVirtual(p) ? p : original.realpath.call(sys, p));
  const quiet = { close() {} };
  if (original.watchFile) sys.watchFile = (p, ...a) => (isVirtual(p) ? quiet : original.watchFile.call(sys, p, ...a));
  if (original.watchDirectory) {
    sys.watchDirectory = (p, ...a) => (isVirtual(p) ? quiet : original.watchDirectory.call(sys, p, ...a));
  }
  return forward;
}

if (process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    linkPackage(); // notebooks/node_modules/sweeplab, whether or not kernel:install ran
  } catch (e) {
    // Another kernel starting at the same moment may have made it; if not, imports say so.
    process.stderr.write(`sweeplab kernel: could not link notebooks/node_modules/sweeplab: ${String(e)}\n`);
  }
  const folders = moduleFolders();
  process.env.NODE_PATH = folders.join(path.delimiter);
  Module._initPaths();
  // tslab is CommonJS: its TypeScript is patched in the require cache before tslab loads it.
  const require = createRequire(import.meta.url);
  const tslab = path.dirname(require.resolve("tslab/package.json", { paths: [ROOT] }));
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslab] }));
  virtualNodeModules(ts.sys, folders);
  require(path.join(tslab, "dist", "main.js")).main();
}
