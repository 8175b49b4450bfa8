// npm run repl — a Node REPL with the built toolkit (dist/) preloaded, top-level await, and a
// `.sweeplab` command listing its functions.
import { requireBuild } from "./notebook-env.mjs";

requireBuild();
const { startRepl } = await import("../dist/repl/index.js");
startRepl();
