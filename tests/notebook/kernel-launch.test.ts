import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { node, ROOT } from "./tools.js";

// How the kernel launcher (scripts/kernel-launch.mjs) lets tslab's TypeScript resolve packages from
// a notebook in any folder, checked with tslab's own TypeScript and no kernel: through the virtual
// /node_modules, `sweeplab` resolves from a folder outside the checkout, and danfojs-node, imported
// by sweeplab's declarations, at the virtual root (named `danfojs-node` in tslab's declarations),
// not inside sweeplab's node_modules (a non-portable name: "the inferred type … cannot be named").
const PROBE = `
import { createRequire } from "node:module";
import { moduleFolders, virtualNodeModules } from ${JSON.stringify(join(ROOT, "scripts", "kernel-launch.mjs"))};
const require = createRequire(${JSON.stringify(join(ROOT, "node_modules", "tslab", "package.json"))});
const ts = require("@tslab/typescript-for-tslab");
const { linkPackage } = await import(${JSON.stringify(join(ROOT, "scripts", "notebook-env.mjs"))});
linkPackage();
const folders = moduleFolders();
const before = ts.resolveModuleName("sweeplab", "/tmp/anywhere/__tslab__.ts", { moduleResolution: 2 }, ts.sys).resolvedModule;
const forward = virtualNodeModules(ts.sys, folders);
const from = (name, file) => ts.resolveModuleName(name, file, { moduleResolution: 2 }, ts.sys).resolvedModule?.resolvedFileName;
console.log(JSON.stringify({
  folders,
  before: before?.resolvedFileName ?? null,
  sweeplab: from("sweeplab", "/tmp/anywhere/__tslab__.ts"),
  danfo: from("danfojs-node", "/node_modules/sweeplab/dist/frames/index.d.ts"),
  read: ts.sys.readFile("/node_modules/sweeplab/package.json")?.includes('"name": "sweeplab"'),
  realpath: ts.sys.realpath("/node_modules/sweeplab/dist/index.d.ts"),
  hidden: forward("/node_modules/sweeplab/node_modules/danfojs-node/package.json"),
  elsewhere: forward("/tmp/anywhere/node_modules/sweeplab") ?? "not ours",
}));
`;

describe("the kernel launcher", () => {
  it("resolves sweeplab from any folder and danfojs-node at the virtual root, for tslab's TypeScript", async () => {
    const r = await node(["--input-type=module", "-e", PROBE], { NODE_PATH: "" });
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.output)).toEqual({
      folders: [join(ROOT, "notebooks", "node_modules"), join(ROOT, "node_modules")],
      before: null,
      sweeplab: "/node_modules/sweeplab/dist/index.d.ts",
      danfo: "/node_modules/danfojs-node/dist/danfojs-node/src/index.d.ts",
      read: true,
      realpath: "/node_modules/sweeplab/dist/index.d.ts",
      hidden: null,
      elsewhere: "not ours",
    });
  });
});
